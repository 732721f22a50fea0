/**
 * FHIR Observation with SampledData → EcgRecording.
 *
 * Accepted shapes (../shared/reference/fhir-facts.md §1):
 * - one lead in `Observation.valueSampledData`, named by `Observation.code`;
 * - one component per lead (`component[].code` names the lead, `component[].valueSampledData` holds it), as in the
 *   HL7 "ekg" example; several components for the same lead are chunks, concatenated in component order;
 * - a SampledData with `dimensions = N > 1` holds N interleaved leads; its code must then name N distinct leads,
 *   one coding per lead in channel order (there is no standard for this, and guessing would mislabel leads).
 * Interval components (LOINC PR, QRS, QT, QTc, HR) become `measurements`.
 *
 * Samples are converted to mV from the unit of `origin` (uV, mV or V). Leads come back in MODEL_LEAD_ORDER;
 * missing III/aVR/aVL/aVF are derived from I and II, and a statement in `measurements.statements` says which.
 */
import type { CodeableConcept, Observation, ObservationComponent } from '@medplum/fhirtypes';
import {
  FhirMappingError,
  LOINC_SYSTEM,
  type EcgLead,
  type EcgLeadName,
  type EcgMeasurements,
  type EcgRecording,
} from '../../shared/index';
import { completeLeads } from './ecg-derived-leads';
import { describeConcept, leadsFromConcept, MDC_GENERIC_ECG_CODES } from './ecg-lead-code';
import { collectMeasurements } from './ecg-measurements';
import type { DecodedContentCache, SampledEcgContent } from './decoded-content-cache';
import { decodeSampledData, type DecodedSampledData } from './sampled-data';
import { sampledDataContentKey } from './sampled-data-content-key';

/** LOINC codes of a 12-lead ECG Observation: "12 lead EKG panel" and "EKG study". */
export const ECG_LOINC_CODES: readonly string[] = ['34534-8', '11524-6'];

export interface EcgObservationOptions {
  /** FHIR base URL the Observation was read from, for provenance. */
  server?: string;
  /**
   * Unit to assume when `origin` has no unit (the HL7 "ekg" example has none). Without it such data is refused:
   * guessing between uV and mV is a 1000-fold error.
   */
  assumeUnit?: 'uV' | 'mV';
  /**
   * Decoded leads by content: the same SampledData text (the next call's prefetch, another Observation with the
   * same waveform) is decoded once. Ids, times and device measurements are still read from each Observation.
   */
  cache?: DecodedContentCache;
}

/** A mapped recording with the components that were skipped (a lead code we cannot name), one issue each. */
export interface EcgObservationResult {
  recording: EcgRecording;
  issues: FhirMappingError[];
}

const MV_PER_UNIT: Readonly<Record<string, number>> = {
  uV: 0.001,
  µV: 0.001,
  μV: 0.001,
  microvolt: 0.001,
  microvolts: 0.001,
  mV: 1,
  millivolt: 1,
  millivolts: 1,
  V: 1000,
  volt: 1000,
  volts: 1000,
};

/** True when the Observation is an ECG: an ECG code (LOINC or MDC) or any SampledData component. */
export function isEcgObservation(observation: Observation): boolean {
  const codes = observation.code?.coding ?? [];
  const ecgCode = codes.some(
    (c) =>
      ((c.system === LOINC_SYSTEM || c.system === undefined) && ECG_LOINC_CODES.includes(c.code ?? '')) ||
      (c.code !== undefined && MDC_GENERIC_ECG_CODES.includes(c.code)),
  );
  return ecgCode || hasEcgWaveform(observation);
}

/** True when the Observation carries waveform samples (top-level or component SampledData). */
export function hasEcgWaveform(observation: Observation): boolean {
  return observation.valueSampledData !== undefined || (observation.component ?? []).some((c) => c.valueSampledData);
}

/**
 * Maps an ECG Observation, failing on anything it cannot read, including a SampledData whose lead it cannot name.
 *
 * @param observation - the Observation as received
 * @param options - provenance server, unit to assume for unit-less data
 * @throws FhirMappingError naming `Observation/<id>` and the element, e.g. `component[3].valueSampledData.data`
 */
export function mapEcgObservation(observation: Observation, options: EcgObservationOptions = {}): EcgRecording {
  const { recording, issues } = mapEcgObservationWithIssues(observation, options);
  if (issues[0]) throw issues[0];
  return recording;
}

/**
 * Maps an ECG Observation, skipping (and reporting) SampledData components whose code names no standard lead, such
 * as the extra leads of a 15-lead recording. Everything else that is wrong fails the mapping.
 *
 * @throws FhirMappingError when no lead can be read, or any named lead is malformed
 */
export function mapEcgObservationWithIssues(
  observation: Observation,
  options: EcgObservationOptions = {},
): EcgObservationResult {
  const ref = `Observation/${observation.id ?? '(no id)'}`;
  const issues: FhirMappingError[] = [];
  const named: NamedEntry[] = [];
  for (const entry of sampledEntries(observation)) {
    const names = leadsFromConcept(entry.code);
    if (names.length > 0) {
      named.push({ ...entry, names });
      continue;
    }
    issues.push(
      new FhirMappingError(
        ref,
        entry.codeField,
        `names no standard ECG lead (${describeConcept(entry.code)}); its samples were not used`,
        'ecg',
      ),
    );
  }

  const decode = () => decodeLeads(named, ref, options.assumeUnit, issues.length);
  const cache = options.cache;
  // The key is hashed only where it can be used: on a miss it costs ~0.3 ms of a 12-lead ECG's text.
  const content = cache?.enabled
    ? cache.sampledEcg(sampledDataContentKey(named, options.assumeUnit), decode)
    : decode();

  const measurements = ecgMeasurements(observation.component ?? [], content.derivedStatement);
  const recording: EcgRecording = {
    samplingRateHz: content.samplingRateHz,
    // Cached leads are frozen and shared; the domain type is mutable only because other sources build theirs.
    leads: content.leads as EcgLead[],
    provenance: {
      source: 'fhir',
      ...(options.server ? { server: options.server } : {}),
      references: [ref],
      retrievedAt: new Date().toISOString(),
    },
  };
  const recordedAt = effectiveTime(observation);
  if (recordedAt) recording.recordedAt = recordedAt;
  if (measurements) recording.measurements = measurements;
  return { recording, issues };
}

/**
 * Decodes, checks and completes the leads of the SampledData elements that name a lead: everything of the mapping
 * that depends on the samples alone (and so can be cached by their content key).
 *
 * @param skipped - how many SampledData elements named no lead, for the message when none did
 */
function decodeLeads(
  named: readonly NamedEntry[],
  ref: string,
  assumeUnit: 'uV' | 'mV' | undefined,
  skipped: number,
): SampledEcgContent {
  const chunks = new Map<EcgLeadName, LeadChunk[]>();
  let period: { ms: number; field: string } | undefined;
  for (const entry of named) {
    const names = entry.names;
    const decoded = decodeSampledData(entry.value, { resource: ref, field: entry.field, modality: 'ecg' });
    if (names.length !== decoded.channels.length) {
      throw new FhirMappingError(
        ref,
        entry.codeField,
        `names ${names.length} lead(s) (${names.join(', ')}) but the SampledData has ${decoded.channels.length} dimension(s)`,
        'ecg',
      );
    }
    const periodField = `${entry.field}.${decoded.periodField}`;
    if (period === undefined) period = { ms: decoded.periodMs, field: periodField };
    else if (Math.abs(decoded.periodMs - period.ms) > 1e-9 * period.ms) {
      throw new FhirMappingError(
        ref,
        periodField,
        `sampling period ${decoded.periodMs} ms differs from ${period.ms} ms of ${period.field}`,
        'ecg',
      );
    }
    const scale = millivoltsPerUnit(decoded, ref, entry.field, assumeUnit);
    names.forEach((name, d) => {
      const channel = decoded.channels[d] as Float64Array;
      // A plain loop: Float32Array.from with a map function goes through the iterator protocol and a call per
      // sample, which made this line a few ms of every 12-lead ECG (12 × 5000 samples).
      const samples = new Float32Array(channel.length);
      for (let k = 0; k < channel.length; k++) samples[k] = (channel[k] as number) * scale;
      const list = chunks.get(name) ?? [];
      list.push({ samples, dataField: `${entry.field}.data` });
      chunks.set(name, list);
    });
  }

  if (chunks.size === 0 || period === undefined) {
    throw new FhirMappingError(
      ref,
      'component',
      skipped > 0
        ? `none of the ${skipped} SampledData element(s) names a standard ECG lead`
        : 'has no SampledData (no waveform in this Observation)',
      'ecg',
    );
  }
  const leads = concatenateChunks(chunks);
  checkEqualLengths(leads, chunks, ref);
  const { leads: completed, statement } = completeLeads(leads);
  return { samplingRateHz: 1000 / period.ms, leads: completed, ...(statement ? { derivedStatement: statement } : {}) };
}

interface SampledEntry {
  code: CodeableConcept | undefined;
  codeField: string;
  field: string;
  value: unknown;
}

interface NamedEntry extends SampledEntry {
  /** The leads the entry's code names, in channel order. */
  names: EcgLeadName[];
}

interface LeadChunk {
  samples: Float32Array;
  dataField: string;
}

function sampledEntries(observation: Observation): SampledEntry[] {
  const entries: SampledEntry[] = [];
  if (observation.valueSampledData !== undefined) {
    entries.push({
      code: observation.code,
      codeField: 'code',
      field: 'valueSampledData',
      value: observation.valueSampledData,
    });
  }
  (observation.component ?? []).forEach((component: ObservationComponent, i) => {
    if (component.valueSampledData === undefined) return;
    entries.push({
      code: component.code,
      codeField: `component[${i}].code`,
      field: `component[${i}].valueSampledData`,
      value: component.valueSampledData,
    });
  });
  return entries;
}

function millivoltsPerUnit(
  decoded: DecodedSampledData,
  ref: string,
  field: string,
  assumeUnit: 'uV' | 'mV' | undefined,
): number {
  const unit = decoded.unit ?? assumeUnit;
  if (unit === undefined) {
    throw new FhirMappingError(
      ref,
      `${field}.origin.unit`,
      'is missing, so uV cannot be told from mV (expected UCUM uV or mV)',
      'ecg',
    );
  }
  const scale = MV_PER_UNIT[unit] ?? MV_PER_UNIT[unit.toLowerCase()];
  if (scale === undefined) {
    throw new FhirMappingError(ref, `${field}.origin.unit`, `'${unit}' is not a voltage unit (uV, mV or V)`, 'ecg');
  }
  return scale;
}

function concatenateChunks(chunks: Map<EcgLeadName, LeadChunk[]>): EcgLead[] {
  return [...chunks.entries()].map(([name, list]) => {
    if (list.length === 1) return { name, samples: (list[0] as LeadChunk).samples };
    const total = list.reduce((n, chunk) => n + chunk.samples.length, 0);
    const samples = new Float32Array(total);
    let offset = 0;
    for (const chunk of list) {
      samples.set(chunk.samples, offset);
      offset += chunk.samples.length;
    }
    return { name, samples };
  });
}

/** All leads must cover the same time span; the most common length is taken as the expected one. */
function checkEqualLengths(leads: readonly EcgLead[], chunks: Map<EcgLeadName, LeadChunk[]>, ref: string): void {
  const counts = new Map<number, number>();
  for (const lead of leads) counts.set(lead.samples.length, (counts.get(lead.samples.length) ?? 0) + 1);
  let expected = (leads[0] as EcgLead).samples.length;
  for (const [length, count] of counts) if (count > (counts.get(expected) ?? 0)) expected = length;
  const odd = leads.find((lead) => lead.samples.length !== expected);
  if (!odd) return;
  const list = chunks.get(odd.name) ?? [];
  const field = list[list.length - 1]?.dataField ?? 'component';
  throw new FhirMappingError(
    ref,
    field,
    `expected ${expected} samples like the other leads, found ${odd.samples.length} (lead ${odd.name})`,
    'ecg',
  );
}

function ecgMeasurements(
  components: readonly ObservationComponent[],
  derivedStatement: string | undefined,
): EcgMeasurements | undefined {
  const measurements = collectMeasurements(components.filter((c) => c.valueSampledData === undefined));
  if (derivedStatement) measurements.statements = [derivedStatement];
  return Object.keys(measurements).length > 0 ? measurements : undefined;
}

/** ISO 8601 effective time of an Observation: dateTime, instant or the start of the period. */
export function effectiveTime(observation: Observation): string | undefined {
  return observation.effectiveDateTime ?? observation.effectiveInstant ?? observation.effectivePeriod?.start;
}

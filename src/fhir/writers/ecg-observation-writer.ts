/**
 * EcgRecording → FHIR R4 Observation with one SampledData component per lead, after the HL7 "ekg" example
 * (https://hl7.org/fhir/R4/observation-example-sample-data.json.html; ../shared/reference/fhir-facts.md §1).
 *
 * Encoding, per lead: `origin` 0 uV (UCUM), `factor` = the quantum in µV, `data` = integers, so that
 * physical µV = 0 + factor × data. The quantum is the coarsest of 1, 0.5, 0.25, 0.2 or 0.1 µV on whose grid every
 * sample lies (a recording digitised at 1000 or 200 ADC units per mV comes out in whole µV, exactly); samples on no
 * such grid (resampled or filtered data) are rounded to 0.1 µV, an error ≤ 0.05 µV, far below ECG noise. NaN samples
 * are written as `E`. `lowerLimit`/`upperLimit` hold the range the written series spans, in µV: the writer knows no
 * device detection limits, and no sample is ever written as `L` or `U`.
 */
import type { CodeableConcept, Coding, Observation, ObservationComponent, SampledData } from '@medplum/fhirtypes';
import {
  LOINC_SYSTEM,
  MDC_LEAD_CODES,
  MDC_SYSTEM,
  UCUM_SYSTEM,
  type EcgLead,
  type EcgMeasurements,
  type EcgRecording,
} from '../../shared/index';

export interface EcgObservationWriterOptions {
  /** FHIR logical id of the Patient (subject). */
  patientId: string;
  /** Logical id of the Observation, when the caller assigns one. */
  id?: string;
  /** ISO 8601 effective time; defaults to the recording's `recordedAt`. */
  effective?: string;
}

/** Candidate quanta in µV, coarsest first; the last is used when the samples lie on none of the grids. */
const QUANTA_UV: readonly number[] = [1, 0.5, 0.25, 0.2, 0.1];
/** A sample is on a grid when it is within 1 % of a quantum of a grid point (float32 mV keeps ~7 digits). */
const GRID_TOLERANCE = 0.01;

const PANEL_CODE: CodeableConcept = {
  coding: [
    { system: LOINC_SYSTEM, code: '34534-8', display: '12 lead EKG panel' },
    { system: MDC_SYSTEM, code: '131328', display: 'MDC_ECG_ELEC_POTL' },
  ],
  text: '12-lead ECG',
};

const PROCEDURE_CATEGORY: CodeableConcept = {
  coding: [
    { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'procedure', display: 'Procedure' },
  ],
};

/** Interval measurements → LOINC (US Core clinical test codes) and UCUM unit. */
const MEASUREMENTS: readonly {
  key: Exclude<keyof EcgMeasurements, 'statements'>;
  code: string;
  display: string;
  unit: string;
  ucum: string;
}[] = [
  { key: 'heartRateBpm', code: '8867-4', display: 'Heart rate', unit: 'beats/minute', ucum: '/min' },
  { key: 'prMs', code: '8625-6', display: 'P-R Interval', unit: 'ms', ucum: 'ms' },
  { key: 'qrsMs', code: '8633-0', display: 'QRS duration', unit: 'ms', ucum: 'ms' },
  { key: 'qtMs', code: '8634-8', display: 'Q-T interval', unit: 'ms', ucum: 'ms' },
  { key: 'qtcMs', code: '8636-3', display: 'Q-T interval corrected', unit: 'ms', ucum: 'ms' },
];

/**
 * Writes an ECG as an R4 Observation: LOINC 34534-8 + MDC 131328, category procedure, one component per lead
 * (MDC ELEC_POTL code first, the LEAD family's code second), then one component per interval measurement.
 *
 * @param recording - the ECG, samples in mV
 * @param options - subject, optional id and effective time
 * @throws RangeError when the sampling rate is not a positive number or the recording has no lead
 */
export function ecgToObservation(recording: EcgRecording, options: EcgObservationWriterOptions): Observation {
  if (!(recording.samplingRateHz > 0) || !Number.isFinite(recording.samplingRateHz)) {
    throw new RangeError(`ecgToObservation: sampling rate must be a positive number, got ${recording.samplingRateHz}`);
  }
  if (recording.leads.length === 0) throw new RangeError('ecgToObservation: the recording has no lead');
  const periodMs = 1000 / recording.samplingRateHz;
  const observation: Observation = {
    resourceType: 'Observation',
    ...(options.id ? { id: options.id } : {}),
    status: 'final',
    category: [PROCEDURE_CATEGORY],
    code: PANEL_CODE,
    subject: { reference: `Patient/${options.patientId}` },
    component: [
      ...recording.leads.map((lead) => leadComponent(lead, periodMs)),
      ...measurementComponents(recording.measurements),
    ],
  };
  const effective = options.effective ?? recording.recordedAt;
  if (effective) observation.effectiveDateTime = effective;
  return observation;
}

function leadComponent(lead: EcgLead, periodMs: number): ObservationComponent {
  const codes = MDC_LEAD_CODES[lead.name];
  const coding: Coding[] = [
    {
      system: MDC_SYSTEM,
      code: String(codes.elecPotl),
      display: codes.refId.replace('MDC_ECG_LEAD_', 'MDC_ECG_ELEC_POTL_'),
    },
    { system: MDC_SYSTEM, code: String(codes.lead), display: codes.refId },
  ];
  return { code: { coding, text: `Lead ${lead.name}` }, valueSampledData: toSampledData(lead.samples, periodMs) };
}

/** One lead's samples (mV) as R4 SampledData in integer multiples of a µV quantum. */
export function toSampledData(samplesMv: Float32Array, periodMs: number): SampledData {
  const quantum = chooseQuantumUv(samplesMv);
  const tokens: string[] = new Array<string>(samplesMv.length);
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < samplesMv.length; i++) {
    const uv = (samplesMv[i] as number) * 1000;
    if (!Number.isFinite(uv)) {
      tokens[i] = 'E';
      continue;
    }
    const raw = Math.round(uv / quantum);
    tokens[i] = String(raw === 0 ? 0 : raw);
    low = Math.min(low, raw * quantum);
    high = Math.max(high, raw * quantum);
  }
  const data: SampledData = {
    origin: { value: 0, unit: 'uV', system: UCUM_SYSTEM, code: 'uV' },
    period: periodMs,
    factor: quantum,
    dimensions: 1,
    data: tokens.join(' '),
  };
  if (Number.isFinite(low)) {
    data.lowerLimit = roundTo(low, quantum);
    data.upperLimit = roundTo(high, quantum);
  }
  return data;
}

/** The coarsest candidate quantum (µV) on whose grid every finite sample lies; the finest candidate otherwise. */
export function chooseQuantumUv(samplesMv: Float32Array): number {
  for (const quantum of QUANTA_UV) {
    let fits = true;
    for (let i = 0; i < samplesMv.length && fits; i++) {
      const steps = ((samplesMv[i] as number) * 1000) / quantum;
      if (Number.isFinite(steps) && Math.abs(steps - Math.round(steps)) > GRID_TOLERANCE) fits = false;
    }
    if (fits) return quantum;
  }
  return QUANTA_UV[QUANTA_UV.length - 1] as number;
}

/** Rounds away binary noise from `raw × quantum` (e.g. 3 × 0.1 = 0.30000000000000004). */
function roundTo(value: number, quantum: number): number {
  const decimals = Math.max(0, Math.ceil(-Math.log10(quantum)) + 1);
  return Number(value.toFixed(decimals));
}

function measurementComponents(measurements: EcgMeasurements | undefined): ObservationComponent[] {
  if (!measurements) return [];
  const components: ObservationComponent[] = [];
  for (const m of MEASUREMENTS) {
    const value = measurements[m.key];
    if (value === undefined || !Number.isFinite(value)) continue;
    components.push({
      code: { coding: [{ system: LOINC_SYSTEM, code: m.code, display: m.display }], text: m.display },
      valueQuantity: { value, unit: m.unit, system: UCUM_SYSTEM, code: m.ucum },
    });
  }
  return components;
}

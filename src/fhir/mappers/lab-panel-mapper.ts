/**
 * Lab Observations → LabPanel, the way MedTVT-R1 builds its lab vector: per catalogue lab, the earliest value inside
 * the window (the paper: ±24 h of admission), converted to the catalogue's UCUM unit.
 *
 * Observations are matched by LOINC (primary or accepted alternate) or by MIMIC-IV itemid. Observations of tests we
 * do not model (vital signs, HbA1c, lipids) are ignored without comment. A result we do model but cannot read (no or
 * unconvertible unit, a non-numeric value, no time inside a windowed request) becomes a FhirMappingError in `issues`
 * naming `Observation/<id>` and the element; every other lab is still returned.
 */
import type { Observation, ObservationReferenceRange, Quantity } from '@medplum/fhirtypes';
import {
  FhirMappingError,
  LABS,
  type LabDefinition,
  type LabPanel,
  type LabValue,
  type ReferenceRange,
} from '../../shared/index';
import { isLabCodeMatch, matchLabCode } from './lab-code-match';
import { admissionWindow, isWithinWindow, type TimeWindow } from './lab-window';
import { isCanonicalQuantity, quantityUnit, toCanonicalQuantity } from './quantity-to-canonical';

export interface LabPanelMappingOptions {
  /** Only values whose effective time lies in this window (ends included) are used. */
  window?: TimeWindow;
  /** Admission time: when no `window` is given, the window is `admissionWindow(anchor)` (±24 h). */
  anchor?: string;
  /** FHIR base URL the Observations came from, for provenance. */
  server?: string;
}

export interface LabPanelMappingResult {
  panel: LabPanel;
  issues: FhirMappingError[];
}

/** Results that were withdrawn: never used, never reported. */
const SKIPPED_STATUSES: readonly string[] = ['entered-in-error', 'cancelled'];

interface Candidate {
  value: LabValue;
  /** Epoch ms; +Infinity when the result has no time (only possible without a window). */
  time: number;
}

/**
 * Maps lab Observations to a LabPanel: the earliest readable value per catalogue lab within the window.
 *
 * @param observations - Observations as read (any mix of labs and other tests)
 * @param options - window or admission anchor, server for provenance
 * @returns the panel and one FhirMappingError per lab result that was relevant but unreadable
 */
export function mapLabPanel(
  observations: readonly Observation[],
  options: LabPanelMappingOptions = {},
): LabPanelMappingResult {
  const window = options.window ?? (options.anchor !== undefined ? admissionWindow(options.anchor) : undefined);
  const issues: FhirMappingError[] = [];
  const best = new Map<string, Candidate>();
  for (const observation of observations) {
    const candidate = readObservation(observation, window, issues);
    if (!candidate) continue;
    const current = best.get(candidate.value.lab);
    if (!current || candidate.time < current.time) best.set(candidate.value.lab, candidate);
  }
  const panel: LabPanel = {
    values: {},
    provenance: { source: 'fhir', ...(options.server ? { server: options.server } : {}), references: [] },
  };
  if (window) panel.window = window;
  for (const lab of LABS) {
    const chosen = best.get(lab.id);
    if (!chosen) continue;
    panel.values[lab.id] = chosen.value;
    if (chosen.value.source) panel.provenance.references.push(chosen.value.source);
  }
  return { panel, issues };
}

/** One Observation as a candidate value, or undefined (not a lab we model, withdrawn, outside, or unreadable). */
function readObservation(
  observation: Observation,
  window: TimeWindow | undefined,
  issues: FhirMappingError[],
): Candidate | undefined {
  const ref = `Observation/${observation.id ?? '(no id)'}`;
  const fail = (field: string, reason: string): undefined => {
    issues.push(new FhirMappingError(ref, field, reason, 'labs'));
    return undefined;
  };
  if (observation.status && SKIPPED_STATUSES.includes(observation.status)) return undefined;
  const match = matchLabCode(observation.code);
  if (!isLabCodeMatch(match)) return match ? fail(match.field, match.reason) : undefined;
  const { lab } = match;

  const effective = effectiveOf(observation);
  const time = effective ? Date.parse(effective.value) : Number.POSITIVE_INFINITY;
  if (effective && Number.isNaN(time)) return fail(effective.field, `'${effective.value}' is not a date-time`);
  if (window) {
    if (!effective) return fail('effective[x]', 'is missing, so the result cannot be placed in the window');
    if (!isWithinWindow(time, window)) return undefined;
  }

  const raw = rawValue(observation);
  if ('reason' in raw) return raw.reason === '' ? undefined : fail(raw.field, raw.reason);
  const converted = toCanonicalQuantity(lab, raw.value, raw.unit);
  if (!isCanonicalQuantity(converted)) return fail(raw.unitField, converted.reason);

  const value: LabValue = { lab: lab.id, value: converted.value, unit: lab.unit, source: ref };
  if (match.loinc) value.loinc = match.loinc;
  if (converted.converted && converted.reportedUnit !== undefined) {
    value.reported = { value: converted.reportedValue, unit: converted.reportedUnit };
  }
  if (effective) value.effective = effective.value;
  const range = referenceRange(observation.referenceRange ?? [], lab, raw.unit, fail);
  if (range) value.referenceRange = range;
  return { value, time };
}

/** effectiveDateTime, effectiveInstant, effectivePeriod.start, then issued: the first present, with its element. */
function effectiveOf(observation: Observation): { value: string; field: string } | undefined {
  if (observation.effectiveDateTime) return { value: observation.effectiveDateTime, field: 'effectiveDateTime' };
  if (observation.effectiveInstant) return { value: observation.effectiveInstant, field: 'effectiveInstant' };
  if (observation.effectivePeriod?.start) {
    return { value: observation.effectivePeriod.start, field: 'effectivePeriod.start' };
  }
  if (observation.issued) return { value: observation.issued, field: 'issued' };
  return undefined;
}

type RawValue = { value: number; unit?: string; unitField: string } | { field: string; reason: string };

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/**
 * The numeric value and its stated unit. A missing value with a dataAbsentReason (test not resulted, specimen
 * rejected) is not an error: it comes back with an empty reason and is skipped silently.
 */
function rawValue(observation: Observation): RawValue {
  const q = observation.valueQuantity;
  if (q) {
    if (typeof q.value !== 'number' || !Number.isFinite(q.value)) {
      return { field: 'valueQuantity.value', reason: 'is missing or not a number' };
    }
    const { unit, field } = quantityUnit(q);
    return { value: q.value, ...(unit ? { unit } : {}), unitField: `valueQuantity.${field}` };
  }
  if (typeof observation.valueInteger === 'number')
    return { value: observation.valueInteger, unitField: 'valueInteger' };
  if (typeof observation.valueString === 'string') {
    return NUMERIC.test(observation.valueString)
      ? { value: Number(observation.valueString), unitField: 'valueString' }
      : { field: 'valueString', reason: 'is not a number' };
  }
  const other = Object.keys(observation).find((key) => key.startsWith('value'));
  if (other) return { field: other, reason: 'is not a numeric result (expected valueQuantity)' };
  if (observation.dataAbsentReason) return { field: 'dataAbsentReason', reason: '' };
  return { field: 'value[x]', reason: 'is missing (and no dataAbsentReason says why)' };
}

/**
 * The normal reference range in the lab's canonical unit: the range without a `type`, or typed `normal`, else the
 * first. A bound without its own unit is taken in the result's unit. An unconvertible bound is reported and the
 * range dropped; the value itself is kept.
 */
function referenceRange(
  ranges: readonly ObservationReferenceRange[],
  lab: LabDefinition,
  valueUnit: string | undefined,
  fail: (field: string, reason: string) => undefined,
): ReferenceRange | undefined {
  const index = Math.max(
    0,
    ranges.findIndex((r) => !r.type || (r.type.coding ?? []).some((c) => c.code === 'normal')),
  );
  const range = ranges[index];
  if (!range) return undefined;
  const out: ReferenceRange = { unit: lab.unit };
  for (const bound of ['low', 'high'] as const) {
    const quantity: Quantity | undefined = range[bound];
    if (quantity?.value === undefined) continue;
    const stated = quantityUnit(quantity);
    const converted = toCanonicalQuantity(lab, quantity.value, stated.unit ?? valueUnit);
    if (!isCanonicalQuantity(converted)) {
      return fail(`referenceRange[${index}].${bound}.${stated.field}`, converted.reason);
    }
    out[bound] = converted.value;
  }
  if (range.text) out.text = range.text;
  return out.low === undefined && out.high === undefined && out.text === undefined ? undefined : out;
}

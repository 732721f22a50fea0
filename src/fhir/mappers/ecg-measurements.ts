/**
 * ECG interval measurements reported as Observation components (or member Observations) with LOINC codes from the
 * US Core clinical test codes value set (../shared/reference/fhir-facts.md §1.3): PR 8625-6, QRS duration 8633-0,
 * QT 8634-8, QTc 8636-3, heart rate 8867-4.
 */
import type { CodeableConcept, Quantity } from '@medplum/fhirtypes';
import { LOINC_SYSTEM, type EcgMeasurements } from '../../shared/index';

type IntervalKey = 'prMs' | 'qrsMs' | 'qtMs' | 'qtcMs' | 'heartRateBpm';

/** LOINC code → measurement field. */
export const ECG_MEASUREMENT_LOINC: Readonly<Record<string, IntervalKey>> = {
  '8625-6': 'prMs',
  '8633-0': 'qrsMs',
  '8634-8': 'qtMs',
  '8636-3': 'qtcMs',
  '8867-4': 'heartRateBpm',
};

/** Multipliers to ms for durations, to beats/min for rates (UCUM codes and common spellings). */
const DURATION_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, sec: 1000 };
const RATE_BPM: Readonly<Record<string, number>> = { '/min': 1, '{beats}/min': 1, bpm: 1, '1/min': 1, '/s': 60 };

/** The measurement field a code names, when it is one of the LOINC interval codes. */
export function measurementKey(code: CodeableConcept | undefined): IntervalKey | undefined {
  for (const coding of code?.coding ?? []) {
    if ((coding.system === undefined || coding.system === LOINC_SYSTEM) && coding.code) {
      const key = ECG_MEASUREMENT_LOINC[coding.code];
      if (key) return key;
    }
  }
  return undefined;
}

/**
 * The value of a measurement in ms (intervals) or bpm (rate); undefined when the quantity is missing or in a unit
 * we do not know. A quantity without a unit is taken in the LOINC code's default unit (ms, /min).
 */
export function measurementValue(key: IntervalKey, quantity: Quantity | undefined): number | undefined {
  const value = quantity?.value;
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const unit = (quantity?.code ?? quantity?.unit)?.trim();
  if (unit === undefined || unit === '') return value;
  const table = key === 'heartRateBpm' ? RATE_BPM : DURATION_MS;
  const scale = table[unit] ?? table[unit.toLowerCase()];
  return scale === undefined ? undefined : value * scale;
}

/** Collects the interval measurements among `items` (components or Observations), first value per field wins. */
export function collectMeasurements(
  items: readonly { code?: CodeableConcept; valueQuantity?: Quantity }[],
): EcgMeasurements {
  const out: EcgMeasurements = {};
  for (const item of items) {
    const key = measurementKey(item.code);
    if (!key || out[key] !== undefined) continue;
    const value = measurementValue(key, item.valueQuantity);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * Decoding of FHIR SampledData (R4 and R5 forms) into physical values.
 *
 * R4 (https://hl7.org/fhir/R4/datatypes.html#SampledData): `period` is the time between samples in milliseconds.
 * R5 renamed it to `interval` with an explicit `intervalUnit` (UCUM `ms`, `s`, `us`); the current HL7 "ekg" example
 * uses the R5 form, so both are accepted (../shared/reference/fhir-facts.md §1, G5).
 *
 * Physical value = `origin.value + factor × raw`; the unit of the whole series is the unit of `origin`.
 * `dimensions > 1` means the time points are interleaved: sample k of channel d is `data[k × dimensions + d]`.
 * The special values `E` (error), `L` (below the lower limit) and `U` (above the upper limit) become NaN, since a
 * sample outside the detection range has no usable value.
 */
import { FhirMappingError, type Modality } from '../../shared/index';

/** Where a SampledData sits, for error messages: `Observation/ekg` and `component[2].valueSampledData`. */
export interface SampledDataLocation {
  resource: string;
  field: string;
  modality?: Modality;
}

/** A decoded SampledData: one array of physical values per dimension, in the series unit. */
export interface DecodedSampledData {
  /** Milliseconds between two time points. */
  periodMs: number;
  /** The element the period came from: R4 `period` or R5 `interval`. */
  periodField: 'period' | 'interval';
  /** `origin.code` (UCUM) or `origin.unit` as written; undefined when the origin carries no unit. */
  unit: string | undefined;
  /** `channels[d][k]` = physical value of dimension d at time point k; NaN for E/L/U. */
  channels: Float64Array[];
}

/** R5 `intervalUnit` codes accepted, as milliseconds per unit. */
const INTERVAL_UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  us: 0.001,
  µs: 0.001,
  μs: 0.001,
};

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Decodes one SampledData element.
 *
 * @param value - the SampledData as received (unknown: it comes from an EHR)
 * @param at - the resource and element path, used in every error
 * @throws FhirMappingError naming `at.resource` and the offending sub-element (`period`, `origin.value`, `data`, …)
 */
export function decodeSampledData(value: unknown, at: SampledDataLocation): DecodedSampledData {
  const fail = (sub: string, reason: string): FhirMappingError =>
    new FhirMappingError(at.resource, `${at.field}.${sub}`, reason, at.modality);
  if (!isRecord(value)) throw new FhirMappingError(at.resource, at.field, 'is not a SampledData object', at.modality);

  const periodMs = readPeriodMs(value, fail);
  const periodField = value.period !== undefined ? 'period' : 'interval';
  const origin = value.origin;
  if (!isRecord(origin)) throw fail('origin', 'is missing');
  const originValue = finiteNumber(origin.value);
  if (originValue === undefined) throw fail('origin.value', 'is missing or not a number');
  const unit = readUnit(origin);

  const factor = value.factor === undefined ? 1 : finiteNumber(value.factor);
  if (factor === undefined) throw fail('factor', 'is not a number');
  const dimensions = value.dimensions === undefined ? 1 : value.dimensions;
  if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1) {
    throw fail('dimensions', 'must be a positive integer');
  }

  if (typeof value.data !== 'string' || value.data.trim() === '') throw fail('data', 'is missing or empty');
  const tokens = value.data.trim().split(/\s+/);
  if (tokens.length % dimensions !== 0) {
    throw fail('data', `holds ${tokens.length} values, not a multiple of dimensions (${dimensions})`);
  }
  const points = tokens.length / dimensions;
  const channels = Array.from({ length: dimensions }, () => new Float64Array(points));
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const channel = channels[i % dimensions] as Float64Array;
    const k = Math.floor(i / dimensions);
    if (token === 'E' || token === 'L' || token === 'U') {
      channel[k] = Number.NaN;
      continue;
    }
    const raw = Number(token);
    // Number('') and Number('0x1F') are numbers but not FHIR decimals; the token itself is waveform data, so the
    // message gives only its position.
    if (!Number.isFinite(raw) || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(token)) {
      throw fail('data', `value ${i + 1} of ${tokens.length} is not a number, E, L or U`);
    }
    channel[k] = originValue + factor * raw;
  }
  return { periodMs, periodField, unit, channels };
}

function readPeriodMs(value: Json, fail: (sub: string, reason: string) => FhirMappingError): number {
  if (value.period !== undefined) {
    const period = finiteNumber(value.period);
    if (period === undefined || period <= 0) throw fail('period', 'must be a positive number of milliseconds');
    return period;
  }
  if (value.interval !== undefined) {
    const interval = finiteNumber(value.interval);
    if (interval === undefined || interval <= 0) throw fail('interval', 'must be a positive number');
    const unit = value.intervalUnit;
    if (typeof unit !== 'string') throw fail('intervalUnit', 'is missing (R5 requires it with interval)');
    const scale = INTERVAL_UNIT_MS[unit.trim()];
    if (scale === undefined) throw fail('intervalUnit', `'${unit}' is not one of ms, s, us`);
    return interval * scale;
  }
  throw fail('period', 'is missing (neither R4 period nor R5 interval is present)');
}

function readUnit(origin: Json): string | undefined {
  const code = typeof origin.code === 'string' && origin.code.trim() !== '' ? origin.code.trim() : undefined;
  const unit = typeof origin.unit === 'string' && origin.unit.trim() !== '' ? origin.unit.trim() : undefined;
  return code ?? unit;
}

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

  if (typeof value.data !== 'string') throw fail('data', 'is missing or empty');
  const parsed = parseDataValues(value.data);
  const count = parsed.count;
  if (count === 0) throw fail('data', 'is missing or empty');
  if (count % dimensions !== 0) {
    throw fail('data', `holds ${count} values, not a multiple of dimensions (${dimensions})`);
  }
  // The token itself is waveform data, so the message gives only its position.
  if (parsed.firstInvalid >= 0)
    throw fail('data', `value ${parsed.firstInvalid + 1} of ${count} is not a number, E, L or U`);
  const points = count / dimensions;
  const raw = parsed.values;
  const channels: Float64Array[] = [];
  for (let d = 0; d < dimensions; d++) {
    const channel = new Float64Array(points);
    // NaN (E/L/U) stays NaN through origin + factor × NaN.
    for (let k = 0, i = d; k < points; k++, i += dimensions) channel[k] = originValue + factor * raw[i]!;
    channels.push(channel);
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

/** The raw values of a SampledData `data` string, in order; NaN for E, L and U. */
interface ParsedValues {
  /** Holds `count` values (and possibly more, unused, after them). */
  values: Float64Array;
  count: number;
  /** Index of the first token that is not a FHIR decimal, E, L or U; −1 when all are valid. */
  firstInvalid: number;
}

/** Exact powers of ten: every 10^k up to 10^22 is a double without rounding. */
const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
];
/** Below 10^15 every integer mantissa accumulated digit by digit is exact (2^53 ≈ 9.0·10^15). */
const MAX_FAST_DIGITS = 15;
/** E, L and U, and any token that is not a number; a module constant keeps the scanner off the global object. */
const NOT_A_NUMBER = Number.NaN;

/**
 * Values reused between calls: an ECG lead is thousands of values, and one buffer per call would be garbage after
 * it. Buffers beyond this many values are not kept, so that one huge payload does not pin its memory.
 */
const SCRATCH_KEEP = 1 << 16;
let scratch = new Float64Array(8192);

// Character codes the scanner compares against.
const TAB = 9;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const UPPER_E = 69;
const UPPER_L = 76;
const UPPER_U = 85;
const LOWER_E = 101;

/**
 * JavaScript's whitespace (what `\s` and `trim` match): tab, LF, VT, FF, CR and space, and the Unicode spaces
 * above 127, rare enough to be tested with the regular expression.
 */
function isSpace(code: number): boolean {
  if (code <= SPACE) return code === SPACE || (code >= TAB && code <= CARRIAGE_RETURN);
  return code > 127 && /\s/.test(String.fromCharCode(code));
}

/**
 * Scans `data` once, character by character: tokens are separated by whitespace; each must be E, L, U or a FHIR
 * decimal (`[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?`) whose value is finite. A decimal with at most 15 significant
 * digits and a net power of ten within ±22 is the mantissa times or divided by an exact power of ten, one correctly
 * rounded operation and so the same double `Number(token)` gives (Clinger's fast path); any other goes to `Number`.
 */
function parseDataValues(data: string): ParsedValues {
  const length = data.length;
  // A token and its separator take at least two characters.
  const capacity = (length + 1) >> 1;
  if (capacity > SCRATCH_KEEP) return scanTokens(data, new Float64Array(capacity));
  if (scratch.length < capacity)
    scratch = new Float64Array(Math.min(SCRATCH_KEEP, Math.max(capacity, 2 * scratch.length)));
  return scanTokens(data, scratch);
}

function scanTokens(data: string, values: Float64Array): ParsedValues {
  const length = data.length;
  let count = 0;
  let firstInvalid = -1;
  let i = 0;
  while (i < length) {
    let c = data.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    let value = NOT_A_NUMBER;
    let valid = false;
    if (c === UPPER_E || c === UPPER_L || c === UPPER_U) {
      i++;
      valid = i === length || isSpace(data.charCodeAt(i));
    } else {
      const negative = c === MINUS;
      if (negative || c === PLUS) c = ++i < length ? data.charCodeAt(i) : -1;
      let mantissa = 0;
      let digits = 0; // significant digits in the mantissa (leading zeros not counted)
      let intDigits = 0;
      let fracDigits = 0;
      while (c >= ZERO && c <= NINE) {
        mantissa = mantissa * 10 + (c - ZERO);
        if (mantissa !== 0) digits++;
        intDigits++;
        c = ++i < length ? data.charCodeAt(i) : -1;
      }
      let hasDot = false;
      if (c === DOT) {
        hasDot = true;
        c = ++i < length ? data.charCodeAt(i) : -1;
        while (c >= ZERO && c <= NINE) {
          mantissa = mantissa * 10 + (c - ZERO);
          if (mantissa !== 0) digits++;
          fracDigits++;
          c = ++i < length ? data.charCodeAt(i) : -1;
        }
      }
      valid = intDigits > 0 || (hasDot && fracDigits > 0);
      let exponent = 0;
      if (valid && (c === UPPER_E || c === LOWER_E)) {
        c = ++i < length ? data.charCodeAt(i) : -1;
        const negativeExponent = c === MINUS;
        if (negativeExponent || c === PLUS) c = ++i < length ? data.charCodeAt(i) : -1;
        let expDigits = 0;
        while (c >= ZERO && c <= NINE) {
          // Capped: past 10^6 the value is 0 or infinite anyway, and Number decides which.
          if (exponent < 1e6) exponent = exponent * 10 + (c - ZERO);
          expDigits++;
          c = ++i < length ? data.charCodeAt(i) : -1;
        }
        valid = expDigits > 0;
        if (negativeExponent) exponent = -exponent;
      }
      valid = valid && (c === -1 || isSpace(c));
      if (valid) {
        const scale = exponent - fracDigits;
        if (digits <= MAX_FAST_DIGITS && scale >= -22 && scale <= 22) {
          const magnitude = scale < 0 ? mantissa / POW10[-scale]! : mantissa * POW10[scale]!;
          value = negative ? -magnitude : magnitude;
        } else {
          value = Number(data.slice(start, i));
          // 1e999 is a decimal in form but not a finite number.
          valid = value - value === 0;
        }
      }
    }
    if (!valid) {
      while (i < length && !isSpace(data.charCodeAt(i))) i++;
      if (firstInvalid < 0) firstInvalid = count;
    }
    values[count++] = value;
  }
  return { values, count, firstInvalid };
}

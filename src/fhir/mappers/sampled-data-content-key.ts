/**
 * A content key over the SampledData elements of an ECG Observation: a SHA-1 over everything that decides the
 * decoded leads, so that the same waveform sent again (in the next hook call's prefetch, under another Observation
 * id or time) is decoded once, and any changed digit, scale, period or lead name is decoded afresh.
 *
 * Fed into the hash, per SampledData in order: the lead names its code resolves to (what the mapping uses of the
 * code), and each element decodeSampledData reads (period, interval, intervalUnit, origin value/code/unit, factor,
 * dimensions, data) plus lowerLimit and upperLimit, each tagged with its JSON type, so that two elements hash alike
 * only when they decode alike. A value that would fail decoding (an object where a number belongs) may share a key
 * with another failing value, but failures are never cached, so no lookup can answer for one.
 *
 * SHA-1 is a fingerprint here, not a defence against crafted collisions; the key only selects among results this
 * process itself decoded.
 */
import { createHash, type Hash } from 'node:crypto';
import type { EcgLeadName } from '../../shared/index';

/** One SampledData as the ECG mapper sees it: the lead names its code gives, and the element as received. */
export interface KeyedSampledData {
  names: readonly EcgLeadName[];
  value: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A value with its type, self-delimiting: strings carry their length, so that no two sequences of tokens read the
 * same. −0 is kept apart from 0 (an origin of −0 gives −0 samples where 0 gives +0).
 */
function token(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'u;';
    case 'number':
      return Object.is(value, -0) ? 'n-0;' : `n${value};`;
    case 'string':
      return `s${value.length}:${value}`;
    case 'boolean':
      return value ? 't;' : 'f;';
    default: {
      const json = JSON.stringify(value) ?? '';
      return `o${json.length}:${json}`;
    }
  }
}

function updateSampledData(hash: Hash, entry: KeyedSampledData): void {
  let head = `|${entry.names.length}:${entry.names.join(',')}|`;
  const value = entry.value;
  if (!isRecord(value)) {
    hash.update(`${head}${token(value)}`);
    return;
  }
  const origin = value.origin;
  head += isRecord(origin) ? `r${token(origin.value)}${token(origin.code)}${token(origin.unit)}` : token(origin);
  head += token(value.period) + token(value.interval) + token(value.intervalUnit);
  head += token(value.factor) + token(value.dimensions) + token(value.lowerLimit) + token(value.upperLimit);
  const data = value.data;
  if (typeof data !== 'string') {
    hash.update(head + token(data));
    return;
  }
  // The data text is the bulk (12 leads × 5,000 values ≈ 300 kB): hashed as it is, never copied into a new string.
  // UTF-8 of a string with a lone surrogate is lossy, but such a string never decodes (it is not a number).
  hash.update(`${head}s${data.length}:`);
  hash.update(data, 'utf8');
}

/**
 * SHA-1 (hex) over the SampledData elements of one Observation, in order, and the unit assumed for unit-less data.
 *
 * @param entries - the SampledData elements whose code names a lead, in the order the mapper concatenates them
 * @param assumeUnit - the mapping's assumed unit (it scales unit-less data), or undefined
 */
export function sampledDataContentKey(entries: readonly KeyedSampledData[], assumeUnit: string | undefined): string {
  const hash = createHash('sha1');
  hash.update(`ecg-sampled-data|${token(assumeUnit)}${entries.length}`);
  for (const entry of entries) updateSampledData(hash, entry);
  return hash.digest('hex');
}

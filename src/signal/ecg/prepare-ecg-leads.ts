/**
 * From an EcgRecording to the band-passed float64 leads the measurements run on, with a record of which samples
 * were missing in the source (NaN or ±Infinity), so that a beat overlapping a gap is left out of that lead's median.
 */
import type { EcgLeadName, EcgRecording } from '../../shared';
import { createEcgBandPass } from './ecg-band-pass';

/** The leads a record's measurements use. */
export interface PreparedLeads {
  samplingRateHz: number;
  /** Samples per lead: the longest lead's length (shorter leads count as missing past their end). */
  length: number;
  names: EcgLeadName[];
  /** Band-passed signals (0.5–45 Hz), mV; gaps bridged by linear interpolation before filtering. */
  filtered: Float64Array[];
  /** Per lead, `missingBefore[i]` = number of missing samples in [0, i); length + 1 entries. */
  missingBefore: Int32Array[];
  /** Leads left out, with why. */
  dropped: { name: EcgLeadName; reason: string }[];
}

/** A lead needs at least this much valid signal to be used, seconds. */
const MIN_VALID_S = 2;
/** A lead whose band-passed signal never leaves ±this (mV) is flat: disconnected or zero-filled. */
const FLAT_MV = 0.005;

/**
 * Band-passes every usable lead of `recording`.
 *
 * @param recording - any number of leads, any order; samples in mV, NaN where missing
 */
export function prepareEcgLeads(recording: EcgRecording): PreparedLeads {
  const fs = recording.samplingRateHz;
  const length = Math.max(0, ...recording.leads.map((lead) => lead.samples.length));
  const prepared: PreparedLeads = {
    samplingRateHz: fs,
    length,
    names: [],
    filtered: [],
    missingBefore: [],
    dropped: [],
  };
  if (length < 2 || !(fs > 0)) {
    for (const lead of recording.leads) prepared.dropped.push({ name: lead.name, reason: 'the record is empty' });
    return prepared;
  }
  const bandPass = createEcgBandPass(length, fs);
  for (const lead of recording.leads) {
    const bridged = new Float64Array(length);
    const missingBefore = new Int32Array(length + 1);
    const valid = bridgeGaps(lead.samples, bridged, missingBefore);
    if (valid < MIN_VALID_S * fs) {
      prepared.dropped.push({ name: lead.name, reason: `only ${(valid / fs).toFixed(1)} s of valid samples` });
      continue;
    }
    bandPass.apply(bridged, bridged);
    if (isFlat(bridged)) {
      prepared.dropped.push({ name: lead.name, reason: `flat (within ±${FLAT_MV} mV after filtering)` });
      continue;
    }
    prepared.names.push(lead.name);
    prepared.filtered.push(bridged);
    prepared.missingBefore.push(missingBefore);
  }
  return prepared;
}

/**
 * Copies `samples` into `out` (which may be longer: the excess counts as missing), replacing each run of missing
 * samples by the straight line between its valid neighbours (or the nearest valid value at the ends), and fills
 * `missingBefore`. Returns the number of valid samples.
 */
function bridgeGaps(samples: Float32Array, out: Float64Array, missingBefore: Int32Array): number {
  const n = out.length;
  const stored = samples.length;
  let missing = 0;
  let lastValid = -1;
  for (let i = 0; i < n; i++) {
    missingBefore[i] = missing;
    // Past the lead's end counts as missing. v − v is 0 for finite v and NaN for NaN and ±Infinity (and, unlike
    // Number.isFinite, stays fast under jest's vm, where every global lookup is slow).
    const v = i < stored ? samples[i]! : 0;
    if (i >= stored || v - v !== 0) {
      missing++;
      continue;
    }
    out[i] = v;
    if (lastValid < i - 1) {
      const from = lastValid < 0 ? v : out[lastValid]!;
      const span = i - lastValid;
      for (let j = lastValid + 1; j < i; j++) out[j] = from + ((v - from) * (j - lastValid)) / span;
    }
    lastValid = i;
  }
  missingBefore[n] = missing;
  if (lastValid >= 0) for (let j = lastValid + 1; j < n; j++) out[j] = out[lastValid]!;
  return n - missing;
}

function isFlat(x: Float64Array): boolean {
  // Comparisons rather than Math.abs: a global lookup per sample is slow under jest's sandbox.
  for (let i = 0; i < x.length; i++) if (x[i]! > FLAT_MV || x[i]! < -FLAT_MV) return false;
  return true;
}

/**
 * Global delineation of a median beat: the wave boundaries that the intervals are measured between.
 *
 * - QRS onset and offset come from the spatial velocity of the median beat (the length of the vector of all leads'
 *   slopes), the standard global method: the QRS begins where the first lead leaves the baseline and ends where the
 *   last lead returns to it, so the global onset is the earliest and the offset the latest across leads.
 * - The end of the T wave is found per lead by the tangent method (the steepest tangent of the T downslope meets the
 *   isoelectric line), on the leads with a clear T wave, and the latest end is kept (global QT). Tangent ends lie a
 *   little early in each lead; the latest of them matched the device's QT on the DICOM record within a few ms,
 *   where the latest trapezium-area end (Vázquez-Seisdedos et al., BioMed Eng OnLine 2011;10:70) was 30 ms late.
 * - The P onset is found by the trapezium-area method, mirrored, which picks the point where the P upslope leaves
 *   the baseline, on the leads with a clear P wave; the earliest is kept. Undefined when no lead has a P wave.
 *
 * Indices are into the median beat (see MedianBeat).
 */
import type { EcgLeadName } from '../../shared';
import type { MedianBeat } from './median-beat';

/** Wave boundaries of a median beat, as indices into it; each undefined when not found, with why. */
export interface BeatDelineation {
  qrsOnset?: number;
  qrsOffset?: number;
  tEnd?: number;
  pOnset?: number;
  /** Largest P-wave amplitude over the leads (mV), 0 when no P-wave window could be searched. */
  pAmplitudeMv: number;
  /** Per lead (MedianBeat order), the isoelectric level: the mean of the PR segment just before QRS onset, mV. */
  baselineMv: (number | undefined)[];
  reasons: { qrs?: string; tEnd?: string; pOnset?: string };
}

/** Bound once: under jest, looking up the global `Math` in a per-sample loop is slow. */
const sqrt = Math.sqrt;

/** Leads derived from I and II by Einthoven's and Goldberger's equations add nothing to the spatial velocity. */
const DERIVED_LIMB_LEADS: ReadonlySet<EcgLeadName> = new Set(['III', 'aVR', 'aVL', 'aVF']);
/** Half-span of the slope used for the spatial velocity, seconds. */
const SLOPE_HALF_SPAN_S = 0.004;
/** QRS boundary: the spatial velocity falls below this fraction of its QRS maximum … */
const QRS_THRESHOLD = 0.06;
/** The coarse first pass's threshold, as a fraction of the QRS maximum. */
const COARSE_THRESHOLD = 0.15;
/** The segment before the QRS whose slope sets the onset's floor: this far before the coarse onset, seconds. */
const SEGMENT_NEAR_S = 0.02;
const SEGMENT_FAR_S = 0.06;
/** Onset threshold floor: this multiple of the median spatial velocity of that segment. */
const FLOOR_FACTOR = 2;
/** The floor never lifts the onset threshold above this fraction of the QRS maximum. */
const MAX_THRESHOLD = 0.1;
/** … and stays below it for this long, seconds (so that a notch inside the QRS is not taken for its end). */
const QRS_QUIET_S = 0.012;
/** Balanced velocity (QRS offset): lead slopes compared within this much of the fiducial point, seconds … */
const BALANCE_CORE_S = 0.06;
/** … and a lead counts as at least this fraction as steep as the steepest (its weight at most 1 / MIN_BALANCE). */
const MIN_BALANCE = 0.5;
/** Farthest the QRS boundaries may lie from the fiducial point, seconds. */
const QRS_MAX_BEFORE_S = 0.12;
const QRS_MAX_AFTER_S = 0.2;
/** PR-segment baseline: mean over this window ending just before QRS onset, seconds. */
const BASELINE_FROM_S = 0.024;
const BASELINE_TO_S = 0.006;
/** A T (P) wave is clear in a lead when its amplitude reaches this (mV) and this fraction of the largest one. */
const T_MIN_MV = 0.1;
const P_MIN_MV = 0.04;
const WAVE_RELATIVE = 0.4;
/** Where the T peak is looked for: from this long after QRS offset to this fraction of RR after the fiducial. */
const T_PEAK_AFTER_J_S = 0.04;
const T_PEAK_MAX_RR = 0.6;
const T_PEAK_MAX_S = 0.5;
/** The steepest point of the T downslope is looked for this long after the T peak, seconds. */
const T_DOWNSLOPE_S = 0.15;
/** P wave: searched from this long before QRS onset to this long before it, seconds. */
const P_SEARCH_FROM_S = 0.3;
const P_SEARCH_TO_S = 0.03;
/** A P peak lies at least this long after the start of its search window, seconds. */
const P_RISE_S = 0.03;
/** The P onset's trapezium reference lies this long before the steepest point of the P upslope, seconds. */
const P_ONSET_REACH_S = 0.08;

/**
 * Finds the global wave boundaries of a median beat.
 *
 * @param beat - median beat of at least one lead
 * @param rrSamples - the record's mean RR interval, samples (bounds the T-wave and P-wave searches)
 */
export function delineateMedianBeat(beat: MedianBeat, rrSamples: number): BeatDelineation {
  const fs = beat.samplingRateHz;
  const result: BeatDelineation = { pAmplitudeMv: 0, baselineMv: beat.leads.map(() => undefined), reasons: {} };
  const qrs = qrsBounds(spatialVelocity(beat, fs, false), spatialVelocity(beat, fs, true), beat.fiducial, fs);
  if (typeof qrs === 'string') {
    result.reasons.qrs = qrs;
    result.reasons.tEnd = 'no QRS boundaries';
    result.reasons.pOnset = 'no QRS boundaries';
    return result;
  }
  result.qrsOnset = qrs.onset;
  result.qrsOffset = qrs.offset;

  const from = Math.max(0, qrs.onset - Math.round(BASELINE_FROM_S * fs));
  const to = Math.max(from + 1, qrs.onset - Math.round(BASELINE_TO_S * fs));
  result.baselineMv = beat.leads.map((x) => (x ? mean(x, from, to) : undefined));

  const tEnd = findTEnd(beat, result.baselineMv, qrs.offset, rrSamples);
  if (typeof tEnd === 'string') result.reasons.tEnd = tEnd;
  else result.tEnd = tEnd;

  const p = findPOnset(beat, result.baselineMv, qrs.onset, result.tEnd, rrSamples);
  result.pAmplitudeMv = p.amplitude;
  if (p.onset === undefined) result.reasons.pOnset = p.reason;
  else result.pOnset = p.onset;
  return result;
}

/**
 * |d/dt| of the vector of the independent leads, mV/s. `balanced`: each lead's slope is first scaled by the steepest
 * QRS slope of all leads over its own (a lead less than half as steep as the steepest counts as half as steep, so
 * that the noise of a nearly flat lead is amplified at most twofold), so that every lead's QRS weighs alike.
 */
function spatialVelocity(beat: MedianBeat, fs: number, balanced: boolean): Float64Array {
  const hasBothLimbLeads = beat.names.includes('I') && beat.names.includes('II');
  const leads = beat.leads.filter(
    (x, i): x is Float64Array => x !== undefined && !(hasBothLimbLeads && DERIVED_LIMB_LEADS.has(beat.names[i]!)),
  );
  const h = Math.max(1, Math.round(SLOPE_HALF_SPAN_S * fs));
  const weights = balanced ? balancingWeights(leads, beat.fiducial, h, fs) : leads.map(() => 1);
  const velocity = new Float64Array(beat.length);
  for (let t = h; t < beat.length - h; t++) {
    let sum = 0;
    for (let i = 0; i < leads.length; i++) {
      const d = (leads[i]![t + h]! - leads[i]![t - h]!) * weights[i]!;
      sum += d * d;
    }
    velocity[t] = (sqrt(sum) * fs) / (2 * h);
  }
  return velocity;
}

/** Per lead, (steepest QRS slope over all leads) / max(its own, MIN_BALANCE × that); slopes within the QRS core. */
function balancingWeights(leads: Float64Array[], fiducial: number, h: number, fs: number): number[] {
  const core = Math.round(BALANCE_CORE_S * fs);
  const steepest = leads.map((x) => {
    let max = 0;
    for (let t = Math.max(h, fiducial - core); t <= Math.min(x.length - 1 - h, fiducial + core); t++) {
      const d = x[t + h]! - x[t - h]!;
      if (d > max) max = d;
      else if (-d > max) max = -d;
    }
    return max;
  });
  const top = Math.max(0, ...steepest);
  return steepest.map((s) => (top > 0 ? top / Math.max(s, MIN_BALANCE * top) : 1));
}

/**
 * QRS onset on the spatial velocity, offset on the balanced one (see spatialVelocity). On the plain velocity the
 * tallest leads set the threshold, and a terminal deflection confined to smaller leads lay under it: the s wave
 * returning in II, III, aVF and V1–V3 in LVH, the slurred end of a QRS widened by hyperkalaemia, measured 25–45 ms
 * short on the synthetic check (src/synth/ecg). The onset stays on the plain velocity: balanced, the fibrillatory
 * residue of leads with small QRS complexes (V1) moved the onsets of atrial fibrillation early.
 */
function qrsBounds(
  velocity: Float64Array,
  balanced: Float64Array,
  fiducial: number,
  fs: number,
): { onset: number; offset: number } | string {
  const earliest = Math.max(1, fiducial - Math.round(QRS_MAX_BEFORE_S * fs));
  const latest = Math.min(velocity.length - 2, fiducial + Math.round(QRS_MAX_AFTER_S * fs));
  const peak = peakNear(velocity, fiducial, Math.round(0.05 * fs));
  if (!(peak > 0)) return 'the median beat is flat';
  const quiet = Math.max(2, Math.round(QRS_QUIET_S * fs));
  // Onset: a first, coarse pass finds where the segment before the QRS lies; its own slope (fibrillatory waves or
  // noise left in the median) sets a floor under the final threshold, capped so that a slow QRS start still counts.
  // The offset keeps the plain threshold: a floor from the ST segment cut the slurred ends of bundle branch blocks
  // short (PTB-XL 00287, CLBBB: 94 ms instead of 136 ms).
  const coarseOnset = quietRunBefore(velocity, fiducial, earliest, COARSE_THRESHOLD * peak, quiet);
  if (coarseOnset === undefined) return 'no isoelectric interval before the QRS complex';
  const near = Math.round(SEGMENT_NEAR_S * fs);
  const far = Math.round(SEGMENT_FAR_S * fs);
  const before = medianOf(velocity, Math.max(0, coarseOnset - far), Math.max(1, coarseOnset - near));
  const onsetThreshold = Math.min(MAX_THRESHOLD, Math.max(QRS_THRESHOLD, (FLOOR_FACTOR * before) / peak)) * peak;
  const onset = quietRunBefore(velocity, fiducial, earliest, onsetThreshold, quiet);
  const balancedPeak = peakNear(balanced, fiducial, Math.round(0.05 * fs));
  const offset = quietRunAfter(balanced, fiducial, latest, QRS_THRESHOLD * balancedPeak, quiet);
  if (onset === undefined) return 'no isoelectric interval before the QRS complex';
  if (offset === undefined) return 'no isoelectric interval after the QRS complex';
  return { onset, offset };
}

/** Largest value of v within `radius` samples of `centre`. */
function peakNear(v: Float64Array, centre: number, radius: number): number {
  let peak = 0;
  for (let t = Math.max(0, centre - radius); t <= Math.min(v.length - 1, centre + radius); t++) {
    if (v[t]! > peak) peak = v[t]!;
  }
  return peak;
}

/** Going back from `from`, the first sample after which `quiet` samples in a row lie below `threshold`. */
function quietRunBefore(
  v: Float64Array,
  from: number,
  limit: number,
  threshold: number,
  quiet: number,
): number | undefined {
  let run = 0;
  for (let t = from; t >= limit; t--) {
    run = v[t]! < threshold ? run + 1 : 0;
    if (run >= quiet) return t + quiet;
  }
  return undefined;
}

/** Going forward from `from`, the last sample before `quiet` samples in a row lie below `threshold`. */
function quietRunAfter(
  v: Float64Array,
  from: number,
  limit: number,
  threshold: number,
  quiet: number,
): number | undefined {
  let run = 0;
  for (let t = from; t <= limit; t++) {
    run = v[t]! < threshold ? run + 1 : 0;
    if (run >= quiet) return t - quiet;
  }
  return undefined;
}

function medianOf(x: Float64Array, from: number, to: number): number {
  if (to <= from) return 0;
  const values = Array.from(x.subarray(from, to)).sort((a, b) => a - b);
  return values[values.length >> 1]!;
}

function findTEnd(
  beat: MedianBeat,
  baseline: (number | undefined)[],
  qrsOffset: number,
  rrSamples: number,
): number | string {
  const fs = beat.samplingRateHz;
  const from = qrsOffset + Math.round(T_PEAK_AFTER_J_S * fs);
  const to = Math.min(
    beat.length - 1,
    beat.fiducial + Math.round(Math.min(T_PEAK_MAX_S * fs, T_PEAK_MAX_RR * rrSamples)),
  );
  if (to - from < Math.round(0.04 * fs)) return 'the RR interval leaves no room for a T wave';
  const peaks = beat.leads.map((x, i) => (x ? extremum(x, baseline[i]!, from, to) : undefined));
  const largest = Math.max(0, ...peaks.map((p) => p?.amplitude ?? 0));
  if (largest < T_MIN_MV) return `no lead has a T wave of ${T_MIN_MV} mV or more`;
  const reach = Math.min(beat.length - 1, beat.fiducial + Math.round(0.9 * rrSamples));
  let latest: number | undefined;
  beat.leads.forEach((x, i) => {
    const peak = peaks[i];
    if (!x || !peak || peak.amplitude < Math.max(T_MIN_MV, WAVE_RELATIVE * largest)) return;
    const end = tangentEnd(x, baseline[i]!, peak.index, peak.sign, reach, fs);
    if (end !== undefined && (latest === undefined || end > latest)) latest = end;
  });
  return latest ?? 'no T wave returns to the baseline within the beat';
}

/**
 * Tangent method: the end of a wave whose peak is at `peak` (polarity `sign`) is where the tangent at the steepest
 * point of its descending limb crosses the isoelectric level.
 */
function tangentEnd(
  x: Float64Array,
  baseline: number,
  peak: number,
  sign: number,
  limit: number,
  fs: number,
): number | undefined {
  const h = Math.max(1, Math.round(SLOPE_HALF_SPAN_S * fs));
  const slopeEnd = Math.min(limit - h, peak + Math.round(T_DOWNSLOPE_S * fs));
  let steepest = -1;
  let steepestSlope = 0;
  for (let t = peak + h; t <= slopeEnd; t++) {
    const descent = -sign * (x[t + h]! - x[t - h]!);
    if (descent > steepestSlope) {
      steepestSlope = descent;
      steepest = t;
    }
  }
  if (steepest < 0) return undefined;
  const slopePerSample = steepestSlope / (2 * h);
  const end = steepest + (sign * (x[steepest]! - baseline)) / slopePerSample;
  return end > steepest && end <= limit ? Math.round(end) : undefined;
}

function findPOnset(
  beat: MedianBeat,
  baseline: (number | undefined)[],
  qrsOnset: number,
  tEnd: number | undefined,
  rrSamples: number,
): { onset?: number; amplitude: number; reason: string } {
  const fs = beat.samplingRateHz;
  // Not before the previous beat's T wave has ended.
  const previousTEnd = tEnd === undefined ? 0 : Math.round(tEnd - rrSamples + 0.02 * fs);
  const from = Math.max(1, qrsOnset - Math.round(P_SEARCH_FROM_S * fs), previousTEnd);
  const to = qrsOnset - Math.round(P_SEARCH_TO_S * fs);
  if (to - from < Math.round(0.04 * fs)) return { amplitude: 0, reason: 'no room for a P wave before the QRS complex' };
  // The peak is looked for away from the window's start, and its amplitude is the lesser of its height above the PR
  // segment and above the window's start: a P wave rises from the baseline, where the tail of the previous T wave
  // would only fall, and the PR segment may sit low on the atrial repolarisation wave.
  const peakFrom = from + Math.round(P_RISE_S * fs);
  const peaks = beat.leads.map((x, i) => {
    if (!x) return undefined;
    const peak = extremum(x, baseline[i]!, peakFrom, to);
    const rise = peak.sign * (x[peak.index]! - x[from]!);
    return { ...peak, amplitude: Math.min(peak.amplitude, rise) };
  });
  const largest = Math.max(0, ...peaks.map((p) => p?.amplitude ?? 0));
  if (largest < P_MIN_MV) return { amplitude: largest, reason: `no lead has a P wave of ${P_MIN_MV} mV or more` };
  let earliest: number | undefined;
  beat.leads.forEach((x, i) => {
    const peak = peaks[i];
    if (!x || !peak || peak.amplitude < Math.max(P_MIN_MV, WAVE_RELATIVE * largest)) return;
    const onset = trapeziumOnset(x, peak.index, peak.sign, Math.round(P_ONSET_REACH_S * fs), from, fs);
    if (onset !== undefined && (earliest === undefined || onset < earliest)) earliest = onset;
  });
  if (earliest === undefined) return { amplitude: largest, reason: 'no P wave rises from the baseline' };
  return { onset: earliest, amplitude: largest, reason: '' };
}

/** The mirror image of trapeziumEnd: the onset of a wave on its rising limb, not before `limit`. */
function trapeziumOnset(
  x: Float64Array,
  peak: number,
  sign: number,
  reach: number,
  limit: number,
  fs: number,
): number | undefined {
  const h = Math.max(1, Math.round(SLOPE_HALF_SPAN_S * fs));
  const slopeStart = Math.max(limit + h, peak - Math.round(0.08 * fs));
  let steepest = -1;
  let steepestSlope = 0;
  for (let t = peak - h; t >= slopeStart; t--) {
    const rise = sign * (x[t + h]! - x[t - h]!);
    if (rise > steepestSlope) {
      steepestSlope = rise;
      steepest = t;
    }
  }
  if (steepest < 0) return undefined;
  const r = Math.max(limit, steepest - reach);
  let best: number | undefined;
  let bestArea = 0;
  for (let t = steepest - 1; t >= r; t--) {
    const area = sign * (x[steepest]! - x[t]!) * (t + steepest - 2 * r);
    if (area > bestArea) {
      bestArea = area;
      best = t;
    }
  }
  return best;
}

/** The sample in [from, to] farthest from `baseline`, its distance and its side. */
function extremum(x: Float64Array, baseline: number, from: number, to: number) {
  let index = from;
  let largest = -1;
  for (let t = from; t <= to; t++) {
    const d = x[t]! - baseline;
    const size = d < 0 ? -d : d;
    if (size > largest) {
      largest = size;
      index = t;
    }
  }
  const deviation = x[index]! - baseline;
  return { index, amplitude: Math.abs(deviation), sign: deviation >= 0 ? 1 : -1 };
}

function mean(x: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let t = from; t < to; t++) sum += x[t]!;
  return sum / (to - from);
}

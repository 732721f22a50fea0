/**
 * QRS detection on all leads at once, after Pan and Tompkins (IEEE Trans Biomed Eng 1985;32:230): a slope
 * signal, squared and integrated over a moving window, with thresholds relative to the QRS energy and a search-back
 * for missed beats. The record is analysed as a whole (10 s resting ECGs), so thresholds come from the entire
 * record rather than being learned as it streams.
 *
 * Combining the leads: the squared slopes are averaged over leads, a lead with unusually steep slopes (tall
 * complexes or noise) scaled down to the median lead. A complex that is small in one lead is large in
 * another, so the combined energy has a clear peak per beat even where single leads are nearly isoelectric.
 *
 * T waves are told from QRS complexes by energy and slope first (Pan and Tompkins' rules) and then by shape
 * (rejectTWaves), for the peaked T waves of hyperkalaemia that are as tall and nearly as steep as the QRS.
 */

import { rejectTWaves } from './reject-t-waves';

/** Half-span of the slope filter x[i + k] − x[i − k], seconds: gain peaks near 25 Hz, 0.3 at 5 Hz (T waves). */
const SLOPE_HALF_SPAN_S = 0.01;
/** Moving-window integration, seconds: about a wide QRS. */
const INTEGRATION_S = 0.12;
/** Shorter window used to place the fiducial point within an integrated peak, seconds. */
const FIDUCIAL_WINDOW_S = 0.03;
/** Two complexes closer than this are one (physiological refractory period), seconds. */
const REFRACTORY_S = 0.2;
/** A peak this soon after a beat, and less than T_WAVE_RATIO of its energy, is its T wave, seconds. */
const T_WAVE_WINDOW_S = 0.36;
const T_WAVE_RATIO = 0.4;
const T_WAVE_SLOPE_RATIO = 0.4;
/** Detection threshold as a fraction of the typical QRS energy, and the lower one used in search-back. */
const THRESHOLD = 0.2;
const SEARCH_BACK_THRESHOLD = 0.08;
/** Blocks over which the typical QRS energy is taken (median of block maxima), seconds. */
const REFERENCE_BLOCK_S = 2;
/** Search back when an RR interval exceeds this multiple of the median RR. */
const SEARCH_BACK_RR = 1.66;

/**
 * Finds the QRS complexes of a multi-lead ECG.
 *
 * @param leads - band-passed leads (baseline and hum removed), equal lengths, mV
 * @param samplingRateHz - Hz
 * @returns ascending sample indices of the fiducial points: the peak of the combined short-window QRS energy,
 *   which lies within the QRS complex, near its steepest part
 */
export function detectQrsComplexes(leads: readonly Float64Array[], samplingRateHz: number): number[] {
  const n = leads[0]?.length ?? 0;
  if (n === 0) return [];
  const fs = samplingRateHz;
  const energy = combinedSlopeEnergy(leads, fs);
  const integrated = movingAverage(energy, Math.max(1, Math.round(INTEGRATION_S * fs)));
  const sharp = movingAverage(energy, Math.max(1, Math.round(FIDUCIAL_WINDOW_S * fs)));

  const reference = typicalBlockMaximum(integrated.length, Math.round(REFERENCE_BLOCK_S * fs), (start, end) =>
    maxOf(integrated, start, end),
  );
  if (!(reference > 0)) return [];
  const candidates = separatedPeaks(integrated, SEARCH_BACK_THRESHOLD * reference, Math.round(REFRACTORY_S * fs));

  const accepted = acceptPeaks(candidates, integrated, sharp, THRESHOLD * reference, fs);
  searchBack(accepted, candidates, integrated, SEARCH_BACK_THRESHOLD * reference, fs);
  accepted.sort((a, b) => a - b);
  const fiducials = accepted.map((peak) => fiducialNear(sharp, peak, Math.round(INTEGRATION_S * fs * 0.5)));
  return rejectTWaves(leads, fiducials, sharp, fs);
}

/**
 * Mean over leads of the squared slope. A lead whose typical QRS slope exceeds the median lead's is scaled down to
 * it, so that one noisy or very tall lead cannot dominate; smaller leads are not scaled up, since a lead with small
 * QRS complexes may carry tall T waves (hyperkalaemia) that would then compete with the QRS.
 */
function combinedSlopeEnergy(leads: readonly Float64Array[], fs: number): Float64Array {
  const n = leads[0]!.length;
  const k = Math.max(1, Math.round(SLOPE_HALF_SPAN_S * fs));
  const block = Math.max(1, Math.round(fs));
  // The slope x[i + k] − x[i − k] (0 within k of either end) is recomputed in each pass rather than stored per lead.
  const scales = leads.map((x) => typicalBlockMaximum(n, block, (start, end) => maxAbsSlope(x, k, start, end)));
  const medianScale = [...scales].sort((a, b) => a - b)[scales.length >> 1]!;
  const energy = new Float64Array(n);
  if (!(medianScale > 0)) return energy;
  leads.forEach((x, lead) => {
    const scale = Math.max(scales[lead]!, medianScale);
    const weight = 1 / (scale * scale * leads.length);
    for (let i = k; i < n - k; i++) {
      const slope = x[i + k]! - x[i - k]!;
      energy[i] = energy[i]! + slope * slope * weight;
    }
  });
  return energy;
}

/** The largest |x[i + k] − x[i − k]| for i in [start, end), the slope being 0 within k of either end. */
function maxAbsSlope(x: Float64Array, k: number, start: number, end: number): number {
  const n = x.length;
  let max = 0;
  for (let i = start < k ? k : start, to = end < n - k ? end : n - k; i < to; i++) {
    const slope = x[i + k]! - x[i - k]!;
    const v = slope < 0 ? -slope : slope;
    if (v > max) max = v;
  }
  return max;
}

// Hot loops compare directly instead of calling Math.min/max/abs: under jest every access to a global such as
// `Math` goes through the test sandbox's global object and costs far more than the arithmetic.

/** Centred moving average with a window of `width` samples (shrinking at the ends). */
function movingAverage(x: Float64Array, width: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  const half = Math.floor(width / 2);
  let sum = 0;
  let lo = 0;
  let hi = 0; // window is [lo, hi)
  for (let i = 0; i < n; i++) {
    const wantHi = i + half + 1 < n ? i + half + 1 : n;
    const wantLo = i - half > 0 ? i - half : 0;
    while (hi < wantHi) sum += x[hi++]!;
    while (lo < wantLo) sum -= x[lo++]!;
    out[i] = sum / (hi - lo);
  }
  return out;
}

/**
 * The median, over consecutive blocks of `block` samples of a signal of length `n`, of each block's maximum (as
 * `blockMaximum` gives it, from 0 up): the height of a typical beat, since almost every block of a second or two
 * holds one, insensitive to a single artefact or a few ectopic beats.
 */
function typicalBlockMaximum(n: number, block: number, blockMaximum: (start: number, end: number) => number): number {
  const maxima: number[] = [];
  for (let start = 0; start + block <= n || (start === 0 && n > 0); start += block) {
    maxima.push(blockMaximum(start, Math.min(n, start + block)));
  }
  maxima.sort((a, b) => a - b);
  return maxima[Math.floor(maxima.length / 2)] ?? 0;
}

/** The largest of x[start..end), or 0 when all are below it. */
function maxOf(x: Float64Array, start: number, end: number): number {
  let max = 0;
  for (let i = start; i < end; i++) if (x[i]! > max) max = x[i]!;
  return max;
}

/**
 * Local maxima of `x` at or above `floor`, thinned so that no two are within `distance` samples (the higher one
 * stays). Ascending.
 */
function separatedPeaks(x: Float64Array, floor: number, distance: number): number[] {
  const peaks: number[] = [];
  for (let i = 1; i < x.length - 1; i++) {
    if (x[i]! >= floor && x[i]! > x[i - 1]! && x[i]! >= x[i + 1]!) peaks.push(i);
  }
  peaks.sort((a, b) => x[b]! - x[a]!);
  // Claimed samples: a kept peak claims `distance` samples on each side, so each test is one lookup.
  const claimed = new Uint8Array(x.length);
  const kept: number[] = [];
  for (const p of peaks) {
    if (claimed[p] === 1) continue;
    kept.push(p);
    claimed.fill(1, Math.max(0, p - distance + 1), Math.min(x.length, p + distance));
  }
  return kept.sort((a, b) => a - b);
}

/**
 * Peaks above `threshold`, highest first, skipping T waves: peaks soon after an accepted beat with less integrated
 * energy, or (Pan and Tompkins' slope rule) with a peak slope energy under a quarter of the beat's — a slope under
 * half. The second rule catches the tall, steep T waves of hyperkalaemia, whose integrated energy can rival the
 * QRS's but whose slopes stay well below it.
 */
function acceptPeaks(
  candidates: number[],
  integrated: Float64Array,
  sharp: Float64Array,
  threshold: number,
  fs: number,
): number[] {
  const tWindow = T_WAVE_WINDOW_S * fs;
  const radius = Math.round(INTEGRATION_S * fs * 0.5);
  const slopes = new Map(candidates.map((p) => [p, sharp[fiducialNear(sharp, p, radius)]!]));
  const peakSlope = (p: number) => slopes.get(p)!;
  const accepted: number[] = [];
  const byHeight = candidates
    .filter((p) => integrated[p]! >= threshold)
    .sort((a, b) => integrated[b]! - integrated[a]!);
  for (const p of byHeight) {
    const isTWave = accepted.some(
      (q) =>
        p > q &&
        p - q < tWindow &&
        (integrated[p]! < T_WAVE_RATIO * integrated[q]! || peakSlope(p) < T_WAVE_SLOPE_RATIO * peakSlope(q)),
    );
    if (!isTWave) accepted.push(p);
  }
  return accepted;
}

/**
 * Where an RR interval is much longer than the median, a beat was probably missed: accept the highest candidate
 * in the gap that clears the lower threshold and keeps a refractory distance from both neighbours.
 */
function searchBack(accepted: number[], candidates: number[], x: Float64Array, threshold: number, fs: number): void {
  if (accepted.length < 3) return;
  accepted.sort((a, b) => a - b);
  const rr = accepted.slice(1).map((p, i) => p - accepted[i]!);
  const medianRr = [...rr].sort((a, b) => a - b)[Math.floor(rr.length / 2)]!;
  const gapMargin = Math.max(REFRACTORY_S * fs, 0.3 * medianRr);
  const found: number[] = [];
  for (let i = 0; i < rr.length; i++) {
    if (rr[i]! <= SEARCH_BACK_RR * medianRr) continue;
    const from = accepted[i]! + gapMargin;
    const to = accepted[i + 1]! - gapMargin;
    let best = -1;
    for (const c of candidates) {
      if (c > from && c < to && x[c]! >= threshold && (best < 0 || x[c]! > x[best]!)) best = c;
    }
    if (best >= 0) found.push(best);
  }
  accepted.push(...found);
}

/** The maximum of `x` within `radius` samples of `centre`. */
function fiducialNear(x: Float64Array, centre: number, radius: number): number {
  let best = centre;
  const from = Math.max(0, centre - radius);
  const to = Math.min(x.length - 1, centre + radius);
  for (let i = from; i <= to; i++) if (x[i]! > x[best]!) best = i;
  return best;
}

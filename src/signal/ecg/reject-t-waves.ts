/**
 * T-wave oversensing: taking a T wave for a QRS complex. The QRS detector's energy rules drop a T wave that is
 * much smaller or much less steep than its QRS; the peaked T waves of severe hyperkalaemia can be neither (the QRS
 * widens and flattens while the T grows tall and narrow), and then every beat counts twice. What still tells them
 * apart is shape: a T wave looks nothing like the QRS across the leads, while two QRS complexes of one rhythm, however
 * close together (short RR intervals in atrial fibrillation), look alike.
 *
 * On 600 generated records (src/synth/ecg: sinus, AF, LVH, hyperkalaemia up to 8.1 mEq/L, ischaemia), the
 * multi-lead correlation of a detected peak with the QRS before it, closer than 360 ms, was 0.77–1.00 when both were
 * QRS complexes (121 pairs, atrial fibrillation) and at most 0.59 when the later one was a T wave (447 pairs).
 */

/** A peak this soon after a QRS complex may be its T wave, seconds (as in the detector's energy rule). */
const T_WAVE_WINDOW_S = 0.36;
/** Shapes are compared over this much on each side of the fiducial points, seconds … */
const HALF_WINDOW_S = 0.08;
/** … at the best alignment within this shift: fiducial points wander within a wide QRS, seconds. */
const MAX_SHIFT_S = 0.03;
/** Below this correlation two complexes have different shapes (see the file comment). */
const SAME_SHAPE = 0.7;

/**
 * Drops the detected peaks that are T waves: a peak within the T-wave window after the QRS before it, shaped
 * differently and less steep. Once one is found, every other peak shaped like it rather than like its QRS, and less
 * steep than that QRS, goes too (one that followed a beat the detector missed, say); so does a first peak that lies
 * within the window before the next QRS and is shaped differently and less steep: the T wave of a beat before the
 * record.
 *
 * @param leads - band-passed leads, mV
 * @param peaks - ascending fiducial points of the detected complexes
 * @param slope - the detector's short-window slope energy, per sample (its value at a fiducial point measures steepness)
 * @param samplingRateHz - Hz
 * @returns the peaks that are QRS complexes, ascending
 */
export function rejectTWaves(
  leads: readonly Float64Array[],
  peaks: readonly number[],
  slope: Float64Array,
  samplingRateHz: number,
): number[] {
  const half = Math.max(1, Math.round(HALF_WINDOW_S * samplingRateHz));
  const maxShift = Math.round(MAX_SHIFT_S * samplingRateHz);
  const window = T_WAVE_WINDOW_S * samplingRateHz;
  const alike = (a: number, b: number) => shapeCorrelation(leads, a, b, half, maxShift) >= SAME_SHAPE;
  // Two peaks closer than the window, the one less steep and shaped unlike the other: a QRS and its T wave.
  const pair = (qrs: number, t: number) => Math.abs(t - qrs) < window && slope[t]! < slope[qrs]! && !alike(qrs, t);
  const kept: number[] = [];
  let example: { qrs: number; t: number } | undefined;
  for (const p of peaks) {
    const q = kept[kept.length - 1];
    if (q !== undefined && pair(q, p)) example ??= { qrs: q, t: p };
    else kept.push(p);
  }
  // A T wave at the record's start (its QRS before the record) lies within the window before the next QRS.
  if (kept.length >= 2 && pair(kept[1]!, kept[0]!)) kept.shift();
  if (example === undefined) return kept;
  const { qrs, t } = example;
  return kept.filter((p) => p === qrs || !(slope[p]! < slope[qrs]! && alike(t, p) && !alike(qrs, p)));
}

/**
 * Correlation of the multi-lead segments around `a` and `b` (each lead's segment mean removed, all leads pooled), at
 * the best shift of b's segment within ±maxShift. Near the record's edges the segments are cut to what both have;
 * segments shorter than `half` samples count as alike (1), so that too little signal never drops a peak.
 */
function shapeCorrelation(
  leads: readonly Float64Array[],
  a: number,
  b: number,
  half: number,
  maxShift: number,
): number {
  const n = leads[0]?.length ?? 0;
  let best = -Infinity;
  for (let shift = -maxShift; shift <= maxShift; shift++) {
    const c = b + shift;
    const from = -Math.min(half, a, c);
    const to = Math.min(half, n - 1 - a, n - 1 - c);
    const width = to - from + 1;
    if (width < half) continue;
    let dot = 0;
    let powerA = 0;
    let powerB = 0;
    for (const x of leads) {
      let meanA = 0;
      let meanB = 0;
      for (let t = from; t <= to; t++) {
        meanA += x[a + t]!;
        meanB += x[c + t]!;
      }
      meanA /= width;
      meanB /= width;
      for (let t = from; t <= to; t++) {
        const u = x[a + t]! - meanA;
        const v = x[c + t]! - meanB;
        dot += u * v;
        powerA += u * u;
        powerB += v * v;
      }
    }
    const r = dot / Math.sqrt(powerA * powerB || 1);
    if (r > best) best = r;
  }
  return best === -Infinity ? 1 : best;
}

/**
 * How consistently a P wave precedes each QRS: the median, over the beats of the median beat, of the correlation
 * between the beat's P-wave segment and the median beat's (all leads together, each lead's segment mean removed).
 *
 * Sinus P waves are locked to the QRS and correlate well beat by beat; in atrial fibrillation the median beat can
 * still show a small bump where fibrillatory waves happened to add up, but single beats do not resemble it. So this
 * separates a real P wave from a residue of the median.
 */
import type { MedianBeat } from './median-beat';
import type { PreparedLeads } from './prepare-ecg-leads';

/**
 * @param prepared - the band-passed leads the median beat was built from
 * @param beat - the median beat
 * @param from - start of the P segment, index into the median beat
 * @param to - end of the P segment (exclusive), index into the median beat
 * @returns a correlation in [−1, 1], or undefined when the segment is shorter than two samples
 */
export function pWaveConsistency(
  prepared: PreparedLeads,
  beat: MedianBeat,
  from: number,
  to: number,
): number | undefined {
  if (to - from < 2) return undefined;
  const width = to - from;
  const correlations = beat.alignedFiducials.map((fiducial) => {
    const offset = fiducial - beat.fiducial;
    let dot = 0;
    let beatPower = 0;
    let medianPower = 0;
    beat.leads.forEach((median, lead) => {
      if (!median) return;
      const x = prepared.filtered[lead]!;
      let meanX = 0;
      let meanM = 0;
      for (let t = from; t < to; t++) {
        meanX += x[offset + t]!;
        meanM += median[t]!;
      }
      meanX /= width;
      meanM /= width;
      for (let t = from; t < to; t++) {
        const a = x[offset + t]! - meanX;
        const b = median[t]! - meanM;
        dot += a * b;
        beatPower += a * a;
        medianPower += b * b;
      }
    });
    return dot / Math.sqrt(beatPower * medianPower || 1);
  });
  correlations.sort((a, b) => a - b);
  return correlations[correlations.length >> 1];
}

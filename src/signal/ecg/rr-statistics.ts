/**
 * RR-interval statistics of a record: rate and irregularity.
 *
 * The heart rate is 60000 / mean RR (ms), not 60000 / median RR: the mean over a record is the number of beats per
 * unit time, which is what a "ventricular rate" means in atrial fibrillation, where the RR distribution is skewed and
 * the median under-reads the rate; it is also how the synthetic generator defines its ground truth. The cost is
 * sensitivity to a missed or extra beat, which the detector's search-back and T-wave rules guard against.
 */

/** Rate and irregularity of a series of RR intervals. */
export interface RrStatistics {
  rrIntervalsMs: number[];
  meanRrMs?: number;
  medianRrMs?: number;
  heartRateBpm?: number;
  /** Standard deviation of RR (n − 1) / mean RR. */
  coefficientOfVariation?: number;
  /** Root mean square of successive RR differences / mean RR. */
  normalisedRmssd?: number;
}

/** Fewest RR intervals for a rate, and for the irregularity indices. */
export const MIN_RR_FOR_RATE = 2;
export const MIN_RR_FOR_IRREGULARITY = 4;

/**
 * @param qrs - ascending QRS sample indices
 * @param samplingRateHz - Hz
 */
export function rrStatistics(qrs: readonly number[], samplingRateHz: number): RrStatistics {
  const rr = qrs.slice(1).map((q, i) => ((q - qrs[i]!) * 1000) / samplingRateHz);
  const stats: RrStatistics = { rrIntervalsMs: rr };
  if (rr.length < MIN_RR_FOR_RATE) return stats;
  const mean = rr.reduce((sum, v) => sum + v, 0) / rr.length;
  const sorted = [...rr].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  stats.meanRrMs = mean;
  stats.medianRrMs = sorted.length % 2 === 1 ? sorted[mid]! : 0.5 * (sorted[mid - 1]! + sorted[mid]!);
  stats.heartRateBpm = 60000 / mean;
  if (rr.length < MIN_RR_FOR_IRREGULARITY) return stats;
  const variance = rr.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (rr.length - 1);
  let squaredDifferences = 0;
  for (let i = 1; i < rr.length; i++) squaredDifferences += (rr[i]! - rr[i - 1]!) ** 2;
  stats.coefficientOfVariation = Math.sqrt(variance) / mean;
  stats.normalisedRmssd = Math.sqrt(squaredDifferences / (rr.length - 1)) / mean;
  return stats;
}

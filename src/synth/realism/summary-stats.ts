/**
 * Order statistics for the realism report. Quantiles interpolate linearly between order statistics (numpy's
 * default, `np.percentile(x, q)` and R's type 7), so the MIMIC side can be checked against numpy on the same values.
 */

/** Median and interquartile range of a sample. */
export interface QuantileSummary {
  n: number;
  q1: number;
  median: number;
  q3: number;
}

/**
 * The p-quantile of ascending `sorted` values, interpolating linearly: position p × (n − 1).
 * @param sorted - ascending, not empty
 * @param p - in [0, 1]
 */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of an empty sample');
  const position = p * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  const lower = sorted[below] as number;
  return lower + (position - below) * ((sorted[above] as number) - lower);
}

/** Ascending copy of the finite values. */
function sortedFinite(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
}

/**
 * Median and quartiles of the finite values; undefined when there are none.
 * @param values - any order; NaN and ±Infinity are left out
 */
export function summarise(values: readonly number[]): QuantileSummary | undefined {
  const sorted = sortedFinite(values);
  if (sorted.length === 0) return undefined;
  return {
    n: sorted.length,
    q1: quantileOfSorted(sorted, 0.25),
    median: quantileOfSorted(sorted, 0.5),
    q3: quantileOfSorted(sorted, 0.75),
  };
}

/** The p-quantile of the finite values (linear interpolation); undefined when there are none. */
export function quantile(values: readonly number[], p: number): number | undefined {
  const sorted = sortedFinite(values);
  return sorted.length === 0 ? undefined : quantileOfSorted(sorted, p);
}

/** Arithmetic mean; undefined for an empty sample. */
export function mean(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * The train-split empirical CDF of each of the 50 labs, which turns a raw lab value into the percentile the lab
 * encoder reads. This is Symile-MIMIC's `NaNAwareECDF` (statsmodels' ECDF, side 'right', NaNs left out) as
 * MedTVT-R1 uses it: percentile(x) = (number of training values ≤ x) / (number of training values), so 0 below the
 * smallest training value and 1 from the largest. Each lab also keeps its mean training percentile, the value a
 * missing lab takes (`labs_means.json`: the mean of the training rows' own percentiles).
 */
import { LABS, type LabId, type LabPanel } from '../../shared';

/** One lab's ECDF as a step function over knots (training values, in the lab's catalogue unit). */
export interface LabEcdfEntry {
  lab: LabId;
  /** Number of finite training values. */
  n: number;
  /** Strictly increasing knots. */
  knots: Float64Array;
  /** cumulative[j] = number of training values ≤ knots[j]; the last is n. */
  cumulative: Float64Array;
  /** Mean over the training values of their own percentile, in (0, 1]; 0.5 for a lab with no training values. */
  meanPercentile: number;
}

/** The ECDFs of the 50 labs, in LABS order. */
export interface LabEcdf {
  labs: readonly LabEcdfEntry[];
  /** Largest difference between a stored percentile and the exact ECDF (0 = every distinct value kept). */
  maxError: number;
}

/** Training values per lab, in catalogue units; NaN and ±Infinity are ignored, as missing values. */
export type LabTrainingValues = Partial<Record<LabId, ArrayLike<number>>>;

export interface FitLabEcdfOptions {
  /**
   * Largest percentile error allowed when dropping knots to keep the ECDF small (default 5e-4, must be < 1e-3).
   * Knots are only dropped where the ECDF rises by less than this, so a training set with fewer distinct values
   * than 1 / maxError per lab is stored exactly.
   */
  maxError?: number;
}

/** The percentile of a lab that no training value covers: uninformative, and what its mean would be. */
const NO_DATA_PERCENTILE = 0.5;

/** Largest maxError allowed: the percentile error must stay below 1e-3. */
export const LAB_ECDF_MAX_ERROR_LIMIT = 1e-3;

function collect(train: readonly LabPanel[] | LabTrainingValues, index: number): Float64Array {
  const lab = LABS[index]!;
  if (Array.isArray(train)) {
    const panels = train as readonly LabPanel[];
    const values: number[] = [];
    for (const panel of panels) {
      const value = panel.values[lab.id]?.value;
      if (value !== undefined && Number.isFinite(value)) values.push(value);
    }
    return Float64Array.from(values);
  }
  const given = (train as LabTrainingValues)[lab.id];
  if (!given) return new Float64Array(0);
  return Float64Array.from(Array.prototype.filter.call(given, (v: number) => Number.isFinite(v)) as number[]);
}

function fitOne(lab: LabId, values: Float64Array, maxError: number): LabEcdfEntry {
  const n = values.length;
  if (n === 0) {
    return { lab, n, knots: new Float64Array(0), cumulative: new Float64Array(0), meanPercentile: NO_DATA_PERCENTILE };
  }
  const sorted = values.slice().sort();
  const knots: number[] = [];
  const cumulative: number[] = [];
  // Σ over training values of their percentile = Σ over distinct values u of multiplicity(u) · count(≤ u) / n.
  let percentileSum = 0;
  let lastKept = 0;
  for (let i = 0; i < n;) {
    const value = sorted[i]!;
    let j = i + 1;
    while (j < n && sorted[j] === value) j++;
    percentileSum += (j - i) * (j / n);
    // Dropping this knot would make the ECDF read the last kept count for values in [value, next value).
    if (knots.length === 0 || j === n || (j - lastKept) / n > maxError) {
      knots.push(value);
      cumulative.push(j);
      lastKept = j;
    }
    i = j;
  }
  return {
    lab,
    n,
    knots: Float64Array.from(knots),
    cumulative: Float64Array.from(cumulative),
    meanPercentile: percentileSum / n,
  };
}

/**
 * Fits the 50 lab ECDFs on the training split.
 *
 * @param train - the training split's lab panels (each lab's value, when present, counts once per panel), or the
 *   training values per lab
 * @param options - compression tolerance
 * @throws RangeError when `maxError` is not in [0, 1e-3)
 */
export function fitLabEcdf(train: readonly LabPanel[] | LabTrainingValues, options: FitLabEcdfOptions = {}): LabEcdf {
  const maxError = options.maxError ?? 5e-4;
  if (!(maxError >= 0 && maxError < LAB_ECDF_MAX_ERROR_LIMIT)) {
    throw new RangeError(`fitLabEcdf: maxError must be in [0, ${LAB_ECDF_MAX_ERROR_LIMIT}), got ${maxError}`);
  }
  return { labs: LABS.map((lab, index) => fitOne(lab.id, collect(train, index), maxError)), maxError };
}

/**
 * The training percentile of `value`: the fraction of training values ≤ `value` (within the ECDF's `maxError`).
 *
 * @param entry - one lab's ECDF
 * @param value - a finite value in the lab's catalogue unit
 */
export function labPercentile(entry: LabEcdfEntry, value: number): number {
  const { knots, cumulative, n } = entry;
  if (n === 0) return NO_DATA_PERCENTILE;
  // Largest j with knots[j] ≤ value (binary search for the first knot > value).
  let lo = 0;
  let hi = knots.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (knots[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : cumulative[lo - 1]! / n;
}

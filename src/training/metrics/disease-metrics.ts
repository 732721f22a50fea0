/**
 * The evaluation table of a multi-label prediction: per disease AUROC, AUPRC, F1 at the chosen threshold, Brier
 * score and ECE (10 bins); their macro means; and the paper's example-based P/R/F1 and binary "AUC".
 */
import { DISEASE_IDS, type DiseaseId } from '../../shared';
import { exampleBasedMetrics, type ExampleBasedMetrics } from './example-based-metrics';
import { auprc, auroc } from './ranking-metrics';
import { brierScore, expectedCalibrationError, f1At } from './threshold-metrics';

/** Metric name → value of one disease (or the macro mean). */
export interface BinaryMetrics {
  auroc: number;
  auprc: number;
  f1: number;
  brier: number;
  ece: number;
  /** Fraction of samples with the label. */
  prevalence: number;
}

export interface DiseaseMetricsTable {
  /** Samples evaluated. */
  samples: number;
  perDisease: Record<DiseaseId, BinaryMetrics & { positives: number }>;
  /** Unweighted means over the seven diseases (a NaN disease makes its metric NaN). */
  macro: BinaryMetrics;
  exampleBased: ExampleBasedMetrics;
}

/** Column `j` of an [N × K] row-major matrix. */
export function column(matrix: ArrayLike<number>, k: number, j: number): Float64Array {
  const n = matrix.length / k;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = matrix[i * k + j] as number;
  return out;
}

/**
 * Evaluates calibrated probabilities against labels.
 *
 * @param probabilities - [N × 7] row-major, DISEASE_IDS order
 * @param labels - [N × 7] 0/1
 * @param thresholds - 7 decision thresholds (decision = p ≥ t)
 */
export function evaluatePredictions(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  thresholds: readonly number[],
): DiseaseMetricsTable {
  const k = DISEASE_IDS.length;
  if (probabilities.length !== labels.length || labels.length % k !== 0 || thresholds.length !== k) {
    throw new RangeError(
      `evaluatePredictions: ${probabilities.length} probabilities, ${labels.length} labels, ${thresholds.length} thresholds for ${k} diseases`,
    );
  }
  const perDisease = {} as DiseaseMetricsTable['perDisease'];
  const sums: BinaryMetrics = { auroc: 0, auprc: 0, f1: 0, brier: 0, ece: 0, prevalence: 0 };
  DISEASE_IDS.forEach((id, j) => {
    const p = column(probabilities, k, j);
    const y = column(labels, k, j);
    const positives = y.reduce((a, b) => a + b, 0);
    const metrics: BinaryMetrics = {
      auroc: auroc(p, y),
      auprc: auprc(p, y),
      f1: f1At(p, y, thresholds[j] as number),
      brier: brierScore(p, y),
      ece: expectedCalibrationError(p, y),
      prevalence: y.length === 0 ? NaN : positives / y.length,
    };
    perDisease[id] = { ...metrics, positives };
    for (const key of Object.keys(sums) as (keyof BinaryMetrics)[]) sums[key] += metrics[key];
  });
  const macro = { ...sums };
  for (const key of Object.keys(macro) as (keyof BinaryMetrics)[]) macro[key] /= k;
  const decisions = Float64Array.from(probabilities, (p, i) => (p >= (thresholds[i % k] as number) ? 1 : 0));
  return { samples: labels.length / k, perDisease, macro, exampleBased: exampleBasedMetrics(decisions, labels, k) };
}

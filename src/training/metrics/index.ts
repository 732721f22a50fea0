/** Evaluation metrics (issue 4, deliverable 8): ranking, threshold and calibration metrics, the paper's set metrics. */
export { auroc, auprc, checkBinaryInputs } from './ranking-metrics';
export {
  confusionAt,
  f1At,
  f1FromCounts,
  brierScore,
  expectedCalibrationError,
  ECE_BINS,
  type ConfusionCounts,
} from './threshold-metrics';
export { exampleBasedMetrics, type ExampleBasedMetrics } from './example-based-metrics';
export { evaluatePredictions, column, type BinaryMetrics, type DiseaseMetricsTable } from './disease-metrics';

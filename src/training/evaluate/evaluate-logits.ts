/**
 * Calibration on validation and the evaluation table of one trained fusion head: temperatures and thresholds are
 * fitted on the validation logits only, then applied to the split being reported.
 */
import { applyTemperatures, calibrateDiseases, type DiseaseCalibration } from '../calibration/calibrate-diseases';
import { evaluatePredictions, type DiseaseMetricsTable } from '../metrics/disease-metrics';

/** Evaluates logits with a calibration (temperatures and thresholds from validation). */
export function evaluateLogits(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  calibration: Pick<DiseaseCalibration, 'temperatures' | 'thresholds'>,
): DiseaseMetricsTable {
  return evaluatePredictions(applyTemperatures(logits, calibration.temperatures), labels, calibration.thresholds);
}

/** Fits the calibration on validation, then evaluates validation and test with it. */
export function calibrateAndEvaluate(
  validation: { logits: ArrayLike<number>; labels: ArrayLike<number> },
  test: { logits: ArrayLike<number>; labels: ArrayLike<number> },
): { calibration: DiseaseCalibration; validation: DiseaseMetricsTable; test: DiseaseMetricsTable } {
  const calibration = calibrateDiseases(validation.logits, validation.labels);
  return {
    calibration,
    validation: evaluateLogits(validation.logits, validation.labels, calibration),
    test: evaluateLogits(test.logits, test.labels, calibration),
  };
}

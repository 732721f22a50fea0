/**
 * Metrics of probabilities and thresholded decisions for one binary task: F1 at a threshold, Brier score, expected
 * calibration error.
 */
import { checkBinaryInputs } from './ranking-metrics';

/** Counts of decisions `p ≥ threshold` against the labels. */
export interface ConfusionCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** Confusion counts of the decisions `probability ≥ threshold`. */
export function confusionAt(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold: number,
): ConfusionCounts {
  checkBinaryInputs(probabilities, labels, 'confusionAt');
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < labels.length; i++) {
    const predicted = (probabilities[i] as number) >= threshold;
    const positive = labels[i] === 1;
    if (predicted && positive) counts.tp++;
    else if (predicted) counts.fp++;
    else if (positive) counts.fn++;
    else counts.tn++;
  }
  return counts;
}

/** F1 = 2TP / (2TP + FP + FN); 0 when there is neither a positive label nor a positive decision. */
export function f1FromCounts({ tp, fp, fn }: ConfusionCounts): number {
  const denominator = 2 * tp + fp + fn;
  return denominator === 0 ? 0 : (2 * tp) / denominator;
}

/** F1 of the decisions `probability ≥ threshold`. */
export function f1At(probabilities: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): number {
  return f1FromCounts(confusionAt(probabilities, labels, threshold));
}

/** Brier score: mean squared difference between the probability and the 0/1 label. */
export function brierScore(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkBinaryInputs(probabilities, labels, 'brierScore');
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum += ((probabilities[i] as number) - (labels[i] as number)) ** 2;
  return labels.length === 0 ? NaN : sum / labels.length;
}

/** Bins of the expected calibration error. */
export const ECE_BINS = 10;

/**
 * Expected calibration error of the positive class with `bins` equal-width bins on [0, 1] (a probability p falls in
 * bin min(⌊p·bins⌋, bins − 1), so 1.0 is in the last bin): ECE = Σ_b (n_b / N)·|mean label_b − mean p_b|, empty bins
 * contributing nothing. This is the binary reliability-diagram form (Naeini et al. 2015), per disease.
 */
export function expectedCalibrationError(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = ECE_BINS,
): number {
  checkBinaryInputs(probabilities, labels, 'expectedCalibrationError');
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < labels.length; i++) {
    const p = probabilities[i] as number;
    if (p < 0 || p > 1) throw new RangeError(`expectedCalibrationError: probability ${i} is ${p}, outside [0, 1]`);
    const b = Math.min(Math.floor(p * bins), bins - 1);
    count[b] = (count[b] as number) + 1;
    sumP[b] = (sumP[b] as number) + p;
    sumY[b] = (sumY[b] as number) + (labels[i] as number);
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const n = count[b] as number;
    if (n > 0) ece += (n / labels.length) * Math.abs((sumY[b] as number) / n - (sumP[b] as number) / n);
  }
  return ece;
}

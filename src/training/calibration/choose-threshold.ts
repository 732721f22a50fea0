/**
 * Decision threshold of one disease, chosen on the validation split: the calibrated probability t that maximises F1
 * of the decisions p ≥ t. Candidates are the validation probabilities themselves (every distinct decision set), so
 * the search is exact; among equal F1 the largest threshold wins (fewer positive calls for the same F1).
 */
import { f1FromCounts } from '../metrics/threshold-metrics';

/** The threshold and the validation F1 it gives. */
export interface ChosenThreshold {
  threshold: number;
  f1: number;
}

/** Threshold used when validation has no positive label (F1 is 0 everywhere): decide "likely" above one half. */
export const FALLBACK_THRESHOLD = 0.5;

/**
 * @param probabilities - calibrated validation probabilities
 * @param labels - 0/1
 */
export function chooseThreshold(probabilities: ArrayLike<number>, labels: ArrayLike<number>): ChosenThreshold {
  if (probabilities.length !== labels.length) {
    throw new RangeError(`chooseThreshold: ${probabilities.length} probabilities but ${labels.length} labels`);
  }
  const order = Array.from({ length: probabilities.length }, (_, i) => i).sort(
    (a, b) => (probabilities[b] as number) - (probabilities[a] as number),
  );
  let totalPositives = 0;
  for (let i = 0; i < labels.length; i++) totalPositives += labels[i] === 1 ? 1 : 0;
  if (totalPositives === 0) return { threshold: FALLBACK_THRESHOLD, f1: 0 };
  let best: ChosenThreshold = { threshold: 1, f1: -1 };
  let tp = 0;
  let fp = 0;
  // Walk thresholds from the highest probability down; a tie group enters the positive calls together.
  for (let start = 0; start < order.length;) {
    const value = probabilities[order[start] as number] as number;
    let end = start;
    while (end < order.length && probabilities[order[end] as number] === value) {
      if (labels[order[end] as number] === 1) tp++;
      else fp++;
      end++;
    }
    const f1 = f1FromCounts({ tp, fp, fn: totalPositives - tp, tn: 0 });
    if (f1 > best.f1) best = { threshold: value, f1 };
    start = end;
  }
  return best;
}

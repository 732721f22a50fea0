/**
 * The MedTVT-R1 paper's set-valued metrics (medtvt-r1.md §4.1, its `evaluate.py`), computed from thresholded
 * decisions instead of parsed `<answer>` strings: per sample the predicted label set is {d : p_d ≥ t_d} and the gold
 * set the true labels.
 */
import { auroc } from './ranking-metrics';

/** Example-based precision, recall and F1 (means over samples) and the paper's binary "AUC". */
export interface ExampleBasedMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** roc_auc_score on the pooled 0/1 decisions vs labels: balanced accuracy, (TPR + TNR) / 2. */
  binaryAuc: number;
}

/**
 * P = |pred ∩ gold| / |pred|, R = |pred ∩ gold| / |gold|, F1 = 2PR / (P + R) per sample, then averaged over all
 * samples. Empty sets follow `evaluate.py`, where an empty `<answer></answer>` splits to the set {""}: both empty
 * scores P = R = F1 = 1; only one empty scores 0 for all three.
 *
 * @param decisions - [N × K] row-major 0/1 decisions
 * @param labels - [N × K] row-major 0/1 labels
 * @param k - labels per sample (7)
 */
export function exampleBasedMetrics(
  decisions: ArrayLike<number>,
  labels: ArrayLike<number>,
  k: number,
): ExampleBasedMetrics {
  if (decisions.length !== labels.length || labels.length % k !== 0) {
    throw new RangeError(`exampleBasedMetrics: ${decisions.length} decisions and ${labels.length} labels for K = ${k}`);
  }
  const n = labels.length / k;
  let precision = 0;
  let recall = 0;
  let f1 = 0;
  for (let s = 0; s < n; s++) {
    let predicted = 0;
    let gold = 0;
    let both = 0;
    for (let j = s * k; j < (s + 1) * k; j++) {
      const d = decisions[j] === 1;
      const y = labels[j] === 1;
      if (d) predicted++;
      if (y) gold++;
      if (d && y) both++;
    }
    if (predicted === 0 && gold === 0) {
      precision += 1;
      recall += 1;
      f1 += 1;
      continue;
    }
    const p = predicted === 0 ? 0 : both / predicted;
    const r = gold === 0 ? 0 : both / gold;
    precision += p;
    recall += r;
    f1 += p + r === 0 ? 0 : (2 * p * r) / (p + r);
  }
  return {
    precision: precision / n,
    recall: recall / n,
    f1: f1 / n,
    binaryAuc: auroc(decisions, labels),
  };
}

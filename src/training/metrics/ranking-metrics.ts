/**
 * Threshold-free ranking metrics of one binary task: AUROC and AUPRC (average precision). Both are NaN when the
 * labels hold only one class, where they are undefined.
 */

/** Checks that scores and labels pair up; labels must be 0 or 1. */
export function checkBinaryInputs(scores: ArrayLike<number>, labels: ArrayLike<number>, what: string): void {
  if (scores.length !== labels.length) {
    throw new RangeError(`${what}: ${scores.length} scores but ${labels.length} labels`);
  }
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (y !== 0 && y !== 1) throw new RangeError(`${what}: label ${i} is ${String(y)}, expected 0 or 1`);
    if (!Number.isFinite(scores[i])) throw new RangeError(`${what}: score ${i} is not a finite number`);
  }
}

/** Indices of `scores` sorted by score, descending (stable). */
function descendingOrder(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number) || a - b,
  );
}

/**
 * Area under the ROC curve as the Mann–Whitney U statistic with mid-ranks for ties:
 * AUROC = (Σ rank of positives − n₁(n₁+1)/2) / (n₁·n₀), which equals the trapezoidal ROC area (a tie between a
 * positive and a negative counts ½).
 *
 * @param scores - higher = more likely positive
 * @param labels - 0/1
 * @returns NaN when there are no positives or no negatives
 */
export function auroc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkBinaryInputs(scores, labels, 'auroc');
  const order = descendingOrder(scores).reverse(); // ascending
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    const value = scores[order[start] as number];
    while (end < order.length && scores[order[end] as number] === value) end++;
    // Ranks are 1-based; a tie group [start, end) shares the mean rank (start + 1 + end) / 2.
    const midRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      if (labels[order[k] as number] === 1) {
        positives++;
        rankSum += midRank;
      }
    }
    start = end;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Average precision, the step-wise area under the precision–recall curve as scikit-learn's
 * `average_precision_score` defines it: AP = Σₖ (Rₖ − Rₖ₋₁)·Pₖ over the distinct score thresholds, highest first
 * (tied scores enter together, no interpolation).
 *
 * @returns NaN when there are no positives
 */
export function auprc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkBinaryInputs(scores, labels, 'auprc');
  const order = descendingOrder(scores);
  let totalPositives = 0;
  for (let i = 0; i < labels.length; i++) totalPositives += labels[i] as number;
  if (totalPositives === 0) return NaN;
  let tp = 0;
  let seen = 0;
  let previousRecall = 0;
  let ap = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    const value = scores[order[start] as number];
    while (end < order.length && scores[order[end] as number] === value) {
      tp += labels[order[end] as number] as number;
      end++;
    }
    seen = end;
    const recall = tp / totalPositives;
    ap += (recall - previousRecall) * (tp / seen);
    previousRecall = recall;
    start = end;
  }
  return ap;
}

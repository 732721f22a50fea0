/**
 * Area under the ROC curve by the Mann–Whitney U statistic, ties counted as one half: the probability that a random
 * positive scores above a random negative. Midranks make it exact with ties, and O(n log n).
 */

/** An AUROC with the class counts it was computed from. */
export interface BinaryAuroc {
  /** In [0, 1]; null when either class is empty (the AUROC is undefined). */
  auroc: number | null;
  positives: number;
  negatives: number;
}

/**
 * AUROC of `scores` against binary `labels`.
 *
 * @param scores - one finite score per case; higher means "more likely positive"
 * @param labels - one label per case, true = positive
 * @throws RangeError when the lengths differ or a score is not finite
 */
export function mannWhitneyAuroc(scores: ArrayLike<number>, labels: ArrayLike<boolean>): BinaryAuroc {
  if (scores.length !== labels.length) {
    throw new RangeError(`AUROC: ${scores.length} scores but ${labels.length} labels`);
  }
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i);
  for (const i of order) {
    if (!Number.isFinite(scores[i])) throw new RangeError(`AUROC: score ${i} is not finite (${scores[i]})`);
  }
  order.sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && scores[order[end] as number] === scores[order[start] as number]) end++;
    // Ranks are 1-based; a run of ties [start, end) shares the mean of ranks start+1 … end.
    const midrank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      if (labels[order[k] as number]) {
        positives++;
        positiveRankSum += midrank;
      }
    }
    start = end;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return { auroc: null, positives, negatives };
  const u = positiveRankSum - (positives * (positives + 1)) / 2;
  return { auroc: u / (positives * negatives), positives, negatives };
}

import { mannWhitneyAuroc } from './auroc';

const bools = (labels: number[]) => labels.map((l) => l === 1);

describe('mannWhitneyAuroc', () => {
  it('gives 1 when every positive outscores every negative and 0 when every negative does', () => {
    const scores = [0.1, 0.2, 0.7, 0.9];

    const perfect = mannWhitneyAuroc(scores, bools([0, 0, 1, 1]));
    const reversed = mannWhitneyAuroc(scores, bools([1, 1, 0, 0]));

    expect(perfect).toEqual({ auroc: 1, positives: 2, negatives: 2 });
    expect(reversed).toEqual({ auroc: 0, positives: 2, negatives: 2 });
  });

  it('counts a tie between a positive and a negative as one half', () => {
    // Closed form by hand: one positive, one negative, equal scores → U = 0.5, AUROC = 0.5 / (1 · 1).
    expect(mannWhitneyAuroc([0.3, 0.3], [true, false]).auroc).toBe(0.5);
    // All eight scores equal → every pair ties → 0.5 whatever the labels.
    expect(mannWhitneyAuroc(new Array(8).fill(2), bools([1, 0, 0, 1, 1, 0, 0, 0])).auroc).toBe(0.5);
  });

  it('matches the pair count worked out by hand on a small case with ties', () => {
    // Positives 0.4, 0.8, 0.4, 0.1 against negatives 0.1, 0.4, 0.2, 0.9: wins + ½ ties per positive are
    // 2.5, 3, 2.5, 0.5 → 8.5 of 16 pairs = 0.53125 (also scipy.stats.mannwhitneyu(pos, neg).statistic / 16).
    const scores = [0.1, 0.4, 0.4, 0.8, 0.4, 0.2, 0.9, 0.1];

    const result = mannWhitneyAuroc(scores, bools([0, 1, 0, 1, 1, 0, 0, 1]));

    expect(result).toEqual({ auroc: 0.53125, positives: 4, negatives: 4 });
  });

  it('matches scipy on 40 scores rounded to one decimal (many ties)', () => {
    // numpy default_rng(3): s = round(normal(40), 1); y = random(40) < 0.3 + 0.3·(s > 0);
    // scipy.stats.mannwhitneyu(s[y==1], s[y==0]).statistic / (17 · 23) = 0.6061381074168798.
    const scores = [
      2.0, -2.6, 0.4, -0.6, -0.5, -0.2, -2.0, -0.2, -0.9, 3.3, 0.2, -0.4, -0.3, -0.7, -1.1, -0.4, 0.5, -0.2, 1.0, -0.2,
      0.0, 1.5, 0.5, -0.5, -0.2, 0.5, 1.9, -0.3, -0.2, 1.0, -0.9, -0.3, 0.9, 0.6, 0.1, 0.7, -2.8, 1.0, -1.0, -1.7,
    ];
    const labels = [
      0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1,
      0, 1,
    ];

    const result = mannWhitneyAuroc(scores, bools(labels));

    expect(result.positives).toBe(17);
    expect(result.negatives).toBe(23);
    expect(result.auroc).toBeCloseTo(0.6061381074168798, 12);
  });

  it('is undefined (null) when a class is empty, and says how many of each there were', () => {
    expect(mannWhitneyAuroc([0.2, 0.5], [false, false])).toEqual({ auroc: null, positives: 0, negatives: 2 });
    expect(mannWhitneyAuroc([], [])).toEqual({ auroc: null, positives: 0, negatives: 0 });
  });

  it('rejects mismatched lengths and non-finite scores', () => {
    expect(() => mannWhitneyAuroc([0.1, 0.2], [true])).toThrow('2 scores but 1 labels');
    expect(() => mannWhitneyAuroc([0.1, Number.NaN], [true, false])).toThrow('score 1 is not finite');
  });
});

/**
 * Metrics against values computed independently with numpy/scipy (script in the comments): scipy.stats.mannwhitneyu
 * for AUROC, by-hand numpy for AP, Brier, ECE and the example-based metrics, and the closed form
 * (TPR + TNR) / 2 for the binary "AUC".
 */
import { DISEASE_IDS } from '../../shared';
import { evaluatePredictions } from './disease-metrics';
import { exampleBasedMetrics } from './example-based-metrics';
import { auprc, auroc } from './ranking-metrics';
import { brierScore, expectedCalibrationError, f1At } from './threshold-metrics';

// Scores with ties inside a class and across classes (0.8 and 0.5 each hold positives and negatives).
const scores = [0.9, 0.8, 0.8, 0.7, 0.6, 0.55, 0.5, 0.5, 0.4, 0.3, 0.2, 0.1, 0.8, 0.5];
const labels = [1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0];

describe('ranking metrics', () => {
  it('AUROC equals the Mann–Whitney U / (n1·n0) that scipy computes, ties counting one half', () => {
    // scipy.stats.mannwhitneyu(pos, neg).statistic / (7 * 7) = 0.7346938775510204
    expect(auroc(scores, labels)).toBeCloseTo(0.7346938775510204, 12);
  });

  it('AUPRC is the step-wise average precision over distinct thresholds (numpy by hand)', () => {
    // Σ over unique thresholds, descending, of (R_k − R_{k−1})·P_k = 0.7361067503924646
    expect(auprc(scores, labels)).toBeCloseTo(0.7361067503924646, 12);
  });

  it('a perfect ranking gives 1 and a reversed one 0; a single class gives NaN', () => {
    expect(auroc([0.1, 0.2, 0.9], [0, 0, 1])).toBe(1);
    expect(auroc([0.9, 0.2, 0.1], [0, 0, 1])).toBe(0);
    expect(auroc([0.1, 0.2], [1, 1])).toBeNaN();
    expect(auprc([0.1, 0.2], [0, 0])).toBeNaN();
  });

  it('rejects labels other than 0 and 1 and mismatched lengths', () => {
    expect(() => auroc([0.1, 0.2], [0, 2])).toThrow(/label 1 is 2/);
    expect(() => auroc([0.1], [0, 1])).toThrow(/1 scores but 2 labels/);
  });
});

describe('threshold and calibration metrics', () => {
  it('F1 at 0.5, Brier and 10-bin ECE match numpy', () => {
    // numpy: pred = s >= 0.5; 2tp / (2tp + fp + fn) = 0.7058823529411765
    expect(f1At(scores, labels, 0.5)).toBeCloseTo(0.7058823529411765, 12);
    // np.mean((s - y) ** 2) = 0.21660714285714286
    expect(brierScore(scores, labels)).toBeCloseTo(0.21660714285714286, 12);
    // bins min(floor(10 s), 9); Σ n_b/N |mean y_b − mean s_b| = 0.21785714285714286
    expect(expectedCalibrationError(scores, labels)).toBeCloseTo(0.21785714285714286, 12);
  });
});

describe('the paper’s example-based metrics', () => {
  // Five samples: partial overlap, prediction empty, superset gold, both empty, disjoint.
  const decisions = [
    [1, 0, 1, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0, 0],
    [1, 1, 1, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0, 0],
    [0, 1, 0, 0, 1, 0, 1],
  ].flat();
  const gold = [
    [1, 0, 0, 0, 0, 0, 0],
    [0, 0, 1, 0, 0, 0, 0],
    [1, 1, 1, 0, 0, 0, 1],
    [0, 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 1, 0, 0, 0],
  ].flat();

  it('averages per-sample P, R, F1 (both-empty = 1) and gives balanced accuracy as the binary AUC', () => {
    const result = exampleBasedMetrics(decisions, gold, 7);

    // numpy by hand: P = [0.5, 0, 1, 1, 0], R = [1, 0, 0.75, 1, 0], F1 = [2/3, 0, 6/7, 1, 0]
    expect(result.precision).toBeCloseTo(0.5, 12);
    expect(result.recall).toBeCloseTo(0.55, 12);
    expect(result.f1).toBeCloseTo(0.5047619047619047, 12);
    // (TPR + TNR) / 2 on the 35 pooled decisions: TPR 4/7, TNR 24/28 → 0.7142857142857142
    expect(result.binaryAuc).toBeCloseTo(0.7142857142857142, 12);
  });
});

describe('evaluatePredictions', () => {
  it('reports each disease column and their unweighted macro mean', () => {
    const k = DISEASE_IDS.length;
    const probabilities = new Float64Array(scores.length * k);
    const matrixLabels = new Float64Array(scores.length * k);
    scores.forEach((s, i) => {
      for (let j = 0; j < k; j++) {
        // Column j holds the same data, shifted by j·0.01 (order kept, so the AUROC is the same in every column).
        probabilities[i * k + j] = Math.min(1, s + j * 0.01);
        matrixLabels[i * k + j] = labels[i] as number;
      }
    });

    const table = evaluatePredictions(probabilities, matrixLabels, new Array<number>(k).fill(0.5));

    expect(table.samples).toBe(scores.length);
    expect(table.perDisease['coronary-artery-disease'].auroc).toBeCloseTo(0.7346938775510204, 12);
    expect(table.macro.auroc).toBeCloseTo(0.7346938775510204, 12);
    expect(table.perDisease.sepsis.positives).toBe(7);
    expect(table.macro.prevalence).toBeCloseTo(0.5, 12);
  });
});

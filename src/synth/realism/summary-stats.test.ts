import { mean, quantile, summarise } from './summary-stats';

describe('summary statistics', () => {
  it('matches numpy.percentile (linear interpolation) on an unsorted sample', () => {
    const values = [7, 1, 3, 10, 2.5, 4];

    const summary = summarise(values);

    // numpy: np.percentile([7, 1, 3, 10, 2.5, 4], [25, 50, 75, 95]) = [2.625, 3.5, 6.25, 9.25]
    expect(summary).toEqual({ n: 6, q1: 2.625, median: 3.5, q3: 6.25 });
    expect(quantile(values, 0.95)).toBeCloseTo(9.25, 12);
  });

  it('leaves out non-finite values and gives nothing for an empty sample', () => {
    expect(summarise([5, Number.NaN, Number.POSITIVE_INFINITY])).toEqual({ n: 1, q1: 5, median: 5, q3: 5 });
    expect(summarise([])).toBeUndefined();
    expect(quantile([Number.NaN], 0.5)).toBeUndefined();
    expect(mean([])).toBeUndefined();
  });

  it('averages a sample', () => {
    expect(mean([1, 2, 6])).toBe(3);
  });
});

/**
 * Calibration against scipy: the temperature from scipy.optimize.minimize_scalar (bounded, on log T) of the same NLL,
 * the threshold from a brute-force numpy search over every candidate (ties → the larger threshold).
 */
import { chooseThreshold } from './choose-threshold';
import { fitTemperature, temperatureNll } from './fit-temperature';

const probabilities = [0.9, 0.8, 0.8, 0.7, 0.6, 0.55, 0.5, 0.5, 0.4, 0.3, 0.2, 0.1, 0.8, 0.5];
const labels = [1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0];

describe('fitTemperature', () => {
  it('finds the NLL-minimising temperature that scipy finds for over-confident logits', () => {
    // Logits of the probabilities, sharpened 3×: logit(p)·3.
    const logits = probabilities.map((p) => Math.log(p / (1 - p)) * 3);

    const temperature = fitTemperature(logits, labels);

    // scipy.optimize.minimize_scalar(nll, bounds=(log 0.05, log 20), method='bounded', xatol=1e-10) → 3.9942438295231253
    expect(temperature).toBeCloseTo(3.9942438295231253, 4);
    expect(temperatureNll(logits, labels, temperature)).toBeLessThan(temperatureNll(logits, labels, 1));
  });

  it('returns 1 when validation holds a single class', () => {
    expect(fitTemperature([1, 2, 3], [0, 0, 0])).toBe(1);
  });
});

describe('chooseThreshold', () => {
  it('picks the validation probability with the best F1, as a brute-force numpy search does', () => {
    const chosen = chooseThreshold(probabilities, labels);

    // numpy over np.unique(p): best F1 0.7142857142857143 at t = 0.55
    expect(chosen.threshold).toBe(0.55);
    expect(chosen.f1).toBeCloseTo(0.7142857142857143, 12);
  });

  it('falls back to one half when validation has no positive', () => {
    expect(chooseThreshold([0.2, 0.7], [0, 0]).threshold).toBe(0.5);
  });
});

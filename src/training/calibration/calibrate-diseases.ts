/**
 * Calibration of all seven outputs on the validation split: a temperature per disease (minimum NLL), then the
 * F1-maximising threshold on the temperature-scaled probabilities.
 */
import { DISEASE_IDS } from '../../shared';
import { column } from '../metrics/disease-metrics';
import { chooseThreshold } from './choose-threshold';
import { fitTemperature } from './fit-temperature';

/** Per disease, in DISEASE_IDS order. */
export interface DiseaseCalibration {
  temperatures: number[];
  thresholds: number[];
  /** Validation F1 at each chosen threshold. */
  validationF1: number[];
}

/** σ(z / T), stable. */
export function calibratedProbability(logit: number, temperature: number): number {
  const z = logit / temperature;
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Applies per-disease temperatures to [N × 7] logits. */
export function applyTemperatures(logits: ArrayLike<number>, temperatures: readonly number[]): Float64Array {
  const k = temperatures.length;
  return Float64Array.from(logits, (z, i) => calibratedProbability(z, temperatures[i % k] as number));
}

/**
 * @param logits - validation logits [N × 7]
 * @param labels - validation labels [N × 7]
 */
export function calibrateDiseases(logits: ArrayLike<number>, labels: ArrayLike<number>): DiseaseCalibration {
  const k = DISEASE_IDS.length;
  const out: DiseaseCalibration = { temperatures: [], thresholds: [], validationF1: [] };
  for (let j = 0; j < k; j++) {
    const z = column(logits, k, j);
    const y = column(labels, k, j);
    const temperature = fitTemperature(z, y);
    const chosen = chooseThreshold(
      z.map((v) => calibratedProbability(v, temperature)),
      y,
    );
    out.temperatures.push(temperature);
    out.thresholds.push(chosen.threshold);
    out.validationF1.push(chosen.f1);
  }
  return out;
}

/**
 * Age and sex of an adult inpatient. The age mixture (80 % N(68, 13), 20 % N(48, 15), truncated to 18–95) gives a
 * median near 66 with a long younger tail, like MIMIC-IV admissions carrying cardiometabolic or infectious diagnoses
 * (the demo's 147 admissions: median 62, IQR 56–75). The at-least-one-disease rejection in sample-clinical-profile.ts
 * shifts it slightly older. Keep in sync with scripts/calibration/fit_disease_model.py.
 */
import type { Random } from '../random';
import type { Sex } from '../types';

export const MIN_AGE = 18;
export const MAX_AGE = 95;
export const MALE_PROBABILITY = 0.52;

export interface Demographics {
  sex: Sex;
  /** Whole years, 18–95. */
  ageYears: number;
  /** Unrounded age, used by the disease model. */
  exactAge: number;
}

export function sampleDemographics(rng: Random): Demographics {
  const young = rng.bernoulli(0.2);
  const exactAge = young
    ? rng.truncatedNormal(48, 15, MIN_AGE, MAX_AGE)
    : rng.truncatedNormal(68, 13, MIN_AGE, MAX_AGE);
  const sex: Sex = rng.bernoulli(MALE_PROBABILITY) ? 'male' : 'female';
  return { sex, ageYears: Math.floor(exactAge), exactAge };
}

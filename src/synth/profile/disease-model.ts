/**
 * A latent-factor (multivariate probit) model of which of the 7 diseases an admission carries. Each disease has a
 * liability z = intercept + age and sex effects + loadings × three shared factors + its own noise; it is present when
 * z > 0. The shared factors give the co-occurrence real admissions show: a metabolic factor (hypertension, diabetes,
 * CAD), an infection factor (sepsis, pneumonia, acute renal failure) and a cardiac factor (CAD, atrial fibrillation).
 * Age raises hypertension, CAD and AF most. The liability's excess above 0 also sets severity, so a septic patient
 * deep in the infection factor tends to have severe sepsis and a kidney injury.
 *
 * Loadings, slopes and shifts must match scripts/calibration/fit_disease_model.py, which fits the intercepts.
 */
import { DISEASE_IDS, type DiseaseId } from '../../shared';
import type { Random } from '../random';
import type { Sex } from '../types';
import type { PrevalenceRegime } from './prevalence';

/** Loadings on the (metabolic, infection, cardiac) factors; each row's squares sum below 1. */
const LOADINGS: Readonly<Record<DiseaseId, readonly [number, number, number]>> = {
  'coronary-artery-disease': [0.4, 0, 0.5],
  'acute-renal-failure': [0.2, 0.55, 0.1],
  hypertension: [0.5, 0, 0.15],
  'atrial-fibrillation': [0.1, 0.05, 0.55],
  pneumonia: [0, 0.6, 0],
  'diabetes-mellitus': [0.5, 0, 0],
  sepsis: [0, 0.75, 0],
};

/** Liability change per 15 years above 65. */
const AGE_SLOPE: Readonly<Record<DiseaseId, number>> = {
  'coronary-artery-disease': 0.35,
  'acute-renal-failure': 0.15,
  hypertension: 0.4,
  'atrial-fibrillation': 0.55,
  pneumonia: 0.1,
  'diabetes-mellitus': 0.15,
  sepsis: 0.1,
};

/** Liability shift for men (CAD and AF are commoner in men at the same age). */
const MALE_SHIFT: Readonly<Record<DiseaseId, number>> = {
  'coronary-artery-disease': 0.3,
  'acute-renal-failure': 0.1,
  hypertension: 0,
  'atrial-fibrillation': 0.1,
  pneumonia: 0,
  'diabetes-mellitus': 0,
  sepsis: 0.05,
};

/** Liability excess at which severity reaches 1 − 1/e before noise. */
const SEVERITY_SCALE = 0.8;

export interface DiseaseDraw {
  /** Present diseases in catalogue order; may be empty (the caller rejects those). */
  diseases: DiseaseId[];
  severity: Partial<Record<DiseaseId, number>>;
  /** The shared factors drawn, for phenotype links (e.g. the infection factor deepens shock). */
  factors: { metabolic: number; infection: number; cardiac: number };
}

/**
 * Draws one disease set for a patient of the given age and sex.
 * @param regime - Prevalence regime whose intercepts to use.
 */
export function sampleDiseaseSet(rng: Random, exactAge: number, sex: Sex, regime: PrevalenceRegime): DiseaseDraw {
  const factors = { metabolic: rng.normal(), infection: rng.normal(), cardiac: rng.normal() };
  const ageTerm = (exactAge - 65) / 15;
  const diseases: DiseaseId[] = [];
  const severity: Partial<Record<DiseaseId, number>> = {};
  for (const id of DISEASE_IDS) {
    const [lm, li, lc] = LOADINGS[id];
    const unique = Math.sqrt(1 - lm * lm - li * li - lc * lc);
    const z =
      regime.intercepts[id] +
      AGE_SLOPE[id] * ageTerm +
      (sex === 'male' ? MALE_SHIFT[id] : 0) +
      lm * factors.metabolic +
      li * factors.infection +
      lc * factors.cardiac +
      unique * rng.normal();
    const noise = rng.normal(0, 0.08);
    if (z > 0) {
      diseases.push(id);
      severity[id] = Math.min(1, Math.max(0.05, 1 - Math.exp(-z / SEVERITY_SCALE) + noise));
    }
  }
  return { diseases, severity, factors };
}

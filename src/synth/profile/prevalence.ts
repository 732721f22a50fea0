/**
 * Prevalence regimes of the synthetic cohort: the target marginals of the 7 disease categories and the latent-model
 * intercepts fitted to them. Every regime describes admissions with at least one of the 7 categories (MedTVT-QA's
 * rows were filtered that way), so the mean number of diagnoses equals the sum of the marginals.
 */
import type { DiseaseId } from '../../shared';

export type PrevalenceName = 'medtvt-qa' | 'mimic-demo';

export interface PrevalenceRegime {
  name: PrevalenceName;
  /** Target probability of each disease among admissions with at least one of the 7. */
  marginals: Readonly<Record<DiseaseId, number>>;
  /** Latent-model intercepts (disease-model.ts) that reproduce `marginals` after the at-least-one rejection. */
  intercepts: Readonly<Record<DiseaseId, number>>;
}

/** MedTVT-QA training split: 8,331 samples. */
const MEDTVT_QA_SAMPLES = 8331;

/**
 * MedTVT-QA training counts (../shared/reference/medtvt-r1.md §2.3; the figure's pie labels for pneumonia and
 * diabetes are swapped back to match their sub-code sums). Sum 24,579 → 2.95 diagnoses per sample; HTN 77.5 %.
 */
const MEDTVT_QA_COUNTS: Record<DiseaseId, number> = {
  'coronary-artery-disease': 3893,
  'acute-renal-failure': 3081,
  hypertension: 6456,
  'atrial-fibrillation': 3298,
  pneumonia: 1490,
  'diabetes-mellitus': 3298,
  sepsis: 3063,
};

/**
 * MIMIC-IV demo (../shared/data/mimic-iv-demo, 147 admissions; 116 have at least one of the 7), computed by
 * scripts/calibration/disease_prevalence.py with the catalogue's mapping (ICD-10 by category: I25, N17, I10–I13/I15,
 * I48, J18, E10/E11/E13/E14, A40/A41/R65.2x; ICD-9 by prefix). Counts among the 116 (mean 2.49 diagnoses):
 * CAD 32, ARF 36, HTN 100, AF 35, pneumonia 7, DM 64, sepsis 15. Among all 147 admissions: 0.218, 0.245, 0.680,
 * 0.238, 0.048, 0.435, 0.102 (mean 1.97). Pairwise lift P(a∧b)/(P(a)P(b)) among the 116: sepsis–ARF 1.93,
 * sepsis–pneumonia 2.21, ARF–pneumonia 1.84, CAD–AF 2.07, CAD–DM 1.36 (small counts: 15 sepsis, 7 pneumonia).
 * J18 only: pneumonia coded J12–J17 or J69 does not count, which is why pneumonia is rare here.
 */
const MIMIC_DEMO_ADMISSIONS = 116;
const MIMIC_DEMO_COUNTS: Record<DiseaseId, number> = {
  'coronary-artery-disease': 32,
  'acute-renal-failure': 36,
  hypertension: 100,
  'atrial-fibrillation': 35,
  pneumonia: 7,
  'diabetes-mellitus': 64,
  sepsis: 15,
};

function fractions(counts: Record<DiseaseId, number>, total: number): Record<DiseaseId, number> {
  const out = { ...counts };
  for (const id of Object.keys(out) as DiseaseId[]) out[id] = counts[id] / total;
  return out;
}

/**
 * Intercepts from scripts/calibration/fit_disease_model.py (2,000,000 Monte Carlo draws of the same model; fitted
 * marginals within 0.0002 of the targets). Refit there whenever a loading, slope or the age mixture changes.
 */
export const PREVALENCE_REGIMES: Readonly<Record<PrevalenceName, PrevalenceRegime>> = {
  'medtvt-qa': {
    name: 'medtvt-qa',
    marginals: fractions(MEDTVT_QA_COUNTS, MEDTVT_QA_SAMPLES),
    intercepts: {
      'coronary-artery-disease': -0.305,
      'acute-renal-failure': -0.446,
      hypertension: 0.6599,
      'atrial-fibrillation': -0.3945,
      pneumonia: -0.965,
      'diabetes-mellitus': -0.3288,
      sepsis: -0.4272,
    },
  },
  'mimic-demo': {
    name: 'mimic-demo',
    marginals: fractions(MIMIC_DEMO_COUNTS, MIMIC_DEMO_ADMISSIONS),
    intercepts: {
      'coronary-artery-disease': -0.8311,
      'acute-renal-failure': -0.6099,
      hypertension: 0.9207,
      'atrial-fibrillation': -0.6769,
      pneumonia: -1.5901,
      'diabetes-mellitus': 0.0354,
      sepsis: -1.2011,
    },
  },
};

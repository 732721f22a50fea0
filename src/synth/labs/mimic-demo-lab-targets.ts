/**
 * Calibration targets for the synthetic labs: the MIMIC-IV demo's first value of each lab around admission.
 *
 * How they were computed (scripts/calibration/lab_targets.py --ts, numpy percentiles with linear interpolation):
 * for each admission in ../shared/data/mimic-iv-demo/hosp/admissions.csv.gz and each of the 50 catalogue itemids,
 * the earliest labevents row of the same subject with a numeric valuenum and charttime within ±24 h of admittime
 * (matched on subject and time, not hadm_id, since ED draws before admission carry none). `presence` is the fraction
 * of admissions with such a value; q25/median/q75 are over the admissions where present; `n` is that count.
 * `withDisease` keeps the 116 admissions with at least one of the 7 categories (the population every synthetic
 * profile belongs to: compare it with the generator under the 'mimic-demo' prevalence); `all` has all 147.
 * Values are in MIMIC's units, which equal the catalogue units for all 50 labs (MCHC: % ≡ g/dL).
 */
import type { LabId } from '../../shared';

export interface LabTarget {
  n: number;
  presence: number;
  q25: number;
  median: number;
  q75: number;
}

// prettier-ignore
export const MIMIC_DEMO_LAB_TARGETS: {
  readonly withDisease: Readonly<Record<LabId, LabTarget>>;
  readonly all: Readonly<Record<LabId, LabTarget>>;
} = {
  withDisease: {
  'base-excess': { n: 34, presence: 0.293, q25: -3.75, median: 0, q75: 1.75 },
  'calculated-total-co2': { n: 34, presence: 0.293, q25: 21.25, median: 24, q75: 29.75 },
  'lactate': { n: 63, presence: 0.543, q25: 1.15, median: 1.6, q75: 2.4 },
  'pco2': { n: 34, presence: 0.293, q25: 33, median: 39, q75: 50 },
  'ph': { n: 35, presence: 0.302, q25: 7.285, median: 7.37, q75: 7.44 },
  'po2': { n: 34, presence: 0.293, q25: 52.75, median: 89.5, q75: 151.5 },
  'alt': { n: 63, presence: 0.543, q25: 18, median: 23, q75: 32 },
  'albumin': { n: 58, presence: 0.500, q25: 3.125, median: 3.7, q75: 4 },
  'alkaline-phosphatase': { n: 64, presence: 0.552, q25: 78.75, median: 93, q75: 116.5 },
  'anion-gap': { n: 113, presence: 0.974, q25: 14, median: 15, q75: 18 },
  'ast': { n: 64, presence: 0.552, q25: 18.75, median: 29.5, q75: 42 },
  'bicarbonate': { n: 113, presence: 0.974, q25: 22, median: 24, q75: 26 },
  'bilirubin-total': { n: 63, presence: 0.543, q25: 0.2, median: 0.4, q75: 0.7 },
  'calcium-total': { n: 100, presence: 0.862, q25: 8.275, median: 8.8, q75: 9.2 },
  'chloride': { n: 114, presence: 0.983, q25: 94, median: 100, q75: 103 },
  'creatine-kinase': { n: 22, presence: 0.190, q25: 69.5, median: 114, q75: 147.2 },
  'creatinine': { n: 114, presence: 0.983, q25: 0.8, median: 1.05, q75: 1.6 },
  'glucose': { n: 113, presence: 0.974, q25: 114, median: 146, q75: 230 },
  'hemolysis-index': { n: 43, presence: 0.371, q25: 5, median: 10, q75: 36 },
  'icterus-index': { n: 43, presence: 0.371, q25: 0, median: 0, q75: 1 },
  'magnesium': { n: 104, presence: 0.897, q25: 1.675, median: 1.9, q75: 2 },
  'phosphate': { n: 100, presence: 0.862, q25: 2.8, median: 3.35, q75: 4.2 },
  'potassium': { n: 114, presence: 0.983, q25: 3.9, median: 4.3, q75: 4.8 },
  'sodium': { n: 114, presence: 0.983, q25: 132, median: 136, q75: 139 },
  'urea-nitrogen': { n: 114, presence: 0.983, q25: 15, median: 20, q75: 29.75 },
  'lymphocytes-absolute': { n: 51, presence: 0.440, q25: 1.07, median: 1.94, q75: 4.785 },
  'basophils': { n: 92, presence: 0.793, q25: 0.1, median: 0.3, q75: 0.5 },
  'eosinophils': { n: 92, presence: 0.793, q25: 0.075, median: 0.5, q75: 1.825 },
  'hematocrit': { n: 115, presence: 0.991, q25: 29.75, median: 33, q75: 37.55 },
  'hemoglobin': { n: 114, presence: 0.983, q25: 9.6, median: 11, q75: 12.38 },
  'inr': { n: 88, presence: 0.759, q25: 1, median: 1.1, q75: 1.4 },
  'lymphocytes': { n: 92, presence: 0.793, q25: 8.225, median: 17.35, q75: 28.48 },
  'mch': { n: 114, presence: 0.983, q25: 27.4, median: 29.1, q75: 31.08 },
  'mchc': { n: 114, presence: 0.983, q25: 31.6, median: 32.65, q75: 33.3 },
  'mcv': { n: 114, presence: 0.983, q25: 86, median: 89, q75: 94 },
  'monocytes': { n: 92, presence: 0.793, q25: 3.975, median: 6.5, q75: 9 },
  'neutrophils': { n: 92, presence: 0.793, q25: 55.42, median: 72.25, q75: 83.75 },
  'platelets': { n: 114, presence: 0.983, q25: 173.2, median: 231.5, q75: 321.8 },
  'pt': { n: 88, presence: 0.759, q25: 11.1, median: 12.35, q75: 14.8 },
  'ptt': { n: 88, presence: 0.759, q25: 26.68, median: 29.5, q75: 33.28 },
  'rdw': { n: 114, presence: 0.983, q25: 13.4, median: 14.5, q75: 15.85 },
  'rbc': { n: 114, presence: 0.983, q25: 3.36, median: 3.785, q75: 4.207 },
  'wbc': { n: 114, presence: 0.983, q25: 7.5, median: 9.95, q75: 15.45 },
  'lipemia-index': { n: 43, presence: 0.371, q25: 7, median: 15, q75: 20.5 },
  'basophils-absolute': { n: 51, presence: 0.440, q25: 0, median: 0.03, q75: 0.055 },
  'eosinophils-absolute': { n: 51, presence: 0.440, q25: 0, median: 0.06, q75: 0.195 },
  'monocytes-absolute': { n: 51, presence: 0.440, q25: 0.555, median: 0.83, q75: 1.07 },
  'neutrophils-absolute': { n: 51, presence: 0.440, q25: 4.75, median: 5.67, q75: 10.68 },
  'immature-granulocytes': { n: 35, presence: 0.302, q25: 0.4, median: 0.5, q75: 0.85 },
  'rdw-sd': { n: 57, presence: 0.491, q25: 44.3, median: 47.8, q75: 52.3 },
  },
  all: {
  'base-excess': { n: 40, presence: 0.272, q25: -4.25, median: 0, q75: 0.25 },
  'calculated-total-co2': { n: 40, presence: 0.272, q25: 21.75, median: 24, q75: 28.25 },
  'lactate': { n: 79, presence: 0.537, q25: 1.2, median: 1.7, q75: 2.45 },
  'pco2': { n: 40, presence: 0.272, q25: 33.75, median: 40, q75: 48.75 },
  'ph': { n: 41, presence: 0.279, q25: 7.28, median: 7.37, q75: 7.44 },
  'po2': { n: 40, presence: 0.272, q25: 50.75, median: 89.5, q75: 156.2 },
  'alt': { n: 84, presence: 0.571, q25: 19.5, median: 24, q75: 40.25 },
  'albumin': { n: 74, presence: 0.503, q25: 3, median: 3.6, q75: 3.975 },
  'alkaline-phosphatase': { n: 84, presence: 0.571, q25: 80, median: 98, q75: 121.2 },
  'anion-gap': { n: 142, presence: 0.966, q25: 13, median: 15, q75: 18 },
  'ast': { n: 85, presence: 0.578, q25: 20, median: 35, q75: 57 },
  'bicarbonate': { n: 142, presence: 0.966, q25: 21.25, median: 24, q75: 26 },
  'bilirubin-total': { n: 83, presence: 0.565, q25: 0.25, median: 0.5, q75: 0.9 },
  'calcium-total': { n: 122, presence: 0.830, q25: 8.125, median: 8.75, q75: 9.1 },
  'chloride': { n: 143, presence: 0.973, q25: 95, median: 100, q75: 104 },
  'creatine-kinase': { n: 27, presence: 0.184, q25: 77, median: 122, q75: 251.5 },
  'creatinine': { n: 143, presence: 0.973, q25: 0.7, median: 1, q75: 1.5 },
  'glucose': { n: 142, presence: 0.966, q25: 105, median: 123.5, q75: 210 },
  'hemolysis-index': { n: 54, presence: 0.367, q25: 7, median: 15, q75: 62 },
  'icterus-index': { n: 54, presence: 0.367, q25: 0, median: 1, q75: 1 },
  'magnesium': { n: 126, presence: 0.857, q25: 1.6, median: 1.9, q75: 2 },
  'phosphate': { n: 122, presence: 0.830, q25: 2.8, median: 3.4, q75: 4.2 },
  'potassium': { n: 143, presence: 0.973, q25: 3.9, median: 4.3, q75: 4.8 },
  'sodium': { n: 143, presence: 0.973, q25: 133, median: 137, q75: 139 },
  'urea-nitrogen': { n: 143, presence: 0.973, q25: 14, median: 19, q75: 28 },
  'lymphocytes-absolute': { n: 65, presence: 0.442, q25: 1.03, median: 1.65, q75: 2.97 },
  'basophils': { n: 116, presence: 0.789, q25: 0.1, median: 0.3, q75: 0.5 },
  'eosinophils': { n: 116, presence: 0.789, q25: 0.1, median: 0.7, q75: 2 },
  'hematocrit': { n: 145, presence: 0.986, q25: 30.2, median: 33.8, q75: 38.8 },
  'hemoglobin': { n: 144, presence: 0.980, q25: 9.75, median: 11, q75: 12.6 },
  'inr': { n: 105, presence: 0.714, q25: 1, median: 1.1, q75: 1.4 },
  'lymphocytes': { n: 116, presence: 0.789, q25: 10.57, median: 17.7, q75: 28.48 },
  'mch': { n: 144, presence: 0.980, q25: 27.5, median: 29.5, q75: 31.6 },
  'mchc': { n: 144, presence: 0.980, q25: 31.5, median: 32.6, q75: 33.5 },
  'mcv': { n: 144, presence: 0.980, q25: 86, median: 90, q75: 96 },
  'monocytes': { n: 116, presence: 0.789, q25: 4.275, median: 6.75, q75: 9.5 },
  'neutrophils': { n: 116, presence: 0.789, q25: 57.83, median: 71, q75: 81.35 },
  'platelets': { n: 144, presence: 0.980, q25: 158, median: 224, q75: 308.5 },
  'pt': { n: 105, presence: 0.714, q25: 11.2, median: 12.5, q75: 15.3 },
  'ptt': { n: 104, presence: 0.707, q25: 26.88, median: 29.9, q75: 33.67 },
  'rdw': { n: 144, presence: 0.980, q25: 13.47, median: 14.7, q75: 16.23 },
  'rbc': { n: 144, presence: 0.980, q25: 3.39, median: 3.815, q75: 4.26 },
  'wbc': { n: 144, presence: 0.980, q25: 6.25, median: 8.65, q75: 14.5 },
  'lipemia-index': { n: 54, presence: 0.367, q25: 8, median: 13, q75: 20 },
  'basophils-absolute': { n: 65, presence: 0.442, q25: 0, median: 0.03, q75: 0.05 },
  'eosinophils-absolute': { n: 65, presence: 0.442, q25: 0, median: 0.06, q75: 0.18 },
  'monocytes-absolute': { n: 65, presence: 0.442, q25: 0.5, median: 0.79, q75: 1.02 },
  'neutrophils-absolute': { n: 65, presence: 0.442, q25: 3.87, median: 5.19, q75: 8.79 },
  'immature-granulocytes': { n: 46, presence: 0.313, q25: 0.4, median: 0.5, q75: 0.7 },
  'rdw-sd': { n: 73, presence: 0.497, q25: 44.9, median: 48.8, q75: 56.8 },
  },
};

/**
 * Serum-quality indices (unitless instrument indices, as MIMIC-IV reports them). Haemolysis is a property of the draw
 * (log-normal: most specimens clean, a tail badly haemolysed); icterus tracks bilirubin (the icterus index reads
 * roughly bilirubin in mg/dL: the demo's I is 0–1 for bilirubin under ~1.5); lipaemia is higher in diabetes and
 * ketoacidosis (hypertriglyceridaemia). MIMIC-IV demo: H median 10 (IQR 5–36), I 0 (0–1), L 15 (7–20.5).
 */
import type { Random } from '../random';
import { HARD_LIMITS } from './hard-limits';
import { report } from './lab-math';
import type { PatientState } from './patient-state';

export interface SpecimenIndices {
  'hemolysis-index': number;
  'icterus-index': number;
  'lipemia-index': number;
}

/** The haemolysis of the draw, before the chemistry reads potassium from it. */
export function sampleHaemolysisIndex(rng: Random): number {
  return report(10 * Math.exp(rng.normal(0, 1.5)), 0, HARD_LIMITS['hemolysis-index']);
}

export function generateSpecimenIndices(
  rng: Random,
  s: PatientState,
  haemolysisIndex: number,
  bilirubin: number,
): SpecimenIndices {
  const icterus = bilirubin + rng.normal(0, 0.35);
  const lipaemia = 12 * Math.exp(rng.normal(0, 0.75)) * (s.diabetic ? 1.3 : 1) * (s.ketoacidosis ? 2 : 1);
  return {
    'hemolysis-index': haemolysisIndex,
    'icterus-index': report(icterus, 0, HARD_LIMITS['icterus-index']),
    'lipemia-index': report(lipaemia, 0, HARD_LIMITS['lipemia-index']),
  };
}

/**
 * Chemistry panel (electrolytes, renal function, glucose) and lactate, built around the acid–base balance so that the
 * identities hold by construction:
 * - the unmeasured anions (albumin, phosphate, lactate, ketoacids, uraemic anions) set the anion gap, and chloride is
 *   what electroneutrality leaves: Cl = Na − HCO3 − AG, so AG = Na − Cl − HCO3 exactly on the reported integers
 *   (no potassium term: the catalogue's and the definition; note that most MIMIC-IV specimens report
 *   Na + K − Cl − HCO3, about 4 mEq/L higher — measured with scripts/calibration/lab_targets.py);
 * - bicarbonate falls ~1:1 with the lactate and ketoacid added (buffering), and with the acids a failing kidney
 *   retains; chronic CO2 retention raises it (renal compensation, ~0.35 mEq/L per mmHg);
 * - sodium falls 1.6 mEq/L per 100 mg/dL of glucose above 100 (water shift; Katz 1973);
 * - potassium rises with AKI, with acidaemia and in DKA (shift out of cells); haemolysis adds an in-vitro artefact.
 */
import type { Random } from '../random';
import { HARD_LIMITS } from './hard-limits';
import { clamp, report, roundTo } from './lab-math';
import type { PatientState } from './patient-state';

export interface ChemistryLabs {
  sodium: number;
  potassium: number;
  chloride: number;
  bicarbonate: number;
  'anion-gap': number;
  creatinine: number;
  'urea-nitrogen': number;
  glucose: number;
  'calcium-total': number;
  magnesium: number;
  phosphate: number;
  lactate: number;
}

export interface ChemistryResult {
  labs: ChemistryLabs;
  /** Serum bicarbonate before rounding (the blood gas starts from it), mEq/L. */
  bicarbonateExact: number;
  /** In-vivo potassium (no haemolysis artefact), mEq/L, unrounded. */
  potassiumInVivo: number;
  /** Lactate before rounding, mmol/L. */
  lactateExact: number;
  /** Ketoacids (β-hydroxybutyrate + acetoacetate), mmol/L. */
  ketoacids: number;
}

function sampleGlucose(rng: Random, s: PatientState): number {
  // DKA: ADA requires glucose > 250 mg/dL; most present between 350 and 800.
  if (s.ketoacidosis) return 480 * Math.exp(rng.truncatedNormal(0, 0.3, Math.log(260 / 480), Math.log(1200 / 480)));
  const stress = 1 + 0.25 * s.inflammation + 0.15 * s.myocardialInjury;
  if (s.diabetic) return (155 + 80 * s.sev['diabetes-mellitus']) * Math.exp(rng.normal(0, 0.42)) * stress;
  return 108 * Math.exp(rng.normal(0, 0.17)) * stress;
}

function sampleLactate(rng: Random, s: PatientState): number {
  return (
    1.35 * Math.exp(rng.normal(0, 0.36)) * (1 + 0.5 * s.sev.sepsis + 0.3 * s.sev.pneumonia) +
    8 * s.hypoperfusion ** 2 * Math.exp(rng.normal(0, 0.35)) +
    (s.ketoacidosis ? 0.8 : 0)
  );
}

/**
 * @param albumin - Reported albumin, g/dL (unmeasured anion; ~2.5 mEq/L of gap per g/dL).
 * @param haemolysisIndex - The specimen's H index (free haemoglobin, mg/dL): red cells release potassium.
 */
export function generateChemistry(
  rng: Random,
  s: PatientState,
  albumin: number,
  haemolysisIndex: number,
): ChemistryResult {
  const glucose = sampleGlucose(rng, s);
  const lactate = sampleLactate(rng, s);
  const ketoacids = s.ketoacidosis ? 8 + 10 * rng.next() : 0.1 + 0.3 * s.inflammation * rng.next();
  const creatinine = s.baselineCreatinine * s.akiFold;
  // BUN/creatinine ~15–20; prerenal states (shock, DKA volume loss, old age) raise the ratio.
  const prerenal = 1 + 0.35 * s.hypoperfusion + (s.ketoacidosis ? 0.35 : 0) + 0.004 * Math.max(0, s.ageYears - 50);
  const urea = 17 * creatinine ** 0.85 * Math.exp(rng.normal(0, 0.3)) * prerenal;
  const renalRetention = Math.max(0, s.akiFold - 1);
  const phosphate =
    3.15 +
    rng.normal(0, 0.65) +
    0.75 * renalRetention +
    (s.ckd ? 0.9 : 0) +
    (s.ketoacidosis ? 1.2 : 0) -
    (rng.bernoulli(0.06) ? 1.2 : 0);

  let bicarbonate = clamp(
    24.6 +
      rng.normal(0, 2.3) -
      0.95 * Math.max(0, lactate - 1) -
      0.95 * ketoacids -
      1.6 * renalRetention -
      (s.ckd ? 2.5 : 0) +
      (s.chronicHypercapnia ? 5 : 0) +
      (rng.bernoulli(0.05) ? 5 : 0), // contraction alkalosis on loop diuretics
    HARD_LIMITS.bicarbonate[0],
    HARD_LIMITS.bicarbonate[1],
  );
  // ADA DKA criteria include bicarbonate ≤ 18: a coexisting alkalosis (diuretics, CO2 retention) does not undo it here.
  if (s.ketoacidosis) bicarbonate = Math.min(bicarbonate, 18 - Math.abs(rng.normal(0, 1.5)));
  const uraemicAnions = 0.5 * Math.max(0, creatinine - 1.2);
  const anionGap =
    2.4 * albumin + 0.45 * clamp(phosphate, 1, 12) + lactate + ketoacids + uraemicAnions + rng.normal(0, 2);

  let sodium =
    139 +
    rng.normal(0, 2.8) -
    (1.6 * Math.max(0, glucose - 100)) / 100 -
    2 * s.sev.pneumonia -
    1.5 * s.sev.sepsis -
    1.5 * s.gasExchange;
  if (rng.bernoulli(0.2)) sodium -= Math.abs(rng.normal(6, 4)); // SIADH, diuretics, heart failure
  if (rng.bernoulli(0.03)) sodium += Math.abs(rng.normal(6, 3)); // free-water deficit

  const na = report(sodium, 0, HARD_LIMITS.sodium);
  const hco3 = roundTo(bicarbonate, 0);
  const cl = report(na - hco3 - anionGap, 0, HARD_LIMITS.chloride);
  const gap = na - cl - hco3;

  const potassiumInVivo = clamp(
    4.15 +
      rng.normal(0, 0.38) +
      0.55 * renalRetention ** 1.2 +
      (s.ckd ? 0.35 : 0) +
      0.05 * Math.max(0, 24 - bicarbonate) +
      (s.ketoacidosis ? 0.7 : 0) +
      (rng.bernoulli(0.08) ? -0.6 : 0), // kaliuretic diuretics
    HARD_LIMITS.potassium[0],
    HARD_LIMITS.potassium[1],
  );
  const potassium = potassiumInVivo + 0.0015 * haemolysisIndex;
  const calcium = 9.2 + 0.8 * (albumin - 4) + rng.normal(0, 0.38) - 0.25 * renalRetention - 0.3 * s.sev.sepsis;
  const magnesium = 1.93 + rng.normal(0, 0.2) + 0.12 * renalRetention - (s.diabetic ? 0.08 : 0);

  return {
    labs: {
      sodium: na,
      potassium: report(potassium, 1, HARD_LIMITS.potassium),
      chloride: cl,
      bicarbonate: hco3,
      'anion-gap': gap,
      creatinine: report(creatinine, 1, HARD_LIMITS.creatinine),
      'urea-nitrogen': report(urea, 0, HARD_LIMITS['urea-nitrogen']),
      glucose: report(glucose, 0, HARD_LIMITS.glucose),
      'calcium-total': report(calcium, 1, HARD_LIMITS['calcium-total']),
      magnesium: report(magnesium, 1, HARD_LIMITS.magnesium),
      phosphate: report(phosphate, 1, HARD_LIMITS.phosphate),
      lactate: report(lactate, 1, HARD_LIMITS.lactate),
    },
    bicarbonateExact: bicarbonate,
    potassiumInVivo,
    lactateExact: lactate,
    ketoacids,
  };
}

/**
 * Blood gas: pH, pCO2, pO2, calculated total CO2 and base excess, consistent by construction.
 * - The gas's bicarbonate is the serum bicarbonate give or take a draw apart (a separate, often later sample).
 * - pCO2 follows the expected compensation: Winter's formula (1.5 × HCO3 + 8 ± 2) in metabolic acidosis, ~0.7 mmHg
 *   per mEq/L in metabolic alkalosis; tachypnoea of sepsis and pneumonia lowers it; chronic CO2 retention and acute
 *   respiratory failure raise it. A venous sample reads ~6 mmHg higher.
 * - pH from Henderson–Hasselbalch: pH = 6.1 + log10(HCO3 / (0.03 × pCO2)), on the reported pCO2.
 * - Calculated total CO2 = HCO3 + 0.03 × pCO2 (dissolved CO2 at 0.03 mmol/L per mmHg).
 * - Base excess by the Van Slyke equation: 0.93 × (HCO3 − 24.4 + 14.8 × (pH − 7.4)).
 * MIMIC-IV's gases mix arterial and venous samples (its pO2 IQR spans 53–152 mmHg); about 22 % here are venous.
 */
import type { Random } from '../random';
import { HARD_LIMITS } from './hard-limits';
import { clamp, report, roundTo } from './lab-math';
import type { PatientState } from './patient-state';

export interface BloodGasLabs {
  ph: number;
  pco2: number;
  po2: number;
  'calculated-total-co2': number;
  'base-excess': number;
}

export interface BloodGasResult {
  labs: BloodGasLabs;
  specimen: 'arterial' | 'venous';
  /** Arterial pO2 of this patient (also when the sample drawn was venous), mmHg. */
  arterialPo2: number;
}

export const VENOUS_FRACTION = 0.22;

/** Dissolved CO2 per mmHg of pCO2, mmol/L. */
const CO2_SOLUBILITY = 0.03;

function arterialPco2(rng: Random, s: PatientState, hco3: number): number {
  let pco2: number;
  if (hco3 < 22) pco2 = 1.5 * hco3 + 8 + rng.normal(0, 2);
  else if (hco3 > 27 && !s.chronicHypercapnia) pco2 = 40 + 0.7 * (hco3 - 24) + rng.normal(0, 2.5);
  else pco2 = 40 + rng.normal(0, 6);
  pco2 -= 9 * Math.max(s.inflammation, s.gasExchange) * rng.next();
  if (s.chronicHypercapnia) pco2 += Math.abs(rng.normal(16, 7));
  if (s.gasExchange > 0.7 && rng.bernoulli(0.25)) pco2 += Math.abs(rng.normal(15, 6));
  return pco2;
}

/**
 * @param serumBicarbonate - The chemistry panel's bicarbonate before rounding, mEq/L.
 */
export function generateBloodGas(rng: Random, s: PatientState, serumBicarbonate: number): BloodGasResult {
  const venous = rng.bernoulli(VENOUS_FRACTION);
  let hco3 = clamp(serumBicarbonate + rng.normal(0, 1), 4, 50);
  let pco2 = arterialPco2(rng, s, hco3);
  // O2 therapy widens arterial pO2 upwards; consolidation, oedema and sepsis lower it.
  const arterialPo2 = clamp(
    120 * Math.exp(rng.normal(0, 0.5)) * (1 - 0.5 * s.gasExchange),
    HARD_LIMITS.po2[0],
    HARD_LIMITS.po2[1],
  );
  let po2 = arterialPo2;
  if (venous) {
    pco2 += rng.normal(6, 2);
    hco3 += 1;
    po2 = clamp(rng.normal(38, 7) - 8 * s.gasExchange, 20, 60);
  }
  // Keep pH inside its hard limits (6.8–7.8, with 0.02 to spare) by bounding pCO2 for this bicarbonate, so that
  // clamping never breaks Henderson–Hasselbalch.
  const pco2Low = hco3 / (CO2_SOLUBILITY * 10 ** (HARD_LIMITS.ph[1] - 0.02 - 6.1));
  const pco2High = hco3 / (CO2_SOLUBILITY * 10 ** (HARD_LIMITS.ph[0] + 0.02 - 6.1));
  const pco2Reported = report(clamp(pco2, pco2Low, pco2High), 0, HARD_LIMITS.pco2);
  const phExact = 6.1 + Math.log10(hco3 / (CO2_SOLUBILITY * pco2Reported));
  const ph = report(phExact, 2, HARD_LIMITS.ph);
  const totalCo2 = report(hco3 + CO2_SOLUBILITY * pco2Reported, 0, HARD_LIMITS['calculated-total-co2']);
  const baseExcess = report(0.93 * (hco3 - 24.4 + 14.8 * (phExact - 7.4)), 0, HARD_LIMITS['base-excess']);
  return {
    labs: {
      ph,
      pco2: pco2Reported,
      po2: roundTo(po2, 0),
      'calculated-total-co2': totalCo2,
      'base-excess': baseExcess,
    },
    specimen: venous ? 'venous' : 'arterial',
    arterialPo2,
  };
}

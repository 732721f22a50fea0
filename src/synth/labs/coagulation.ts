/**
 * PT, INR and PTT. INR = (PT / MNPT)^ISI; the MIMIC-IV demo's 680 PT/INR pairs fit ISI 1.00 and a mean normal PT of
 * 10.9 s (log–log least squares, residual SD 0.027), so PT = 10.9 × INR here, and INR is recomputed from the
 * reported PT. Sepsis (consumption, DIC), shock liver and warfarin prolong PT; heparin prolongs PTT.
 */
import type { Random } from '../random';
import { HARD_LIMITS } from './hard-limits';
import { clamp, report } from './lab-math';
import type { PatientState } from './patient-state';

export interface CoagulationLabs {
  pt: number;
  inr: number;
  ptt: number;
}

/** Mean normal prothrombin time of the MIMIC-IV demo's laboratory, s. */
export const MEAN_NORMAL_PT_S = 10.9;
/** International sensitivity index of its thromboplastin. */
export const ISI = 1.0;

export function generateCoagulation(rng: Random, s: PatientState, bilirubin: number): CoagulationLabs {
  const inrExact = s.warfarin
    ? 2.4 * Math.exp(rng.normal(0, 0.3))
    : 1.06 * Math.exp(rng.normal(0, 0.1)) +
      0.6 * s.sev.sepsis * rng.next() +
      0.8 * s.hypoperfusion ** 2 +
      0.1 * Math.max(0, bilirubin - 1.5) +
      (rng.bernoulli(0.2) ? Math.abs(rng.normal(0.35, 0.25)) : 0); // liver disease, malnutrition, antibiotics
  const ptExact = MEAN_NORMAL_PT_S * clamp(inrExact, HARD_LIMITS.inr[0], HARD_LIMITS.inr[1]) ** (1 / ISI);
  const pt = report(ptExact, 1, HARD_LIMITS.pt);
  const ptt =
    28.5 * Math.exp(rng.normal(0, 0.1)) +
    (s.heparin ? 35 * Math.exp(rng.normal(0, 0.4)) : 0) +
    6 * s.sev.sepsis * rng.next() +
    (s.warfarin ? 5 : 0);
  return {
    pt,
    inr: report((pt / MEAN_NORMAL_PT_S) ** ISI, 1, HARD_LIMITS.inr),
    ptt: report(ptt, 1, HARD_LIMITS.ptt),
  };
}

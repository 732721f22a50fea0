/**
 * Liver panel, albumin and creatine kinase. ALT and AST share a hepatocellular factor (they rise together); shock
 * liver raises both steeply with hypoperfusion; AST and CK also come from injured myocardium (acute infarction).
 * Sepsis raises bilirubin (cholestasis of sepsis); inflammation lowers albumin (negative acute-phase protein).
 */
import type { Random } from '../random';
import { HARD_LIMITS } from './hard-limits';
import { report } from './lab-math';
import type { PatientState } from './patient-state';

export interface LiverLabs {
  alt: number;
  ast: number;
  'alkaline-phosphatase': number;
  'bilirubin-total': number;
  albumin: number;
  'creatine-kinase': number;
}

export function generateLiverLabs(rng: Random, s: PatientState): LiverLabs {
  const hepatocellular = rng.normal();
  const shockLiver = 1 + 6 * s.hypoperfusion ** 3;
  const alt = 23 * Math.exp(0.5 * (0.7 * hepatocellular + 0.71 * rng.normal())) * shockLiver;
  const ast =
    28 *
    Math.exp(0.55 * (0.7 * hepatocellular + 0.71 * rng.normal())) *
    (1 + 8 * s.hypoperfusion ** 3) *
    (1 + 3 * s.myocardialInjury);
  const alp = 86 * Math.exp(rng.normal(0, 0.32)) * (1 + 0.3 * s.sev.sepsis);
  const bilirubin = 0.36 * Math.exp(rng.normal(0, 0.6)) * (1 + 1.2 * s.sev.sepsis * rng.next() + s.hypoperfusion);
  const albumin =
    3.85 +
    rng.normal(0, 0.5) -
    0.8 * s.inflammation -
    0.15 * s.sev['acute-renal-failure'] -
    (s.ageYears > 75 ? 0.15 : 0);
  // CK: muscle mass (men higher); an infarct at admission ranges from normal (early) to several thousand U/L.
  const ck =
    85 *
    Math.exp(rng.normal(0, 0.65)) *
    (s.male ? 1.3 : 1) *
    (1 + 15 * s.myocardialInjury ** 2) *
    (1 + 0.8 * s.sev.sepsis * rng.next());
  return {
    alt: report(alt, 0, HARD_LIMITS.alt),
    ast: report(ast, 0, HARD_LIMITS.ast),
    'alkaline-phosphatase': report(alp, 0, HARD_LIMITS['alkaline-phosphatase']),
    'bilirubin-total': report(bilirubin, 1, HARD_LIMITS['bilirubin-total']),
    albumin: report(albumin, 1, HARD_LIMITS.albumin),
    'creatine-kinase': report(ck, 0, HARD_LIMITS['creatine-kinase']),
  };
}

/**
 * Complete blood count and differential, with the analyser's identities built in. The analyser measures RBC, MCV and
 * haemoglobin and calculates the rest: Hct = RBC × MCV / 10, MCH = Hb / RBC × 10, MCHC = Hb / Hct × 100, each on the
 * reported (rounded) inputs. RDW-SD is the width of the red-cell volume histogram at 20 % of its height, so for a
 * near-Gaussian histogram RDW-SD ≈ 2√(2 ln 5) σ = 3.59 × RDW-CV × MCV / 100 (MIMIC-IV demo, 779 specimens:
 * RDW-SD / (RDW-CV × MCV / 100) has median 3.61, 5–95 % 3.37–3.69). Differential percentages sum to at most 100
 * (lymphocytes take the remainder) and absolute counts are WBC × % / 100.
 */
import type { Random } from '../random';
import { HARD_LIMITS } from './hard-limits';
import { clamp, report, roundTo } from './lab-math';
import type { PatientState } from './patient-state';

export type BloodCountLabs = Record<
  | 'hemoglobin'
  | 'hematocrit'
  | 'rbc'
  | 'mcv'
  | 'mch'
  | 'mchc'
  | 'rdw'
  | 'rdw-sd'
  | 'platelets'
  | 'wbc'
  | 'neutrophils'
  | 'lymphocytes'
  | 'monocytes'
  | 'eosinophils'
  | 'basophils'
  | 'immature-granulocytes'
  | 'neutrophils-absolute'
  | 'lymphocytes-absolute'
  | 'monocytes-absolute'
  | 'eosinophils-absolute'
  | 'basophils-absolute',
  number
>;

/** Histogram width at 20 % height over σ for a Gaussian: 2 × sqrt(2 × ln 5). */
const RDW_SD_PER_SIGMA = 2 * Math.sqrt(2 * Math.log(5));

function redCells(
  rng: Random,
  s: PatientState,
): Pick<BloodCountLabs, 'hemoglobin' | 'hematocrit' | 'rbc' | 'mcv' | 'mch' | 'mchc' | 'rdw' | 'rdw-sd'> {
  // Anaemia of CKD (erythropoietin deficiency): ~1–2 g/dL at stage 3–4.
  const ckdAnaemia = s.ckd ? 1.4 : s.baselineCreatinine > 1.5 ? 0.8 : 0;
  const hbExact =
    (s.male ? 11.9 : 10.8) +
    rng.normal(0, 1.75) -
    1.0 * s.sev['acute-renal-failure'] -
    0.8 * s.sev.sepsis -
    ckdAnaemia +
    (s.ketoacidosis ? 1.2 : 0); // haemoconcentration
  const mcvExact = 89.5 + (rng.bernoulli(0.9) ? rng.normal(0, 5.5) : rng.normal(0, 11));
  const mchcExact = 32.7 + rng.normal(0, 1.1) - 0.03 * Math.max(0, 89 - mcvExact);
  const hb = report(hbExact, 1, HARD_LIMITS.hemoglobin);
  const mcv = report(mcvExact, 0, HARD_LIMITS.mcv);
  const hctExact = (hb * 100) / clamp(mchcExact, 28, 37);
  const rbc = report((hctExact * 10) / mcv, 2, HARD_LIMITS.rbc);
  const hct = roundTo((rbc * mcv) / 10, 1);
  const anaemia = Math.max(0, (s.male ? 13 : 12) - hb);
  const rdwExact =
    13.5 * Math.exp(rng.normal(0, 0.09)) +
    0.35 * anaemia +
    0.8 * s.sev['acute-renal-failure'] +
    0.6 * s.sev.sepsis +
    0.06 * Math.abs(mcv - 89.5);
  const rdw = report(rdwExact, 1, HARD_LIMITS.rdw);
  const rdwSd = (RDW_SD_PER_SIGMA * rdw * mcv * Math.exp(rng.normal(0, 0.01))) / 100;
  return {
    hemoglobin: hb,
    hematocrit: hct,
    rbc,
    mcv,
    mch: roundTo((hb * 10) / rbc, 1),
    mchc: roundTo((hb * 100) / hct, 1),
    rdw,
    'rdw-sd': report(rdwSd, 1, HARD_LIMITS['rdw-sd']),
  };
}

/** Percentages in tenths of a percent, lymphocytes as the remainder (so the sum is ≤ 100 exactly). */
function differentialTenths(rng: Random, s: PatientState): Record<'n' | 'l' | 'm' | 'e' | 'b' | 'ig', number> {
  const inflam = s.inflammation;
  const neutro = clamp(70 + 22 * inflam + (s.ketoacidosis ? 12 : 0) + rng.normal(0, 13), 15, 96);
  const ig = clamp(0.4 * Math.exp(rng.normal(0, 0.45)) * (1 + 3 * inflam), 0, 10);
  const mono = 6.8 * Math.exp(rng.normal(0, 0.45)) * (1 - 0.3 * inflam);
  const eos = Math.max(0, 0.7 * Math.exp(rng.normal(0, 1.1)) * (1 - 0.7 * inflam) - 0.15);
  const baso = 0.3 * Math.exp(rng.normal(0, 0.55));
  const t = {
    n: Math.round(neutro * 10),
    m: Math.round(mono * 10),
    e: Math.round(eos * 10),
    b: Math.round(baso * 10),
    ig: Math.round(ig * 10),
  };
  // Keep at least 0.5 % lymphocytes: shrink neutrophils if the others leave less.
  const others = t.m + t.e + t.b + t.ig;
  t.n = Math.min(t.n, 995 - others);
  return { ...t, l: 1000 - t.n - others };
}

export function generateBloodCount(rng: Random, s: PatientState): BloodCountLabs {
  const red = redCells(rng, s);
  const wbcExact =
    8.8 *
    Math.exp(rng.normal(0, 0.42)) *
    (1 + 1.3 * s.inflammation) *
    (s.ketoacidosis ? 1.6 : 1) *
    (s.leukopenic ? 0.3 : 1);
  const wbc = report(wbcExact, 1, HARD_LIMITS.wbc);
  const plateletsExact =
    235 *
    Math.exp(rng.normal(0, 0.45)) *
    (1 - 0.65 * s.sev.sepsis * Math.sqrt(rng.next())) *
    (1 + 0.2 * s.sev.pneumonia);
  const d = differentialTenths(rng, s);
  const pct = (tenths: number): number => tenths / 10;
  const absolute = (tenths: number): number => roundTo((wbc * tenths) / 1000, 2);
  return {
    ...red,
    platelets: report(plateletsExact, 0, HARD_LIMITS.platelets),
    wbc,
    neutrophils: pct(d.n),
    lymphocytes: pct(d.l),
    monocytes: pct(d.m),
    eosinophils: pct(d.e),
    basophils: pct(d.b),
    'immature-granulocytes': pct(d.ig),
    'neutrophils-absolute': absolute(d.n),
    'lymphocytes-absolute': absolute(d.l),
    'monocytes-absolute': absolute(d.m),
    'eosinophils-absolute': absolute(d.e),
    'basophils-absolute': absolute(d.b),
  };
}

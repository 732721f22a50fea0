/**
 * ECG specs for synthetic counterparts of the four PTB-XL groups. The distributions are set from clinical norms,
 * not fitted to the PTB-XL records they are compared with (those are for checking, not tuning):
 * - NORM: sinus rhythm at 50–100 bpm (a "normal ECG" excludes sinus brady- and tachycardia), adults of any age;
 * - LVH: sinus rhythm, LVH voltage, a strain pattern in a third (strain marks the more advanced hypertrophy);
 * - MI: sinus rhythm with an infarct: mostly old (pathological Q waves; PTB-XL's MI class is dominated by old
 *   inferior and anteroseptal infarcts), some acute (ST elevation or depression); inferior and anterior more often
 *   than lateral;
 * - AFIB: atrial fibrillation, 70 % rate-controlled around 85 bpm, 30 % with a rapid ventricular response
 *   (105–150 bpm), the share the cohort's own ECG specs use (src/synth/admission/ecg-spec.ts).
 * Serum potassium is normal throughout (3.6–5.0 mEq/L), so no hyperkalaemic T waves enter the comparison.
 */
import type { Random } from '../random';
import type { CoronaryTerritory, EcgSynthSpec } from '../types';
import type { EcgGroup } from './realism-report-types';

interface GroupPlan {
  ageMean: number;
  ageSd: number;
  maleShare: number;
  rate: (rng: Random) => number;
}

const PLANS: Readonly<Record<EcgGroup, GroupPlan>> = {
  NORM: { ageMean: 50, ageSd: 16, maleShare: 0.5, rate: (rng) => rng.truncatedNormal(70, 10, 50, 100) },
  LVH: { ageMean: 65, ageSd: 12, maleShare: 0.6, rate: (rng) => rng.truncatedNormal(72, 12, 45, 120) },
  MI: { ageMean: 65, ageSd: 11, maleShare: 0.7, rate: (rng) => rng.truncatedNormal(72, 13, 45, 130) },
  AFIB: {
    ageMean: 72,
    ageSd: 10,
    maleShare: 0.55,
    rate: (rng) => (rng.bernoulli(0.3) ? rng.uniform(105, 150) : rng.truncatedNormal(85, 12, 55, 104)),
  },
};

const INFARCT_KINDS = { 'q-waves': 0.75, 'st-elevation': 0.15, 'st-depression': 0.1 } as const;
const TERRITORIES: Readonly<Record<CoronaryTerritory, number>> = { inferior: 0.45, anterior: 0.4, lateral: 0.15 };

/**
 * Draws the spec of one synthetic record of `group`.
 * @param rng - consumed in sequence
 */
export function specForPtbxlGroup(rng: Random, group: EcgGroup): EcgSynthSpec {
  const plan = PLANS[group];
  const spec: EcgSynthSpec = {
    sex: rng.bernoulli(plan.maleShare) ? 'male' : 'female',
    ageYears: Math.round(rng.truncatedNormal(plan.ageMean, plan.ageSd, 18, 95)),
    rhythm: group === 'AFIB' ? 'atrial-fibrillation' : 'sinus',
    heartRateBpm: Math.round(plan.rate(rng) * 10) / 10,
    lvh: group === 'LVH',
    lvhStrain: group === 'LVH' && rng.bernoulli(1 / 3),
    potassiumMeqL: Math.round(rng.truncatedNormal(4.2, 0.35, 3.6, 5.0) * 10) / 10,
  };
  if (group === 'MI') spec.ischaemia = { territory: rng.weighted(TERRITORIES), kind: rng.weighted(INFARCT_KINDS) };
  return spec;
}

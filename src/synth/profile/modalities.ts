/**
 * Which modalities an admission has. MedTVT-QA itself is tri-modal (it kept only admissions with labs, an ECG within
 * ±24 h and a CXR in (24, 72] h), so training records can force all three; by default each is absent at rates like
 * an unfiltered admission's:
 * - labs 0.98: 114 of 116 MIMIC-IV demo admissions with any of the 7 diseases have a chemistry panel within ±24 h;
 * - ECG: 0.55 at baseline, raised to ~0.9 with AF or an acute coronary syndrome and ~0.75 with CAD (an assumption
 *   from MIMIC-IV-ECG's coverage of ~160k of MIMIC-IV's patients; the demo ships no ECG table to measure it);
 * - CXR: 0.35 at baseline, ~0.9 with pneumonia, ~0.7 with sepsis, ~0.5 with renal failure (same caveat; MIMIC-CXR
 *   covers ~65k patients, and pneumonia is diagnosed on the film).
 */
import type { DiseaseId } from '../../shared';
import type { Random } from '../random';
import type { ClinicalProfile, Phenotype } from '../types';

export type ModalityPolicy = 'realistic' | 'all';

export const LABS_PRESENT_PROBABILITY = 0.98;
export const ECG_BASE_PROBABILITY = 0.55;
export const CXR_BASE_PROBABILITY = 0.35;

function noisyOr(probabilities: readonly number[]): number {
  return 1 - probabilities.reduce((q, p) => q * (1 - p), 1);
}

export function sampleModalities(
  rng: Random,
  diseases: readonly DiseaseId[],
  phenotype: Phenotype,
  policy: ModalityPolicy,
): ClinicalProfile['modalities'] {
  // Draw all three even under 'all', so that the policy does not shift later draws of the same stream.
  const has = (id: DiseaseId): boolean => diseases.includes(id);
  const labs = rng.bernoulli(LABS_PRESENT_PROBABILITY);
  const ecg = rng.bernoulli(
    noisyOr([
      ECG_BASE_PROBABILITY,
      has('atrial-fibrillation') ? 0.75 : 0,
      has('coronary-artery-disease') ? 0.45 : 0,
      phenotype.acuteCoronary ? 0.8 : 0,
    ]),
  );
  const cxr = rng.bernoulli(
    noisyOr([
      CXR_BASE_PROBABILITY,
      has('pneumonia') ? 0.85 : 0,
      has('sepsis') ? 0.55 : 0,
      has('acute-renal-failure') ? 0.25 : 0,
      phenotype.pulmonaryOedema > 0 ? 0.3 : 0,
    ]),
  );
  if (policy === 'all') return { labs: true, ecg: true, cxr: true };
  return { labs, ecg, cxr };
}

/**
 * ClinicalProfile → what the chest radiograph generator draws: the heart size from cardiomegaly, consolidation in
 * the lobes the pneumonia phenotype names, oedema and effusions, and the projection (a sick patient is filmed AP at
 * the bedside more often than PA in the department).
 */
import type { ClinicalProfile, CxrSynthSpec } from '../types';
import type { Random } from '../random';

/**
 * Probability of an AP (portable) film: about a third of admission films in a general population, most of them in
 * the septic, shocked or severely ill, who cannot stand for a PA film.
 */
function apProbability(profile: ClinicalProfile): number {
  const worst = Math.max(0, ...Object.values(profile.severity).map((s) => s ?? 0));
  if (profile.phenotype.septicShock) return 0.9;
  if (profile.diseases.includes('sepsis')) return 0.7;
  return 0.25 + 0.4 * worst;
}

/**
 * The CXR spec of an admission.
 *
 * @param rng - the admission's CXR-spec stream
 * @param profile - who the patient is and what they have
 */
export function cxrSpecFor(rng: Random, profile: ClinicalProfile): CxrSynthSpec {
  const { phenotype } = profile;
  // Normal adult PA cardiothoracic ratio ~0.42–0.48; cardiomegaly > 0.5, rarely beyond 0.65.
  const ctr = phenotype.cardiomegaly
    ? rng.truncatedNormal(0.57, 0.04, 0.52, 0.68)
    : rng.truncatedNormal(0.44, 0.03, 0.36, 0.49);
  const spec: CxrSynthSpec = {
    sex: profile.sex,
    ageYears: profile.ageYears,
    view: rng.bernoulli(apProbability(profile)) ? 'AP' : 'PA',
    cardiothoracicRatio: Math.round(ctr * 1000) / 1000,
    pulmonaryOedema: phenotype.pulmonaryOedema,
    effusion: phenotype.effusion,
  };
  if (phenotype.pneumonia) {
    const severity = profile.severity.pneumonia ?? 0.5;
    spec.consolidation = {
      lobes: [...phenotype.pneumonia.lobes],
      pattern: phenotype.pneumonia.pattern,
      extent: Math.min(1, Math.max(0.2, 0.35 + 0.6 * severity + rng.normal(0, 0.08))),
    };
  }
  return spec;
}

/**
 * Samples who a synthetic patient is and what they have at this admission: demographics, a disease set with
 * realistic prevalence and co-occurrence (disease-model.ts), severity, phenotype and the modalities present.
 */
import type { Random } from '../random';
import type { ClinicalProfile } from '../types';
import { sampleDemographics } from './demographics';
import { sampleDiseaseSet, type DiseaseDraw } from './disease-model';
import { sampleModalities, type ModalityPolicy } from './modalities';
import { samplePhenotype } from './phenotype';
import { PREVALENCE_REGIMES, type PrevalenceName } from './prevalence';

export interface ClinicalProfileOptions {
  /** Target disease marginals: MedTVT-QA's training split (default) or the MIMIC-IV demo admissions. */
  prevalence?: PrevalenceName;
  /** 'realistic' (default) drops modalities at admission-like rates; 'all' keeps all three (training records). */
  modalities?: ModalityPolicy;
}

/** Rejection bound: with ≥ 92 % of draws accepted, 1,000 tries failing is impossible in practice. */
const MAX_TRIES = 1000;

/**
 * Draws one clinical profile. Every profile has at least one of the 7 diseases: draws without any are rejected
 * together with their age and sex, as MedTVT-QA was filtered to such admissions.
 * @param rng - Consumed in sequence; pass a stream of this patient's own (e.g. `cohort.fork(i)`) for stability.
 */
export function sampleClinicalProfile(rng: Random, options: ClinicalProfileOptions = {}): ClinicalProfile {
  const regime = PREVALENCE_REGIMES[options.prevalence ?? 'medtvt-qa'];
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const demographics = sampleDemographics(rng);
    const draw: DiseaseDraw = sampleDiseaseSet(rng, demographics.exactAge, demographics.sex, regime);
    if (draw.diseases.length === 0) continue;
    const phenotype = samplePhenotype(rng, {
      diseases: draw.diseases,
      severity: draw.severity,
      ageYears: demographics.ageYears,
    });
    return {
      sex: demographics.sex,
      ageYears: demographics.ageYears,
      diseases: draw.diseases,
      severity: draw.severity,
      phenotype,
      modalities: sampleModalities(rng, draw.diseases, phenotype, options.modalities ?? 'realistic'),
    };
  }
  throw new RangeError(`No disease set drawn in ${MAX_TRIES} tries for prevalence "${regime.name}"`);
}

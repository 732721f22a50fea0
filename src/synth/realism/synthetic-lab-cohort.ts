/**
 * The synthetic side of the lab comparison: N admissions drawn exactly as the cohort draws them (generateAdmission's
 * streams: `new Random(seed).fork(index)`, then `fork('profile')` and `fork('labs')`), so that patient i here is
 * admission i of `npm run synth -- --seed S --prevalence mimic-demo`. The labs are thinned as an admission's are:
 * an admission without labs (profile.modalities.labs false, ~2 %) has none, on top of the panel missingness of
 * generateLabs. Only profiles and labs are drawn; the ECG and CXR are not needed here.
 */
import { DISEASE_IDS } from '../../shared';
import { generateLabs } from '../labs';
import { sampleClinicalProfile, type PrevalenceName } from '../profile';
import { Random } from '../random';
import type { LabCohortMember } from './lab-cohort';

/**
 * @param seed - cohort seed
 * @param patients - number of admissions, from index 0
 * @param prevalence - disease marginals; 'mimic-demo' matches the MIMIC side of the comparison
 */
export function generateSyntheticLabCohort(
  seed: number | string,
  patients: number,
  prevalence: PrevalenceName,
): LabCohortMember[] {
  const cohort = new Random(seed);
  const members: LabCohortMember[] = [];
  for (let index = 0; index < patients; index++) {
    const rng = cohort.fork(index);
    const profile = sampleClinicalProfile(rng.fork('profile'), { prevalence, modalities: 'realistic' });
    const { labs } = generateLabs(rng.fork('labs'), profile);
    members.push({
      diseases: new Set(DISEASE_IDS.filter((id) => profile.diseases.includes(id))),
      labs: profile.modalities.labs ? labs : {},
    });
  }
  return members;
}

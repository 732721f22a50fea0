import { generateAdmission } from '../admission/generate-admission';
import { generateSyntheticLabCohort } from './synthetic-lab-cohort';

describe('the synthetic side of the lab comparison', () => {
  it('is the cohort’s own admissions: patient i has the labs and diseases of admission i', () => {
    const members = generateSyntheticLabCohort(11, 4, 'mimic-demo');

    members.forEach((member, index) => {
      const admission = generateAdmission(11, index, { prevalence: 'mimic-demo' });
      expect(member.labs).toEqual(admission.labs?.values ?? {});
      expect([...member.diseases]).toEqual(admission.diseases);
    });
  });
});

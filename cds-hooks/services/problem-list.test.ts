import type { Condition } from '@medplum/fhirtypes';
import { problemListDiseases } from './problem-list';

function condition(system: string, code: string, clinical = 'active', verification = 'confirmed'): Condition {
  return {
    resourceType: 'Condition',
    subject: { reference: 'Patient/p' },
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: clinical }],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: verification }],
    },
    code: { coding: [{ system, code }] },
  };
}

describe('problemListDiseases', () => {
  it('maps active ICD-10-CM, SNOMED CT and ICD-9-CM codes to the diseases, in catalogue order, once each', () => {
    const conditions = [
      // I48.91 unspecified atrial fibrillation (ICD-10-CM, category I48).
      condition('http://hl7.org/fhir/sid/icd-10-cm', 'I48.91'),
      // 38341003 hypertensive disorder (SNOMED CT).
      condition('http://snomed.info/sct', '38341003'),
      // I25.110: ICD-10-CM atherosclerotic heart disease with unstable angina, category I25 (outside the paper's set).
      condition('http://hl7.org/fhir/sid/icd-10-cm', 'I25.110'),
      // 401.9 essential hypertension (ICD-9-CM), a duplicate of the SNOMED one.
      condition('http://hl7.org/fhir/sid/icd-9-cm', '4019'),
    ];

    expect(problemListDiseases(conditions)).toEqual(['coronary-artery-disease', 'hypertension', 'atrial-fibrillation']);
  });

  it('leaves out resolved, refuted and entered-in-error conditions and codes of other systems', () => {
    const conditions = [
      condition('http://hl7.org/fhir/sid/icd-10-cm', 'N17.9', 'resolved'),
      condition('http://hl7.org/fhir/sid/icd-10-cm', 'I10', 'active', 'refuted'),
      condition('http://hl7.org/fhir/sid/icd-10-cm', 'A41.9', 'active', 'entered-in-error'),
      condition('http://example.org/local', 'I10'),
    ];

    expect(problemListDiseases(conditions)).toEqual([]);
  });
});

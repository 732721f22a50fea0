/**
 * The patient's problem list as the model's diseases: active Conditions (clinical-status active, not refuted or
 * entered in error) whose SNOMED CT, ICD-10 (by three-character category, so that I25.110 counts as coronary
 * artery disease) or ICD-9-CM code names one of the seven diseases.
 */
import type { Condition } from '@medplum/fhirtypes';
import {
  diseasesForIcd10,
  diseasesForIcd9,
  diseasesForSnomed,
  ICD10_SYSTEMS,
  ICD9_SYSTEM,
  SNOMED_SYSTEM,
  DISEASE_IDS,
  type DiseaseId,
} from '../../src/shared/index';

const EXCLUDED_VERIFICATION = new Set(['refuted', 'entered-in-error']);
const ICD10 = new Set<string>(ICD10_SYSTEMS);

/**
 * @param conditions - the patient's Conditions (any status; inactive ones are left out here)
 * @returns disease ids in DISEASE_IDS order, each once
 */
export function problemListDiseases(conditions: readonly Condition[]): DiseaseId[] {
  const found = new Set<DiseaseId>();
  for (const condition of conditions) {
    if (!isActive(condition)) continue;
    for (const coding of condition.code?.coding ?? []) {
      if (!coding.code) continue;
      const ids =
        coding.system === SNOMED_SYSTEM
          ? diseasesForSnomed(coding.code)
          : ICD10.has(coding.system ?? '')
            ? diseasesForIcd10(coding.code, 'category')
            : coding.system === ICD9_SYSTEM
              ? diseasesForIcd9(coding.code)
              : [];
      for (const id of ids) found.add(id);
    }
  }
  return DISEASE_IDS.filter((id) => found.has(id));
}

function isActive(condition: Condition): boolean {
  const verification = condition.verificationStatus?.coding?.map((c) => c.code ?? '') ?? [];
  if (verification.some((code) => EXCLUDED_VERIFICATION.has(code))) return false;
  const clinical = condition.clinicalStatus?.coding?.map((c) => c.code) ?? [];
  // R4: clinicalStatus is required unless entered in error; a Condition without one is not counted as active.
  return clinical.includes('active') || clinical.includes('recurrence') || clinical.includes('relapse');
}

/**
 * The admission's diseases as Conditions: the ground truth, coded the way an EHR problem list codes them, with an
 * ICD-10-CM code from the paper's set (evaluate.py's icd_mapping; ../shared/reference/medtvt-r1.md §2.3) in the
 * dotted display form FHIR uses, and the catalogue's SNOMED CT concept.
 */
import type { CodeableConcept, Coding, Condition } from '@medplum/fhirtypes';
import { DISEASE_IDS, getDisease, SNOMED_SYSTEM, type DiseaseId } from '../../shared/index';
import { hasShockCondition } from '../admission/generate-admission';
import type { SyntheticAdmission } from '../admission/synthetic-admission';
import { ICD10_CM_SYSTEM, SYNTHETIC_META } from './fhir-codes';

interface Icd10Code {
  code: string;
  display: string;
}

/** ICD-10-CM titles (CMS FY2024 tabular list). Every code here is in the paper's set once its dot is removed. */
const ICD10 = {
  cad: { code: 'I25.10', display: 'Atherosclerotic heart disease of native coronary artery without angina pectoris' },
  oldMi: { code: 'I25.2', display: 'Old myocardial infarction' },
  arf: { code: 'N17.9', display: 'Acute kidney failure, unspecified' },
  htn: { code: 'I10', display: 'Essential (primary) hypertension' },
  htnCkd: {
    code: 'I12.9',
    display:
      'Hypertensive chronic kidney disease with stage 1 through stage 4 chronic kidney disease, or unspecified chronic kidney disease',
  },
  af: { code: 'I48.91', display: 'Unspecified atrial fibrillation' },
  lobar: { code: 'J18.1', display: 'Lobar pneumonia, unspecified organism' },
  broncho: { code: 'J18.0', display: 'Bronchopneumonia, unspecified organism' },
  dm: { code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' },
  // The paper's set has no ketoacidosis code (E11.10 / E10.10 are absent); E11.65 is in it.
  dmHyper: { code: 'E11.65', display: 'Type 2 diabetes mellitus with hyperglycemia' },
  sepsis: { code: 'A41.9', display: 'Sepsis, unspecified organism' },
  shock: { code: 'R65.21', display: 'Severe sepsis with septic shock' },
} satisfies Record<string, Icd10Code>;

/** The ICD-10-CM code that stands for a disease in this admission (phenotype picks the more specific one). */
export function icd10For(disease: DiseaseId, admission: SyntheticAdmission): Icd10Code {
  const { phenotype } = admission.profile;
  switch (disease) {
    case 'coronary-artery-disease':
      return phenotype.oldInfarct && !phenotype.acuteCoronary ? ICD10.oldMi : ICD10.cad;
    case 'acute-renal-failure':
      return ICD10.arf;
    case 'hypertension':
      return phenotype.ckd ? ICD10.htnCkd : ICD10.htn;
    case 'atrial-fibrillation':
      return ICD10.af;
    case 'pneumonia':
      return phenotype.pneumonia?.pattern === 'patchy' ? ICD10.broncho : ICD10.lobar;
    case 'diabetes-mellitus':
      return phenotype.ketoacidosis ? ICD10.dmHyper : ICD10.dm;
    case 'sepsis':
      return ICD10.sepsis;
  }
}

/** One confirmed, active encounter-diagnosis Condition per disease; septic shock adds an R65.21 Condition. */
export function conditionResources(admission: SyntheticAdmission): Condition[] {
  const conditions: Condition[] = [];
  for (const disease of DISEASE_IDS) {
    if (!admission.diseases.includes(disease)) continue;
    const definition = getDisease(disease);
    const icd = icd10For(disease, admission);
    conditions.push(
      condition(admission, admission.ids.conditions[disease], {
        coding: [
          { system: ICD10_CM_SYSTEM, code: icd.code, display: icd.display },
          { system: SNOMED_SYSTEM, code: definition.snomed.code, display: definition.snomed.display },
        ],
        text: definition.answer,
      }),
    );
  }
  if (hasShockCondition(admission.profile)) {
    const shock: Coding = { system: ICD10_CM_SYSTEM, code: ICD10.shock.code, display: ICD10.shock.display };
    conditions.push(
      condition(admission, admission.ids.conditions['sepsis-shock'], {
        coding: [shock, { system: SNOMED_SYSTEM, code: '76571007', display: 'Septic shock' }],
        text: 'Septic shock',
      }),
    );
  }
  return conditions;
}

function condition(admission: SyntheticAdmission, id: string | undefined, code: CodeableConcept): Condition {
  if (!id) throw new RangeError(`conditionResources: admission ${admission.index} has no id for ${code.text}`);
  return {
    resourceType: 'Condition',
    id,
    meta: SYNTHETIC_META,
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
    },
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/condition-category',
            code: 'encounter-diagnosis',
            display: 'Encounter Diagnosis',
          },
        ],
      },
    ],
    code,
    subject: { reference: `Patient/${admission.ids.patient}` },
    encounter: { reference: `Encounter/${admission.ids.encounter}` },
    recordedDate: admission.admissionTime,
  };
}

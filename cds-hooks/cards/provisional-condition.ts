/**
 * The Condition a card suggests creating for an unrecognised likely comorbidity: an active, provisional
 * problem-list item (https://hl7.org/fhir/R4/condition.html) coded in SNOMED CT (the catalogue's concept) and
 * ICD-10-CM, with a note that says where it came from and with what probability. The EHR creates it only if a
 * clinician accepts the suggestion.
 */
import type { Condition } from '@medplum/fhirtypes';
import { getDisease, SNOMED_SYSTEM, type Assessment, type DiseaseFinding, type DiseaseId } from '../../src/shared';
import { percent } from './card-summary';
import { MODALITY_NAMES } from './modality-phrase';

export const ICD10_CM_SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';

/**
 * The unspecified ICD-10-CM code of each disease (CMS FY2024 tabular list), each in the paper's set once its dot is
 * removed. Diabetes takes E11.9: ICD-10-CM's default when the type is not documented (guideline I.C.4.a.2).
 */
export const PROVISIONAL_ICD10_CM: Readonly<Record<DiseaseId, { code: string; display: string }>> = {
  'coronary-artery-disease': {
    code: 'I25.10',
    display: 'Atherosclerotic heart disease of native coronary artery without angina pectoris',
  },
  'acute-renal-failure': { code: 'N17.9', display: 'Acute kidney failure, unspecified' },
  hypertension: { code: 'I10', display: 'Essential (primary) hypertension' },
  'atrial-fibrillation': { code: 'I48.91', display: 'Unspecified atrial fibrillation' },
  pneumonia: { code: 'J18.9', display: 'Pneumonia, unspecified organism' },
  'diabetes-mellitus': { code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' },
  sepsis: { code: 'A41.9', display: 'Sepsis, unspecified organism' },
};

/** Where the Condition goes. */
export interface ProvisionalConditionContext {
  /** FHIR logical id of the Patient. */
  patientId: string;
  /** FHIR logical id of the Encounter, when the hook had one. */
  encounterId?: string;
}

/**
 * A provisional problem-list Condition for a finding.
 *
 * @param finding - the likely disease
 * @param assessment - the assessment it came from (model, modalities, id for the note)
 * @param context - subject and encounter
 */
export function provisionalCondition(
  finding: DiseaseFinding,
  assessment: Assessment,
  context: ProvisionalConditionContext,
): Condition {
  const disease = getDisease(finding.disease);
  const icd = PROVISIONAL_ICD10_CM[finding.disease];
  const used = assessment.modalities.used.map((m) => MODALITY_NAMES[m]).join(', ') || 'no modality';
  const condition: Condition = {
    resourceType: 'Condition',
    clinicalStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active', display: 'Active' },
      ],
    },
    verificationStatus: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
          code: 'provisional',
          display: 'Provisional',
        },
      ],
    },
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/condition-category',
            code: 'problem-list-item',
            display: 'Problem List Item',
          },
        ],
      },
    ],
    code: {
      coding: [
        { system: SNOMED_SYSTEM, code: disease.snomed.code, display: disease.snomed.display },
        { system: ICD10_CM_SYSTEM, code: icd.code, display: icd.display },
      ],
      text: disease.answer,
    },
    subject: { reference: `Patient/${context.patientId}` },
    note: [
      {
        text:
          `Provisional diagnosis suggested by MedTVT-FHIR (model ${assessment.model.name} ${assessment.model.version}, ` +
          `assessment ${assessment.id}): calibrated probability ${percent(finding.probability)}, decision threshold ` +
          `${percent(finding.threshold)}, from ${used}. Not confirmed by a clinician.`,
      },
    ],
  };
  if (context.encounterId) condition.encounter = { reference: `Encounter/${context.encounterId}` };
  return condition;
}

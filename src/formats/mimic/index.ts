/** MIMIC-IV `hosp` tables as typed records, streamed from `.csv.gz` (or `.csv`) in batches. */
export { readMimicTable, collectMimicRecords, type MimicTable } from './mimic-table';
export { MimicRow } from './mimic-row';
export { readMimicPatients, MIMIC_PATIENTS, type MimicPatient } from './mimic-patients';
export { readMimicAdmissions, MIMIC_ADMISSIONS, type MimicAdmission } from './mimic-admissions';
export { readMimicLabEvents, MIMIC_LAB_EVENTS, type MimicLabEvent } from './mimic-lab-events';
export { readMimicDiagnosesIcd, MIMIC_DIAGNOSES_ICD, icdVersionOf, type MimicDiagnosis } from './mimic-diagnoses-icd';
export { readMimicLabItems, MIMIC_LAB_ITEMS, type MimicLabItem } from './mimic-lab-items';
export {
  readMimicIcdDiagnosisTitles,
  MIMIC_ICD_DIAGNOSIS_TITLES,
  type MimicIcdDiagnosisTitle,
} from './mimic-icd-diagnosis-titles';

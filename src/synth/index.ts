/**
 * The synthetic multimodal cohort: seeded, deterministic admissions (labs, 12-lead ECG, chest X-ray, diagnoses)
 * and their outputs (FHIR transaction Bundles, training records). See README.md in this folder.
 */
export * from './types';
export { Random } from './random';
export { sampleClinicalProfile, type ClinicalProfileOptions } from './profile';
export { generateLabs, type GeneratedLabs } from './labs';
export { generateEcg } from './ecg';
export { generateChestXray } from './cxr/generate-chest-xray';
export { generateAdmission, isoSeconds } from './admission/generate-admission';
export {
  DEFAULT_BASE_TIME,
  PREVALENCE_NAMES,
  type AdmissionOptions,
  type PrevalenceName,
  type SyntheticAdmission,
  type SyntheticPatient,
} from './admission/synthetic-admission';
export {
  admissionIds,
  cxrDicomUids,
  uuidFromText,
  type AdmissionIds,
  type CxrDicomUids,
} from './admission/admission-ids';
export { parseCohortSeed } from './admission/cohort-seed';
export { ecgSpecFor } from './admission/ecg-spec';
export { cxrSpecFor } from './admission/cxr-spec';
export { labsToPanel, type LabTimes } from './admission/lab-panel';
export { admissionToBundle, type AdmissionBundleOptions } from './fhir/admission-to-bundle';
export type { CxrFileFormat } from './fhir/cxr-resources';
export { admissionToRecord, type TrainingRecordEntry } from './records/training-record';
export { MANIFEST_FILE, ecgToNpy, prepareRecordsDir, writeAdmissionRecord } from './records/records-writer';
export { encodeNpyFloat32 } from './records/npy';
export {
  CohortGenerationError,
  generateCohort,
  type CohortRunOptions,
  type CohortRunResult,
} from './records/cohort-runner';
export type { CohortJob, CohortOutput } from './records/cohort-job';

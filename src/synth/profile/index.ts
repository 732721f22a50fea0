export { sampleClinicalProfile, type ClinicalProfileOptions } from './sample-clinical-profile';
export { PREVALENCE_REGIMES, type PrevalenceName, type PrevalenceRegime } from './prevalence';
export {
  CXR_BASE_PROBABILITY,
  ECG_BASE_PROBABILITY,
  LABS_PRESENT_PROBABILITY,
  type ModalityPolicy,
} from './modalities';

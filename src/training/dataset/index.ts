/** Training data from the synthetic cohort: examples, patient-disjoint splits, packed tensors, encoder targets. */
export { ECG_TARGET_NAMES, CXR_TARGET_NAMES, TACHYCARDIA_BPM, ecgTargets, cxrTargets } from './encoder-targets';
export {
  SPLIT_NAMES,
  DEFAULT_SPLIT,
  patientUnit,
  splitOf,
  splitPatients,
  assertPatientDisjoint,
  type SplitName,
  type SplitFractions,
} from './patient-split';
export {
  makeSyntheticExample,
  expandCxr,
  CXR_SIDE,
  CXR_PIXELS,
  ECG_VALUES,
  type SyntheticExample,
  type ExampleJob,
} from './synthetic-example';
export { generateExamples, type GenerateExamplesOptions } from './generate-examples';
export { buildCohortDataset, gatherRows, LAB_VALUES, type CohortDataset, type SplitData } from './cohort-dataset';

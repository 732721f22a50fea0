/**
 * Preprocessing to model tensors, as the MedTVT-R1 reference code prepares its inputs: ECG `[12, 1000]`, CXR
 * `[3, 224, 224]`, labs `[100]`, plus batching and the modality mask.
 */
export { preprocessEcg, ECG_PREPROCESSING, type EcgPreprocessing, type PreprocessedEcg } from './preprocess-ecg';
export {
  preprocessCxr,
  resizedSize,
  centreCropRegion,
  CXR_PREPROCESSING,
  type CxrPreprocessing,
} from './preprocess-cxr';
export {
  bilinearPassCoefficients,
  resizeBilinear8,
  resizeBilinearFloat,
  type PassCoefficients,
  type ResizeRegion,
} from './pil-bilinear-resize';
export {
  fitLabEcdf,
  labPercentile,
  LAB_ECDF_MAX_ERROR_LIMIT,
  type LabEcdf,
  type LabEcdfEntry,
  type LabTrainingValues,
  type FitLabEcdfOptions,
} from './lab-ecdf';
export { labEcdfToJson, labEcdfFromJson, LAB_ECDF_FORMAT, type LabEcdfJson } from './lab-ecdf-json';
export { vectoriseLabs } from './vectorise-labs';
export { stackTensors } from './stack-tensors';
export { modalityMask } from './modality-mask';

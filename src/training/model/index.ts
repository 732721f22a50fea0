/**
 * The perception model (issue 4, deliverable 2): configuration and presets, parameter declarations, the
 * backend-agnostic model functions, and their jax-js forward. See README.md in this folder.
 */
export {
  PERCEPTION_PRESETS,
  perceptionConfig,
  type PerceptionConfig,
  type EcgEncoderConfig,
  type CxrEncoderConfig,
  type LabEncoderConfig,
  type ProjectorConfig,
  type MplConfig,
  type HeadConfig,
  type StemConv,
  type ResidualStage,
} from './perception-config';
export {
  perceptionSpecs,
  featureDims,
  encodeModality,
  fuseFeatures,
  perceive,
  ENCODER_PREFIX,
  type PerceptionInputs,
  type PerceptionOutputs,
  type EncoderFeatures,
  type FusionInputs,
} from './perception-model';
export { perceiveJax, fuseFeaturesJax, encodeModalityJax, type JaxParams } from './perception-jax';
export { countParams, normalInit, ZEROS, ONES, type ParamSpecs } from './param-spec';
export { ecgFeatureMapShape } from './ecg-encoder';
export { cxrTokenGrid } from './cxr-encoder';
export { JaxTensorOps } from './jax-tensor-ops';
export { conv1dOutputLength, type TensorOps, type Conv1dOptions, type Pool1dOptions } from './tensor-ops';

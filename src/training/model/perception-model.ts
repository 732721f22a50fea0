/**
 * The perception model, backend-agnostic: encoders → projectors → modality fusion → multi-label head. The same
 * functions run the jax-js training forward (`perception-jax.ts`) and write the ONNX graphs (`../onnx/`).
 *
 * Parameter names: `ecg_encoder.*`, `cxr_encoder.*`, `lab_encoder.*`, `projectors.{ecg,cxr,labs}.*`, `fusion.*`,
 * `head.*`.
 */
import { MODALITIES, type Modality } from '../../shared';
import { cxrEncoder, cxrEncoderSpecs, cxrFeatureDim } from './cxr-encoder';
import { ecgEncoder, ecgEncoderSpecs, ecgFeatureDim } from './ecg-encoder';
import { labEncoder, labEncoderSpecs, labFeatureDim } from './lab-encoder';
import { modalityFusion, modalityFusionSpecs, type ModalityTokens } from './modality-fusion';
import { multilabelHead, multilabelHeadSpecs } from './multilabel-head';
import type { ParamSpecs } from './param-spec';
import type { PerceptionConfig } from './perception-config';
import { projector, projectorSpecs } from './projector';
import type { TensorOps } from './tensor-ops';

/** Raw model inputs: ecg `[B,12,1000]`, cxr `[B,3,224,224]`, labs `[B,100]`, modalityMask `[B,3]`. */
export interface PerceptionInputs<T> {
  ecg: T;
  cxr: T;
  labs: T;
  modalityMask: T;
}

/** Encoder feature vectors (what a frozen-encoder stage caches): `[B, F_ecg]`, `[B, F_cxr]`, `[B, F_labs]`. */
export interface EncoderFeatures<T> {
  ecgFeatures: T;
  cxrFeatures: T;
  labFeatures: T;
}

/** What the fusion graph takes: cached features and the mask. */
export type FusionInputs<T> = EncoderFeatures<T> & { modalityMask: T };

/** logits `[B,7]`, modalityWeights `[B,3]`, tokens `[B,3,d]`. */
export interface PerceptionOutputs<T> {
  logits: T;
  modalityWeights: T;
  tokens: T;
}

/** The encoder parameter prefix of each modality. */
export const ENCODER_PREFIX: Readonly<Record<Modality, string>> = {
  ecg: 'ecg_encoder.',
  cxr: 'cxr_encoder.',
  labs: 'lab_encoder.',
};

/** Width of each modality's feature vector. */
export function featureDims(config: PerceptionConfig): Record<Modality, number> {
  return { ecg: ecgFeatureDim(config.ecg), cxr: cxrFeatureDim(config.cxr), labs: labFeatureDim(config.labs) };
}

/** Every parameter of the model. */
export function perceptionSpecs(config: PerceptionConfig): ParamSpecs {
  const dims = featureDims(config);
  let specs: ParamSpecs = {
    ...ecgEncoderSpecs(config.ecg),
    ...cxrEncoderSpecs(config.cxr),
    ...labEncoderSpecs(config.labs),
  };
  for (const modality of MODALITIES)
    specs = { ...specs, ...projectorSpecs(`projectors.${modality}`, dims[modality], config.projector) };
  return { ...specs, ...modalityFusionSpecs(config), ...multilabelHeadSpecs(config) };
}

/** Runs one modality's encoder: its raw input → its feature vector. */
export function encodeModality<T>(ops: TensorOps<T>, config: PerceptionConfig, modality: Modality, input: T): T {
  if (modality === 'ecg') return ecgEncoder(ops, config.ecg, input);
  if (modality === 'cxr') return cxrEncoder(ops, config.cxr, input);
  return labEncoder(ops, config.labs, input);
}

/** Projectors, fusion and head on encoder features. */
export function fuseFeatures<T>(
  ops: TensorOps<T>,
  config: PerceptionConfig,
  inputs: FusionInputs<T>,
): PerceptionOutputs<T> {
  const features: ModalityTokens<T> = [inputs.ecgFeatures, inputs.cxrFeatures, inputs.labFeatures];
  const projected = MODALITIES.map((modality, m) =>
    projector(ops, `projectors.${modality}`, config.projector, features[m] as T),
  );
  const fused = modalityFusion(ops, config, projected as unknown as ModalityTokens<T>, inputs.modalityMask);
  return {
    logits: multilabelHead(ops, config, fused.tokens),
    tokens: fused.tokens,
    modalityWeights: fused.modalityWeights,
  };
}

/** The whole model on raw inputs; also returns the encoder features. */
export function perceive<T>(
  ops: TensorOps<T>,
  config: PerceptionConfig,
  inputs: PerceptionInputs<T>,
): PerceptionOutputs<T> & EncoderFeatures<T> {
  const features: EncoderFeatures<T> = {
    ecgFeatures: encodeModality(ops, config, 'ecg', inputs.ecg),
    cxrFeatures: encodeModality(ops, config, 'cxr', inputs.cxr),
    labFeatures: encodeModality(ops, config, 'labs', inputs.labs),
  };
  return { ...features, ...fuseFeatures(ops, config, { ...features, modalityMask: inputs.modalityMask }) };
}

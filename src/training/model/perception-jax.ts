/**
 * The perception model's forward pass on jax-js arrays, for training and for the export parity tests.
 *
 * Ownership: arguments are borrowed (neither parameters nor inputs are consumed); every returned array is owned by
 * the caller. Inside `grad`/`jit`, where the function must consume its arguments, dispose them after the call.
 */
import type { Array as JaxArray } from '@jax-js/jax';
import type { Modality } from '../../shared';
import { JaxTensorOps } from './jax-tensor-ops';
import type { PerceptionConfig } from './perception-config';
import {
  encodeModality,
  type EncoderFeatures,
  fuseFeatures,
  type FusionInputs,
  perceive,
  type PerceptionInputs,
  type PerceptionOutputs,
} from './perception-model';

/** Parameters as jax-js arrays, by dotted name. */
export type JaxParams = Readonly<Record<string, JaxArray>>;

/**
 * Whole model on raw inputs.
 * @param options.features - Also return the encoder features (for caching); they are freed otherwise.
 */
export function perceiveJax(
  params: JaxParams,
  config: PerceptionConfig,
  inputs: PerceptionInputs<JaxArray>,
  options: { features?: boolean } = {},
): PerceptionOutputs<JaxArray> & Partial<EncoderFeatures<JaxArray>> {
  const ops = new JaxTensorOps(params);
  const out = perceive(ops, config, inputs);
  const { logits, modalityWeights, tokens } = out;
  if (options.features === true) return ops.release({ ...out });
  return ops.release({ logits, modalityWeights, tokens });
}

/** Projectors, fusion and head on (cached) encoder features. */
export function fuseFeaturesJax(
  params: JaxParams,
  config: PerceptionConfig,
  inputs: FusionInputs<JaxArray>,
): PerceptionOutputs<JaxArray> {
  const ops = new JaxTensorOps(params);
  return ops.release({ ...fuseFeatures(ops, config, inputs) });
}

/** One encoder: raw input → `[B, F]` feature vector. */
export function encodeModalityJax(
  params: JaxParams,
  config: PerceptionConfig,
  modality: Modality,
  input: JaxArray,
): JaxArray {
  const ops = new JaxTensorOps(params);
  return ops.release({ features: encodeModality(ops, config, modality, input) }).features;
}

/**
 * Symile-layout lab encoder: `[B, 100]` (50 train-ECDF percentiles, then 50 presence flags) → Linear + GELU for each
 * width but the last → Linear → LayerNorm → `[B, widths.at(-1)]`. At paper scale 100→256→1024→1024 (≈1.34 M).
 */
import { layerNorm, layerNormSpecs } from './layers/layer-norm';
import { linear, linearSpecs } from './layers/linear';
import type { ParamSpecs } from './param-spec';
import type { LabEncoderConfig } from './perception-config';
import type { TensorOps } from './tensor-ops';

const PREFIX = 'lab_encoder';

/** Width of the feature vector. */
export function labFeatureDim(config: LabEncoderConfig): number {
  const last = config.widths.at(-1);
  if (last === undefined) throw new RangeError(`${PREFIX}: widths is empty`);
  return last;
}

export function labEncoderSpecs(config: LabEncoderConfig): ParamSpecs {
  let specs: ParamSpecs = {};
  let inDim = config.inputDim;
  config.widths.forEach((outDim, i) => {
    specs = { ...specs, ...linearSpecs(`${PREFIX}.layers.${i}`, { inDim, outDim }) };
    inDim = outDim;
  });
  return { ...specs, ...layerNormSpecs(`${PREFIX}.norm`, labFeatureDim(config)) };
}

/** `[B, 100] → [B, F]`: the lab feature vector. */
export function labEncoder<T>(ops: TensorOps<T>, config: LabEncoderConfig, labs: T): T {
  let x = labs;
  config.widths.forEach((_, i) => {
    x = linear(ops, `${PREFIX}.layers.${i}`, x);
    if (i < config.widths.length - 1) x = ops.gelu(x);
  });
  return layerNorm(ops, `${PREFIX}.norm`, x, config.layerNormEpsilon);
}

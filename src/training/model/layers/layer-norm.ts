/** LayerNorm over the last axis with a learned scale and shift (`weight`, `bias`). */
import { ONES, type ParamSpecs, ZEROS } from '../param-spec';
import type { TensorOps } from '../tensor-ops';

export function layerNormSpecs(prefix: string, dim: number): ParamSpecs {
  return { [`${prefix}.weight`]: { shape: [dim], init: ONES }, [`${prefix}.bias`]: { shape: [dim], init: ZEROS } };
}

export function layerNorm<T>(ops: TensorOps<T>, prefix: string, x: T, epsilon: number): T {
  return ops.layerNorm(x, ops.param(`${prefix}.weight`), ops.param(`${prefix}.bias`), epsilon);
}

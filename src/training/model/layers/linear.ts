/** Fully connected layer, y = x·W + b, with W stored `[in, out]` so the same tensor feeds jax and ONNX MatMul. */
import { normalInit, type ParamSpecs, ZEROS } from '../param-spec';
import type { TensorOps } from '../tensor-ops';

export interface LinearShape {
  inDim: number;
  outDim: number;
  /** Whether there is a bias `[out]` (default true). */
  bias?: boolean;
  /** Standard deviation of W at initialisation (default 1/√in, which keeps the output variance near the input's). */
  std?: number;
}

export function linearSpecs(prefix: string, shape: LinearShape): ParamSpecs {
  const specs: ParamSpecs = {
    [`${prefix}.weight`]: {
      shape: [shape.inDim, shape.outDim],
      init: normalInit(shape.std ?? 1 / Math.sqrt(shape.inDim)),
    },
  };
  if (shape.bias !== false) specs[`${prefix}.bias`] = { shape: [shape.outDim], init: ZEROS };
  return specs;
}

/**
 * Applies the layer to the last axis of `x` (`[..., in] → [..., out]`).
 * @param bias - Must match the declaration.
 */
export function linear<T>(ops: TensorOps<T>, prefix: string, x: T, bias = true): T {
  const y = ops.matmul(x, ops.param(`${prefix}.weight`));
  return bias ? ops.add(y, ops.param(`${prefix}.bias`)) : y;
}

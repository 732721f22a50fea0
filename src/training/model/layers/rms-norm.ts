/**
 * RMSNorm over the last axis, x / √(mean(x²) + eps) · weight, as in the MuMu-LLaMA dense blocks the paper's projectors
 * use. Written with elementary ops because ONNX has no RMSNormalization before opset 23.
 */
import { ONES, type ParamSpecs } from '../param-spec';
import type { TensorOps } from '../tensor-ops';

export function rmsNormSpecs(prefix: string, dim: number): ParamSpecs {
  return { [`${prefix}.weight`]: { shape: [dim], init: ONES } };
}

export function rmsNorm<T>(ops: TensorOps<T>, prefix: string, x: T, epsilon: number): T {
  const meanSquare = ops.reduceMean(ops.mul(x, x), [-1], true);
  const rms = ops.sqrt(ops.add(meanSquare, ops.constant([epsilon], [])));
  return ops.mul(ops.div(x, rms), ops.param(`${prefix}.weight`));
}

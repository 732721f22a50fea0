/**
 * Per-modality projector (medtvt-r1.md §1.4): L2-normalise the encoder feature, Linear to d, then residual SwiGLU
 * blocks with RMSNorm. `[B, F] → [B, d]`.
 */
import { linear, linearSpecs } from './layers/linear';
import { swigluBlock, swigluBlockSpecs } from './layers/swiglu-block';
import type { ParamSpecs } from './param-spec';
import type { ProjectorConfig } from './perception-config';
import type { TensorOps } from './tensor-ops';

/** Added under the square root of the L2 norm so that an all-zero feature (a blank input) stays finite. */
const L2_EPSILON = 1e-12;

export function projectorSpecs(prefix: string, featureDim: number, config: ProjectorConfig): ParamSpecs {
  let specs: ParamSpecs = linearSpecs(`${prefix}.input`, { inDim: featureDim, outDim: config.dim });
  for (let i = 0; i < config.blocks; i++) {
    specs = {
      ...specs,
      ...swigluBlockSpecs(`${prefix}.blocks.${i}`, { dim: config.dim, hiddenDim: config.hiddenDim }),
    };
  }
  return specs;
}

/** x / √(Σx² + ε) over the last axis. */
export function l2Normalize<T>(ops: TensorOps<T>, x: T): T {
  const sumSquares = ops.reduceSum(ops.mul(x, x), [-1], true);
  return ops.div(x, ops.sqrt(ops.add(sumSquares, ops.constant([L2_EPSILON], []))));
}

export function projector<T>(ops: TensorOps<T>, prefix: string, config: ProjectorConfig, feature: T): T {
  let x = linear(ops, `${prefix}.input`, l2Normalize(ops, feature));
  for (let i = 0; i < config.blocks; i++) x = swigluBlock(ops, `${prefix}.blocks.${i}`, x, config.rmsEpsilon);
  return x;
}

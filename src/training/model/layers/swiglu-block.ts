/**
 * Residual SwiGLU block of the paper's projectors: x + W2( SiLU(W1·n) ⊙ W3·n ), n = RMSNorm(x), with W1, W3 `[d, h]`
 * and W2 `[h, d]`, no biases (medtvt-r1.md §1.4; h = d = 2048 there).
 */
import type { ParamSpecs } from '../param-spec';
import type { TensorOps } from '../tensor-ops';
import { linear, linearSpecs } from './linear';
import { rmsNorm, rmsNormSpecs } from './rms-norm';

export interface SwigluShape {
  dim: number;
  hiddenDim: number;
}

export function swigluBlockSpecs(prefix: string, shape: SwigluShape): ParamSpecs {
  return {
    ...rmsNormSpecs(`${prefix}.norm`, shape.dim),
    ...linearSpecs(`${prefix}.w1`, { inDim: shape.dim, outDim: shape.hiddenDim, bias: false }),
    ...linearSpecs(`${prefix}.w3`, { inDim: shape.dim, outDim: shape.hiddenDim, bias: false }),
    // The residual branch starts small so that a stack of blocks begins near the identity.
    ...linearSpecs(`${prefix}.w2`, {
      inDim: shape.hiddenDim,
      outDim: shape.dim,
      bias: false,
      std: 0.5 / Math.sqrt(shape.hiddenDim),
    }),
  };
}

export function swigluBlock<T>(ops: TensorOps<T>, prefix: string, x: T, rmsEpsilon: number): T {
  const normed = rmsNorm(ops, `${prefix}.norm`, x, rmsEpsilon);
  const gate = linear(ops, `${prefix}.w1`, normed, false);
  const silu = ops.mul(gate, ops.sigmoid(gate));
  const hidden = ops.mul(silu, linear(ops, `${prefix}.w3`, normed, false));
  return ops.add(x, linear(ops, `${prefix}.w2`, hidden, false));
}

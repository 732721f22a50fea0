/**
 * Multi-label head (beyond the paper, whose decoder is an LLM): the fused tokens `[B, 3, d]` flattened to `[B, 3d]` →
 * Linear → GELU → Linear → `[B, 7]` logits in DISEASE_IDS order (one Linear when `hidden` is 0).
 */
import { MODALITIES } from '../../shared';
import { linear, linearSpecs } from './layers/linear';
import type { ParamSpecs } from './param-spec';
import type { PerceptionConfig } from './perception-config';
import type { TensorOps } from './tensor-ops';

const PREFIX = 'head';

export function multilabelHeadSpecs(config: PerceptionConfig): ParamSpecs {
  const inDim = MODALITIES.length * config.projector.dim;
  if (config.head.hidden === 0) return linearSpecs(`${PREFIX}.out`, { inDim, outDim: config.outputs });
  return {
    ...linearSpecs(`${PREFIX}.fc1`, { inDim, outDim: config.head.hidden }),
    ...linearSpecs(`${PREFIX}.out`, { inDim: config.head.hidden, outDim: config.outputs }),
  };
}

/** `[B, 3, d] → [B, outputs]`. */
export function multilabelHead<T>(ops: TensorOps<T>, config: PerceptionConfig, tokens: T): T {
  let x = ops.reshape(tokens, [-1, MODALITIES.length * config.projector.dim]);
  if (config.head.hidden > 0) x = ops.gelu(linear(ops, `${PREFIX}.fc1`, x));
  return linear(ops, `${PREFIX}.out`, x);
}

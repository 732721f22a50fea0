/**
 * Pre-LN transformer encoder block of the ViT layout: x + MHA(LN₁(x)), then x + MLP(LN₂(x)) with MLP = fc2(GELU(fc1)).
 */
import type { ParamSpecs } from '../param-spec';
import type { TensorOps } from '../tensor-ops';
import { layerNorm, layerNormSpecs } from './layer-norm';
import { linear, linearSpecs } from './linear';
import { multiHeadAttention, multiHeadAttentionSpecs } from './multi-head-attention';

export interface TransformerBlockShape {
  dim: number;
  heads: number;
  mlpDim: number;
  /** Sequence length (static). */
  tokens: number;
  layerNormEpsilon: number;
}

export function transformerBlockSpecs(prefix: string, shape: TransformerBlockShape): ParamSpecs {
  return {
    ...layerNormSpecs(`${prefix}.norm1`, shape.dim),
    ...multiHeadAttentionSpecs(`${prefix}.attn`, shape),
    ...layerNormSpecs(`${prefix}.norm2`, shape.dim),
    ...linearSpecs(`${prefix}.mlp.fc1`, { inDim: shape.dim, outDim: shape.mlpDim }),
    ...linearSpecs(`${prefix}.mlp.fc2`, { inDim: shape.mlpDim, outDim: shape.dim }),
  };
}

/** `[B, N, d] → [B, N, d]`. */
export function transformerBlock<T>(ops: TensorOps<T>, prefix: string, shape: TransformerBlockShape, x: T): T {
  const lengths = { query: shape.tokens, key: shape.tokens };
  const normed = layerNorm(ops, `${prefix}.norm1`, x, shape.layerNormEpsilon);
  const attended = ops.add(x, multiHeadAttention(ops, `${prefix}.attn`, shape, normed, normed, normed, lengths));
  const hidden = ops.gelu(
    linear(ops, `${prefix}.mlp.fc1`, layerNorm(ops, `${prefix}.norm2`, attended, shape.layerNormEpsilon)),
  );
  return ops.add(attended, linear(ops, `${prefix}.mlp.fc2`, hidden));
}

/**
 * Multi-head attention, softmax(Q·Kᵀ/√dₕ)·V per head, with separate Q/K/V/O projections (`q`, `k`, `v`, `o`, each
 * [d, d] + bias; PyTorch packs the first three into one `in_proj`, which is the same map split three ways).
 */
import type { ParamSpecs } from '../param-spec';
import type { TensorOps } from '../tensor-ops';
import { linear, linearSpecs } from './linear';

export interface AttentionShape {
  dim: number;
  heads: number;
}

export function multiHeadAttentionSpecs(prefix: string, shape: AttentionShape): ParamSpecs {
  if (shape.dim % shape.heads !== 0) {
    throw new RangeError(`${prefix}: dim ${shape.dim} is not divisible by ${shape.heads} heads`);
  }
  return {
    ...linearSpecs(`${prefix}.q`, { inDim: shape.dim, outDim: shape.dim }),
    ...linearSpecs(`${prefix}.k`, { inDim: shape.dim, outDim: shape.dim }),
    ...linearSpecs(`${prefix}.v`, { inDim: shape.dim, outDim: shape.dim }),
    ...linearSpecs(`${prefix}.o`, { inDim: shape.dim, outDim: shape.dim }),
  };
}

/**
 * @param query - `[B, L, d]`.
 * @param key - `[B, S, d]`.
 * @param value - `[B, S, d]`.
 * @param lengths - L and S (static).
 * @returns `[B, L, d]`.
 */
export function multiHeadAttention<T>(
  ops: TensorOps<T>,
  prefix: string,
  shape: AttentionShape,
  query: T,
  key: T,
  value: T,
  lengths: { query: number; key: number },
): T {
  const headDim = shape.dim / shape.heads;
  // [B, N, d] → [B, heads, N, dₕ]
  const split = (x: T, n: number): T => ops.transpose(ops.reshape(x, [-1, n, shape.heads, headDim]), [0, 2, 1, 3]);
  const q = split(linear(ops, `${prefix}.q`, query), lengths.query);
  const k = split(linear(ops, `${prefix}.k`, key), lengths.key);
  const v = split(linear(ops, `${prefix}.v`, value), lengths.key);
  const scores = ops.mul(ops.matmul(q, ops.transpose(k, [0, 1, 3, 2])), ops.constant([1 / Math.sqrt(headDim)], []));
  const attended = ops.matmul(ops.softmax(scores, -1), v);
  const merged = ops.reshape(ops.transpose(attended, [0, 2, 1, 3]), [-1, lengths.query, shape.dim]);
  return linear(ops, `${prefix}.o`, merged);
}

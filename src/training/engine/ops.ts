/**
 * Reference layers in jax-js, checked against an independent float64 implementation in ops.test.ts.
 *
 * Ownership follows jax-js: every function CONSUMES the arrays passed to it (pass `x.ref` to keep using one) and
 * returns a new array the caller owns. Layouts are row-major; Linear weights are [in, out] so y = x·W + b, as in the
 * ONNX export (MatMul then Add).
 */
import type { Array as JaxArray } from '@jax-js/jax';
import { jaxModule } from './jax-module';

/** Last dimension of an array. */
function lastDim(x: JaxArray): number {
  const d = x.shape[x.shape.length - 1];
  if (d === undefined) throw new RangeError('ops: expected an array with at least one dimension, got a scalar');
  return d;
}

/**
 * Linear layer: y = x·W + b over the last axis.
 *
 * @param x - [..., in]
 * @param weight - [in, out]
 * @param bias - [out], optional
 * @returns [..., out]
 */
export function linear(x: JaxArray, weight: JaxArray, bias?: JaxArray): JaxArray {
  const { numpy: np } = jaxModule();
  const lead = x.shape.slice(0, -1);
  const out = lastDim(weight);
  // Flatten to 2-D first: jax-js 0.1.25 mis-orders axes in some mixed-rank matmuls.
  const y = np.matmul(x.reshape([-1, lastDim(x)]), weight).reshape([...lead, out]);
  return bias === undefined ? y : y.add(bias);
}

/**
 * Layer normalisation over the last axis: (x − mean) / sqrt(var + eps) · gamma + beta, biased variance (as PyTorch
 * and ONNX LayerNormalization).
 *
 * @param x - [..., D]
 * @param gamma - [D]
 * @param beta - [D]
 * @param eps - Added to the variance; 1e-5 as PyTorch's default.
 */
export function layerNorm(x: JaxArray, gamma: JaxArray, beta: JaxArray, eps = 1e-5): JaxArray {
  const { numpy: np } = jaxModule();
  const centred = x.ref.sub(x.mean(-1, { keepdims: true }));
  const variance = np.square(centred.ref).mean(-1, { keepdims: true });
  return centred
    .div(np.sqrt(variance.add(eps)))
    .mul(gamma)
    .add(beta);
}

/**
 * RMS normalisation over the last axis: x / sqrt(mean(x²) + eps) · weight (no centring, no bias).
 *
 * @param x - [..., D]
 * @param weight - [D]
 * @param eps - Added to the mean square; 1e-6 as in LLaMA.
 */
export function rmsNorm(x: JaxArray, weight: JaxArray, eps = 1e-6): JaxArray {
  const { numpy: np } = jaxModule();
  const meanSquare = np.square(x.ref).mean(-1, { keepdims: true });
  return x.div(np.sqrt(meanSquare.add(eps))).mul(weight);
}

/**
 * GELU. Exact by default, x·Φ(x) = 0.5·x·(1 + erf(x/√2)), because ONNX `Gelu` defaults to exact (jax-js `nn.gelu`
 * defaults to tanh); `approximate: true` gives 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
 */
export function gelu(x: JaxArray, options: { approximate?: boolean } = {}): JaxArray {
  const { numpy: np, scipySpecial } = jaxModule();
  if (options.approximate === true) {
    const inner = x.ref.add(x.ref.mul(x.ref).mul(x.ref).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(np.tanh(inner).add(1)).mul(0.5);
  }
  return x.ref.mul(scipySpecial.erf(x.mul(Math.SQRT1_2)).add(1)).mul(0.5);
}

/** SiLU (swish): x·σ(x). */
export function silu(x: JaxArray): JaxArray {
  const { nn } = jaxModule();
  return x.ref.mul(nn.sigmoid(x));
}

/**
 * SwiGLU feed-forward (LLaMA layout, no biases): (silu(x·Wg) ⊙ (x·Wu))·Wd.
 *
 * @param x - [..., D]
 * @param wGate - [D, H]
 * @param wUp - [D, H]
 * @param wDown - [H, Dout]
 */
export function swiglu(x: JaxArray, wGate: JaxArray, wUp: JaxArray, wDown: JaxArray): JaxArray {
  return linear(silu(linear(x.ref, wGate)).mul(linear(x, wUp)), wDown);
}

/** Softmax along `axis` (default last), max-subtracted for stability. */
export function softmax(x: JaxArray, axis = -1): JaxArray {
  const { numpy: np, lax } = jaxModule();
  const shifted = x.ref.sub(lax.stopGradient(x.max(axis, { keepdims: true })));
  const e = np.exp(shifted);
  return e.ref.div(e.sum(axis, { keepdims: true }));
}

/** Projection weights of multi-head attention; each W is [D, D] ([in, out]), each b is [D]. */
export type AttentionParams = {
  wq: JaxArray;
  bq: JaxArray;
  wk: JaxArray;
  bk: JaxArray;
  wv: JaxArray;
  bv: JaxArray;
  wo: JaxArray;
  bo: JaxArray;
};

/**
 * Multi-head scaled dot-product attention (no mask): heads split D as [H, D/H]; softmax(q·kᵀ/√(D/H))·v per head,
 * heads concatenated, then the output projection.
 *
 * @param query - [B, Tq, D]
 * @param keyValue - [B, Tk, D] (pass `x.ref` twice for self-attention)
 * @param params - Projections (consumed).
 * @param heads - Number of heads; must divide D.
 * @returns [B, Tq, D]
 */
export function multiHeadAttention(
  query: JaxArray,
  keyValue: JaxArray,
  params: AttentionParams,
  heads: number,
): JaxArray {
  const { numpy: np } = jaxModule();
  const [batch, tq, d] = query.shape as [number, number, number];
  const tk = keyValue.shape[1] as number;
  if (d % heads !== 0) throw new RangeError(`multiHeadAttention: ${heads} heads do not divide D = ${d}`);
  const dh = d / heads;
  // [B, T, D] → [B, H, T, dh]
  const split = (x: JaxArray, t: number) => x.reshape([batch, t, heads, dh]).transpose([0, 2, 1, 3]);
  const q = split(linear(query, params.wq, params.bq), tq);
  const k = split(linear(keyValue.ref, params.wk, params.bk), tk);
  const v = split(linear(keyValue, params.wv, params.bv), tk);
  const scores = np.matmul(q, k.transpose([0, 1, 3, 2])).mul(1 / Math.sqrt(dh)); // [B, H, Tq, Tk]
  const context = np.matmul(softmax(scores), v); // [B, H, Tq, dh]
  const merged = context.transpose([0, 2, 1, 3]).reshape([batch, tq, d]);
  return linear(merged, params.wo, params.bo);
}

/**
 * Binary cross-entropy on logits, averaged over every element: max(z, 0) − z·y + log(1 + e^(−|z|)), stable for large
 * |z|. Targets may be soft (in [0, 1]).
 *
 * @param logits - any shape
 * @param targets - same shape as logits
 * @returns scalar
 */
export function bceWithLogits(logits: JaxArray, targets: JaxArray): JaxArray {
  const { numpy: np } = jaxModule();
  const softplusNegAbs = np.log1p(np.exp(np.absolute(logits.ref).mul(-1)));
  return np.maximum(logits.ref, 0).sub(logits.mul(targets)).add(softplusNegAbs).mean();
}

/** Options of conv1d. */
export type Conv1dOptions = {
  /** Step between output positions; default 1. */
  stride?: number;
  /** Zeros added before and after the sequence: one number for both sides, or [before, after]; default 0. */
  padding?: number | [number, number];
};

/**
 * 1-D convolution (cross-correlation, as PyTorch Conv1d and ONNX Conv) by pad + slices + one matmul, because jax-js's
 * `lax.conv` is ~18× slower and it has no strided slices (stride is taken by a reshape).
 *
 * @param x - [B, C, L] channels-first, as the ECG tensor [B, 12, 1000]
 * @param weight - [K, C, O]: kernel tap, input channel, output channel (so the patch matrix is [B·Lout, K·C]).
 *   PyTorch/ONNX store [O, C, K]; the exporter transposes.
 * @param bias - [O], optional
 * @returns [B, O, Lout], Lout = floor((L + padBefore + padAfter − K) / stride) + 1
 */
export function conv1d(x: JaxArray, weight: JaxArray, bias?: JaxArray, options: Conv1dOptions = {}): JaxArray {
  const { numpy: np } = jaxModule();
  const [batch, channels, length] = x.shape as [number, number, number];
  const [taps, wChannels, out] = weight.shape as [number, number, number];
  if (wChannels !== channels) {
    throw new RangeError(`conv1d: input has ${channels} channels, weight [K, C, O] expects ${wChannels}`);
  }
  const stride = options.stride ?? 1;
  const [before, after] =
    typeof options.padding === 'number' ? [options.padding, options.padding] : (options.padding ?? [0, 0]);
  const padded = length + before + after;
  const outLength = Math.floor((padded - taps) / stride) + 1;
  if (outLength < 1) throw new RangeError(`conv1d: kernel ${taps} is longer than the padded input ${padded}`);
  // Each tap reads outLength·stride samples (then keeps every stride-th), which may run past the end: pad for it.
  const extra = Math.max(0, taps - 1 + outLength * stride - padded);
  const xp = np.pad(x, [
    [0, 0],
    [0, 0],
    [before, after + extra],
  ]);
  const columns: JaxArray[] = [];
  for (let k = 0; k < taps; k++) {
    let tap = xp.ref.slice([], [], [k, k + outLength * stride]); // [B, C, Lout·stride]
    if (stride > 1) tap = tap.reshape([batch, channels, outLength, stride]).slice([], [], [], 0);
    columns.push(tap); // [B, C, Lout]
  }
  xp.dispose();
  const patches = np
    .stack(columns, 1)
    .transpose([0, 3, 1, 2])
    .reshape([batch * outLength, taps * channels]);
  const y = np.matmul(patches, weight.reshape([taps * channels, out])).reshape([batch, outLength, out]);
  const withBias = bias === undefined ? y : y.add(bias);
  return withBias.transpose([0, 2, 1]);
}

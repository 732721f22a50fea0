/**
 * The operation set the perception model is written against. Every layer is one generic function over
 * `TensorOps<T>`; it runs on jax-js arrays for training (`JaxTensorOps`) and emits ONNX nodes for export
 * (`OnnxTensorOps`, T = a value name). Because both come from the same code path, the exported graph computes the
 * same math as the training forward by construction; the parity tests then only have to catch numeric drift and a
 * wrong op translation, not a layer written twice.
 *
 * Conventions shared by both sides:
 * - binary ops broadcast the NumPy way;
 * - `reshape` takes a target shape with at most one -1 (always used for the batch dimension);
 * - axes may be negative;
 * - `gelu` is the exact (erf) form on both sides: ONNX `Gelu` defaults to it, jax-js's `nn.gelu` does not;
 * - 1-D convolution and pooling take `[B, C, T]`; convolution weights are `[Cout, Cin, K]` as in ONNX `Conv`.
 */
export interface TensorOps<T> {
  /** A model parameter by its dotted name. */
  param(name: string): T;
  /** A float32 constant with the given shape (`[]` for a scalar). */
  constant(values: readonly number[], shape: readonly number[]): T;

  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  /** Matrix product over the last two axes, leading axes broadcast; `[..., n, k] × [k, m]` is allowed. */
  matmul(a: T, b: T): T;

  sigmoid(x: T): T;
  tanh(x: T): T;
  relu(x: T): T;
  /** Exact GELU: x · Φ(x) = 0.5 · x · (1 + erf(x / √2)). */
  gelu(x: T): T;
  sqrt(x: T): T;
  softmax(x: T, axis: number): T;
  /** LayerNorm over the last axis: (x − mean) / √(var + eps) · gamma + beta (biased variance). */
  layerNorm(x: T, gamma: T, beta: T, epsilon: number): T;

  reduceMean(x: T, axes: readonly number[], keepDims: boolean): T;
  reduceSum(x: T, axes: readonly number[], keepDims: boolean): T;
  reduceMax(x: T, axes: readonly number[], keepDims: boolean): T;

  reshape(x: T, shape: readonly number[]): T;
  transpose(x: T, perm: readonly number[]): T;
  concat(xs: readonly T[], axis: number): T;
  /** Elements `start` (inclusive) to `end` (exclusive) along one axis, step 1. */
  slice(x: T, axis: number, start: number, end: number): T;
  /** Zero padding of one axis. */
  pad(x: T, axis: number, before: number, after: number): T;
  /** `where(mask > 0.5, a, b)`: picks, so a non-finite value in the branch not taken never leaks through. */
  select(mask: T, a: T, b: T): T;

  /**
   * 1-D convolution, `[B, Cin, T] → [B, Cout, Tout]`, Tout = ⌊(T + padBefore + padAfter − K) / stride⌋ + 1.
   * @param bias - `[Cout]`, or undefined for none.
   */
  conv1d(x: T, weight: T, bias: T | undefined, options: Conv1dOptions): T;
  /** 1-D max pooling over `[B, C, T]`; padded positions never win (they count as −∞). */
  maxPool1d(x: T, options: Pool1dOptions): T;
}

/** Static geometry of a 1-D convolution. */
export interface Conv1dOptions {
  kernel: number;
  stride: number;
  padBefore: number;
  padAfter: number;
}

/** Static geometry of a 1-D pooling window. */
export type Pool1dOptions = Conv1dOptions;

/** Output length of a 1-D convolution or pooling window. */
export function conv1dOutputLength(length: number, options: Conv1dOptions): number {
  return Math.floor((length + options.padBefore + options.padAfter - options.kernel) / options.stride) + 1;
}

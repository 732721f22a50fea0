/**
 * `TensorOps` on jax-js arrays, for the training forward pass (eager, under `jit`, or under `grad`).
 *
 * Reference counting stays in here: every op passes `.ref` of its inputs (so parameters and inputs are borrowed,
 * never consumed) and records its result in a scope; `release(outputs)` takes a reference to the outputs and frees
 * every intermediate. Model code therefore never calls `.ref` or `dispose()`.
 *
 * Composite ops (LayerNorm, exact GELU, softmax, conv1d) are the engine's reference ops (`../engine/ops.ts`, checked
 * against float64 in its tests). jax-js quirks handled here (architecture.md, "Notes on @jax-js/jax"): convolutions
 * and pooling are pad/slice + matmul or max (its `lax.conv` is ~18× slower), strides go through a reshape because it
 * has no strided slices, and mixed-rank matmuls are reshaped or broadcast first.
 */
import type { Array as JaxArray } from '@jax-js/jax';
import { jaxModule, type JaxModule } from '../engine/jax-module';
import * as engineOps from '../engine/ops';
import { TrainingError } from '../engine/training-error';
import { type Conv1dOptions, conv1dOutputLength, type Pool1dOptions, type TensorOps } from './tensor-ops';

/** Stands in for −∞ at padded positions of a max pool (a true −∞ would turn 0 · ∞ into NaN in the backward pass). */
const POOL_PAD_VALUE = -3.0e38;

export class JaxTensorOps implements TensorOps<JaxArray> {
  private readonly scope: JaxArray[] = [];
  private readonly jax: JaxModule = jaxModule();

  /** @param params - Parameters by dotted name; borrowed for the life of this object. */
  constructor(private readonly params: Readonly<Record<string, JaxArray>>) {}

  /**
   * Ends the forward pass: returns `outputs` with a new reference per array (the caller owns them) and frees every
   * intermediate the ops created.
   */
  release<K extends string>(outputs: Readonly<Record<K, JaxArray>>): Record<K, JaxArray> {
    const kept = {} as Record<K, JaxArray>;
    for (const key of Object.keys(outputs) as K[]) kept[key] = outputs[key].ref;
    for (const array of this.scope.splice(0)) array.dispose();
    return kept;
  }

  param(name: string): JaxArray {
    const array = this.params[name];
    if (array === undefined) throw new TrainingError(`jax forward: parameter ${name} is missing`);
    return array;
  }

  constant(values: readonly number[], shape: readonly number[]): JaxArray {
    const np = this.jax.numpy;
    return this.own(np.array(Float32Array.from(values), { shape: [...shape], dtype: np.float32 }));
  }

  add(a: JaxArray, b: JaxArray): JaxArray {
    return this.own(this.jax.numpy.add(a.ref, b.ref));
  }

  sub(a: JaxArray, b: JaxArray): JaxArray {
    return this.own(this.jax.numpy.subtract(a.ref, b.ref));
  }

  mul(a: JaxArray, b: JaxArray): JaxArray {
    return this.own(this.jax.numpy.multiply(a.ref, b.ref));
  }

  div(a: JaxArray, b: JaxArray): JaxArray {
    return this.own(this.jax.numpy.trueDivide(a.ref, b.ref));
  }

  matmul(a: JaxArray, b: JaxArray): JaxArray {
    if (b.ndim === 2 && a.ndim > 2) {
      // [..., n, k] · [k, m] as one 2-D product.
      const flat = this.reshape(a, [-1, a.shape[a.ndim - 1] ?? 0]);
      const product = this.own(this.jax.numpy.matmul(flat.ref, b.ref));
      return this.reshape(product, [...a.shape.slice(0, -1), b.shape[1] ?? 0]);
    }
    if (a.ndim < b.ndim) {
      // jax-js orders the axes of a lower-rank × higher-rank matmul wrongly: broadcast first.
      const shape = [...b.shape.slice(0, b.ndim - 2), ...a.shape.slice(-2)];
      const broadcast = this.own(this.jax.numpy.broadcastTo(a.ref, shape));
      return this.own(this.jax.numpy.matmul(broadcast.ref, b.ref));
    }
    return this.own(this.jax.numpy.matmul(a.ref, b.ref));
  }

  sigmoid(x: JaxArray): JaxArray {
    return this.own(this.jax.nn.sigmoid(x.ref));
  }

  tanh(x: JaxArray): JaxArray {
    return this.own(this.jax.numpy.tanh(x.ref));
  }

  relu(x: JaxArray): JaxArray {
    return this.own(this.jax.nn.relu(x.ref));
  }

  gelu(x: JaxArray): JaxArray {
    return this.own(engineOps.gelu(x.ref));
  }

  sqrt(x: JaxArray): JaxArray {
    return this.own(this.jax.numpy.sqrt(x.ref));
  }

  softmax(x: JaxArray, axis: number): JaxArray {
    return this.own(engineOps.softmax(x.ref, axis));
  }

  layerNorm(x: JaxArray, gamma: JaxArray, beta: JaxArray, epsilon: number): JaxArray {
    return this.own(engineOps.layerNorm(x.ref, gamma.ref, beta.ref, epsilon));
  }

  reduceMean(x: JaxArray, axes: readonly number[], keepDims: boolean): JaxArray {
    return this.own(this.jax.numpy.mean(x.ref, [...axes], { keepdims: keepDims }));
  }

  reduceSum(x: JaxArray, axes: readonly number[], keepDims: boolean): JaxArray {
    return this.own(this.jax.numpy.sum(x.ref, [...axes], { keepdims: keepDims }));
  }

  reduceMax(x: JaxArray, axes: readonly number[], keepDims: boolean): JaxArray {
    return this.own(this.jax.numpy.max(x.ref, [...axes], { keepdims: keepDims }));
  }

  reshape(x: JaxArray, shape: readonly number[]): JaxArray {
    return this.own(this.jax.numpy.reshape(x.ref, [...shape]));
  }

  transpose(x: JaxArray, perm: readonly number[]): JaxArray {
    return this.own(this.jax.numpy.transpose(x.ref, [...perm]));
  }

  concat(xs: readonly JaxArray[], axis: number): JaxArray {
    return this.own(
      this.jax.numpy.concatenate(
        xs.map((x) => x.ref),
        axis,
      ),
    );
  }

  slice(x: JaxArray, axis: number, start: number, end: number): JaxArray {
    const at = axis < 0 ? axis + x.ndim : axis;
    const index = x.shape.map((_, i): [] | [number, number] => (i === at ? [start, end] : []));
    return this.own(x.ref.slice(...index));
  }

  pad(x: JaxArray, axis: number, before: number, after: number): JaxArray {
    const at = axis < 0 ? axis + x.ndim : axis;
    const width = x.shape.map((_, i): [number, number] => (i === at ? [before, after] : [0, 0]));
    return this.own(this.jax.numpy.pad(x.ref, width));
  }

  select(mask: JaxArray, a: JaxArray, b: JaxArray): JaxArray {
    const np = this.jax.numpy;
    const condition = this.own(np.greater(mask.ref, 0.5));
    return this.own(np.where(condition.ref, a.ref, b.ref));
  }

  conv1d(x: JaxArray, weight: JaxArray, bias: JaxArray | undefined, options: Conv1dOptions): JaxArray {
    if (weight.shape[2] !== options.kernel) {
      throw new TrainingError(`jax conv1d: weight [${weight.shape.join(', ')}] does not have kernel ${options.kernel}`);
    }
    // Parameters are [Cout, Cin, K] (ONNX/PyTorch); the engine's conv1d takes [K, Cin, Cout].
    const taps = this.transpose(weight, [2, 1, 0]);
    const padding: [number, number] = [options.padBefore, options.padAfter];
    return this.own(engineOps.conv1d(x.ref, taps.ref, bias?.ref, { stride: options.stride, padding }));
  }

  maxPool1d(x: JaxArray, options: Pool1dOptions): JaxArray {
    return this.reduceMax(this.taps(x, options, POOL_PAD_VALUE), [3], false);
  }

  /**
   * The K shifted views a 1-D window reads, stacked as `[B, C, Tout, K]`: tap k at output t is padded position
   * stride·t + k. For stride > 1 the padded signal is reshaped to `[B, C, R, stride]`, so that position
   * stride·(t + ⌊k/stride⌋) + k mod stride is row t + ⌊k/stride⌋, column k mod stride: a plain slice.
   */
  private taps(x: JaxArray, options: Conv1dOptions, padValue: number): JaxArray {
    const [, channels, length] = x.shape as [number, number, number];
    const { kernel, stride, padBefore } = options;
    const tOut = conv1dOutputLength(length, options);
    const rows = tOut + Math.floor((kernel - 1) / stride) + 1;
    const needed = rows * stride;
    let padded = this.padWith(x, padBefore, Math.max(0, needed - length - padBefore), padValue);
    if ((padded.shape[2] ?? 0) > needed) padded = this.slice(padded, 2, 0, needed);
    const grid = this.reshape(padded, [-1, channels, rows, stride]);
    const columns: JaxArray[] = [];
    for (let k = 0; k < kernel; k++) {
      const row = Math.floor(k / stride);
      const column = k % stride;
      columns.push(this.slice(this.slice(grid, 2, row, row + tOut), 3, column, column + 1));
    }
    return columns.length === 1 ? (columns[0] as JaxArray) : this.concat(columns, 3);
  }

  /** Pads the time axis of `[B, C, T]` with `value` (zero padding plus a constant offset on the padded cells). */
  private padWith(x: JaxArray, before: number, after: number, value: number): JaxArray {
    if (before === 0 && after === 0) return x;
    const padded = this.pad(x, 2, before, after);
    if (value === 0) return padded;
    const length = x.shape[2] ?? 0;
    const offset = Array.from({ length: before + length + after }, (_, i) =>
      i < before || i >= before + length ? value : 0,
    );
    return this.add(padded, this.constant(offset, [offset.length]));
  }

  private own(array: JaxArray): JaxArray {
    this.scope.push(array);
    return array;
  }
}

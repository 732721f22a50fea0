/**
 * Test support: plain float64 TypeScript implementations of the layers in ops.ts, written from their textbook
 * definitions with loops (no jax-js, no shared code), and central finite differences over them. ops.test.ts compares
 * jax-js's values and gradients against these.
 */

/** A float64 tensor: shape and row-major values. */
export type T64 = { shape: number[]; data: Float64Array };

export function t64(shape: number[], data: ArrayLike<number>): T64 {
  return { shape, data: Float64Array.from(data) };
}

/** erf by its Maclaurin series, accurate to ~1e-13 for |x| ≤ 4 (the tests stay inside ±4). */
export function erf64(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** y[r, o] = Σ_i x[r, i]·w[i, o] + b[o], with x flattened to rows of `in`. */
export function linear64(x: T64, w: T64, b?: T64): T64 {
  const [nIn, nOut] = w.shape as [number, number];
  const rows = x.data.length / nIn;
  const out = new Float64Array(rows * nOut);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < nOut; o++) {
      let s = b ? (b.data[o] as number) : 0;
      for (let i = 0; i < nIn; i++) s += (x.data[r * nIn + i] as number) * (w.data[i * nOut + o] as number);
      out[r * nOut + o] = s;
    }
  }
  return { shape: [...x.shape.slice(0, -1), nOut], data: out };
}

/** Applies f to each row of the last axis. */
function mapRows(x: T64, f: (row: number[], r: number) => number[]): T64 {
  const d = x.shape[x.shape.length - 1] as number;
  const out = new Float64Array(x.data.length);
  for (let r = 0; r < x.data.length / d; r++) {
    const row = Array.from(x.data.subarray(r * d, (r + 1) * d));
    f(row, r).forEach((v, i) => (out[r * d + i] = v));
  }
  return { shape: [...x.shape], data: out };
}

export function layerNorm64(x: T64, gamma: T64, beta: T64, eps = 1e-5): T64 {
  return mapRows(x, (row) => {
    const mean = row.reduce((a, b) => a + b, 0) / row.length;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / row.length;
    return row.map(
      (v, i) => ((v - mean) / Math.sqrt(variance + eps)) * (gamma.data[i] as number) + (beta.data[i] as number),
    );
  });
}

export function rmsNorm64(x: T64, weight: T64, eps = 1e-6): T64 {
  return mapRows(x, (row) => {
    const ms = row.reduce((a, b) => a + b * b, 0) / row.length;
    return row.map((v, i) => (v / Math.sqrt(ms + eps)) * (weight.data[i] as number));
  });
}

function mapElements(x: T64, f: (v: number) => number): T64 {
  return { shape: [...x.shape], data: x.data.map(f) };
}

export function geluExact64(x: T64): T64 {
  return mapElements(x, (v) => 0.5 * v * (1 + erf64(v / Math.SQRT2)));
}

export function geluTanh64(x: T64): T64 {
  return mapElements(x, (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))));
}

export function silu64(x: T64): T64 {
  return mapElements(x, (v) => v / (1 + Math.exp(-v)));
}

export function swiglu64(x: T64, wGate: T64, wUp: T64, wDown: T64): T64 {
  const gate = silu64(linear64(x, wGate));
  const up = linear64(x, wUp);
  return linear64({ shape: gate.shape, data: gate.data.map((g, i) => g * (up.data[i] as number)) }, wDown);
}

export function softmax64(x: T64): T64 {
  return mapRows(x, (row) => {
    const max = Math.max(...row);
    const e = row.map((v) => Math.exp(v - max));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  });
}

/** Multi-head attention on [B, Tq, D] × [B, Tk, D], heads splitting D contiguously, as ops.multiHeadAttention. */
export function multiHeadAttention64(query: T64, keyValue: T64, p: Record<string, T64>, heads: number): T64 {
  const [batch, tq, d] = query.shape as [number, number, number];
  const tk = keyValue.shape[1] as number;
  const dh = d / heads;
  const get = (name: string) => p[name] as T64;
  const q = linear64(query, get('wq'), get('bq')).data;
  const k = linear64(keyValue, get('wk'), get('bk')).data;
  const v = linear64(keyValue, get('wv'), get('bv')).data;
  const merged = new Float64Array(batch * tq * d);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      for (let i = 0; i < tq; i++) {
        const scores: number[] = [];
        for (let j = 0; j < tk; j++) {
          let s = 0;
          for (let c = 0; c < dh; c++)
            s += (q[(b * tq + i) * d + h * dh + c] as number) * (k[(b * tk + j) * d + h * dh + c] as number);
          scores.push(s / Math.sqrt(dh));
        }
        const weights = softmax64(t64([tk], scores)).data;
        for (let c = 0; c < dh; c++) {
          let s = 0;
          for (let j = 0; j < tk; j++) s += (weights[j] as number) * (v[(b * tk + j) * d + h * dh + c] as number);
          merged[(b * tq + i) * d + h * dh + c] = s;
        }
      }
    }
  }
  return linear64({ shape: [batch, tq, d], data: merged }, get('wo'), get('bo'));
}

/** Mean of −[y·log σ(z) + (1 − y)·log(1 − σ(z))], straight from the definition. */
export function bceWithLogits64(logits: T64, targets: T64): number {
  let s = 0;
  logits.data.forEach((z, i) => {
    const y = targets.data[i] as number;
    const p = 1 / (1 + Math.exp(-z));
    s += -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
  });
  return s / logits.data.length;
}

/** Direct-definition conv1d: y[b, o, t] = bias[o] + Σ_k Σ_c w[k, c, o]·x[b, c, t·stride + k − padBefore]. */
export function conv1d64(x: T64, w: T64, bias: T64 | undefined, stride: number, pad: [number, number]): T64 {
  const [batch, channels, length] = x.shape as [number, number, number];
  const [taps, , out] = w.shape as [number, number, number];
  const outLength = Math.floor((length + pad[0] + pad[1] - taps) / stride) + 1;
  const y = new Float64Array(batch * out * outLength);
  for (let b = 0; b < batch; b++) {
    for (let o = 0; o < out; o++) {
      for (let t = 0; t < outLength; t++) {
        let s = bias ? (bias.data[o] as number) : 0;
        for (let k = 0; k < taps; k++) {
          const pos = t * stride + k - pad[0];
          if (pos < 0 || pos >= length) continue;
          for (let c = 0; c < channels; c++) {
            s +=
              (w.data[(k * channels + c) * out + o] as number) * (x.data[(b * channels + c) * length + pos] as number);
          }
        }
        y[(b * out + o) * outLength + t] = s;
      }
    }
  }
  return { shape: [batch, out, outLength], data: y };
}

/** Σ out ⊙ probe: turns a tensor-valued layer into a scalar whose gradient exercises every output. */
export function dot64(a: T64, probe: ArrayLike<number>): number {
  let s = 0;
  a.data.forEach((v, i) => (s += v * (probe[i] as number)));
  return s;
}

/**
 * Central finite differences of a scalar function of several tensors, in float64: (f(x + h) − f(x − h)) / 2h per
 * element. With h = 1e-5 the truncation error is O(h²·f''') ≈ 1e-10 here, far below the float32 tolerance tested.
 */
export function finiteDifferenceGrads(f: (inputs: T64[]) => number, inputs: T64[], h = 1e-5): Float64Array[] {
  return inputs.map((input) => {
    const grad = new Float64Array(input.data.length);
    for (let i = 0; i < input.data.length; i++) {
      const original = input.data[i] as number;
      input.data[i] = original + h;
      const plus = f(inputs);
      input.data[i] = original - h;
      const minus = f(inputs);
      input.data[i] = original;
      grad[i] = (plus - minus) / (2 * h);
    }
    return grad;
  });
}

/**
 * Gradient checks: jax-js's values and `grad` of the layers in ops.ts against an independent float64 computation
 * (float64-reference.ts: loop implementations from the textbook definitions, differentiated by central finite
 * differences). Each layer's output is reduced to a scalar with a fixed random probe, so every output element
 * contributes to the gradient of every input. Tolerance: 1e-4 relative to the largest reference value (float32).
 */
import type { Array as JaxArray } from '@jax-js/jax';
import { Random } from '../../synth/random';
import { borrowTree } from './borrowed-tree';
import { initEngine, type Engine } from './engine';
import { createHostTensor, shapeSize, type HostTensor } from './host-tensor';
import * as ops from './ops';
import { fromParamTree, toParamTree, type ParamTree } from './param-tree';
import * as ref from './float64-reference';

type Inputs = Record<string, number[]>;
type Case = {
  name: string;
  shapes: Inputs;
  jaxFn: (a: Readonly<ParamTree>) => JaxArray;
  refFn: (a: Record<string, ref.T64>) => ref.T64 | number;
  /** Inputs that are not differentiated (e.g. targets). */
  constants?: string[];
  /** Input scale (values ~ N(0, scale²)). */
  scale?: number;
};

let engine: Engine;
beforeAll(async () => {
  engine = await initEngine({ threads: 1 });
});

function randomInputs(shapes: Inputs, seed: string, scale: number): Record<string, HostTensor> {
  const random = new Random(seed);
  const out: Record<string, HostTensor> = {};
  for (const [name, shape] of Object.entries(shapes)) {
    const stream = random.fork(name);
    const data = new Float32Array(shapeSize(shape)).map(() => stream.normal(0, scale));
    out[name] = createHostTensor(shape, data);
  }
  return out;
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i] as number));
  return m;
}

/**
 * Largest absolute difference over `scale`, the largest reference gradient of the whole case: an input whose true
 * gradient is ~0 (the key bias of attention, to which softmax is invariant) is judged on the case's scale.
 */
function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, scale: number): number {
  let err = 0;
  for (let i = 0; i < expected.length; i++)
    err = Math.max(err, Math.abs((actual[i] as number) - (expected[i] as number)));
  return err / scale;
}

async function check(c: Case): Promise<{ value: number; grads: Record<string, number> }> {
  const host = randomInputs(c.shapes, c.name, c.scale ?? 1);
  const probeLength = (() => {
    const out = c.refFn(Object.fromEntries(Object.entries(host).map(([k, t]) => [k, ref.t64(t.shape, t.data)])));
    return typeof out === 'number' ? 1 : out.data.length;
  })();
  const probe = new Random(`${c.name}/probe`);
  const probeData = Float64Array.from({ length: probeLength }, () => probe.normal());
  const constants = new Set(c.constants ?? []);
  const names = Object.keys(host).filter((n) => !constants.has(n));

  // Reference: float64 value and finite-difference gradients of Σ out ⊙ probe.
  const ref64 = Object.fromEntries(Object.entries(host).map(([k, t]) => [k, ref.t64(t.shape, t.data)]));
  const refScalar = (inputs: ref.T64[]): number => {
    const all = { ...ref64 };
    names.forEach((n, i) => (all[n] = inputs[i] as ref.T64));
    const out = c.refFn(all);
    return typeof out === 'number' ? out * (probeData[0] as number) : ref.dot64(out, probeData);
  };
  const expectedValue = refScalar(names.map((n) => ref64[n] as ref.T64));
  const expectedGrads = ref.finiteDifferenceGrads(
    refScalar,
    names.map((n) => ref64[n] as ref.T64),
  );

  // jax-js: value and grad of the same scalar.
  const { numpy: np, valueAndGrad } = engine.jax;
  const probeArray = np.array(Float32Array.from(probeData), { shape: probeLength === 1 ? [] : undefined });
  const constTree = toParamTree(Object.fromEntries([...constants].map((n) => [n, host[n] as HostTensor])));
  const scalar = (tree: ParamTree): JaxArray => {
    const b = borrowTree({ ...tree, ...Object.fromEntries(Object.entries(constTree).map(([k, a]) => [k, a.ref])) });
    try {
      const out = c.jaxFn(b.view);
      return out
        .reshape([-1])
        .mul(probeArray.ref.reshape([-1]))
        .sum();
    } finally {
      b.release();
    }
  };
  const [value, grads] = valueAndGrad(scalar)(
    toParamTree(Object.fromEntries(names.map((n) => [n, host[n] as HostTensor]))),
  );
  const gradHost = await fromParamTree(grads);
  const valueData = await value.data();
  probeArray.dispose();
  for (const a of Object.values(constTree)) a.dispose();
  for (const a of Object.values(grads)) a.dispose();

  const scale = Math.max(1e-6, ...expectedGrads.map(maxAbs));
  const errors: Record<string, number> = {};
  names.forEach(
    (n, i) => (errors[n] = relativeError((gradHost[n] as HostTensor).data, expectedGrads[i] as Float64Array, scale)),
  );
  return {
    value: Math.abs((valueData[0] as number) - expectedValue) / Math.max(1e-3, Math.abs(expectedValue)),
    grads: errors,
  };
}

const attentionShapes = (b: number, tq: number, tk: number, d: number): Inputs => ({
  query: [b, tq, d],
  keyValue: [b, tk, d],
  wq: [d, d],
  bq: [d],
  wk: [d, d],
  bk: [d],
  wv: [d, d],
  bv: [d],
  wo: [d, d],
  bo: [d],
});

const cases: Case[] = [
  {
    name: 'linear',
    shapes: { x: [2, 3, 5], w: [5, 4], b: [4] },
    jaxFn: (a) => ops.linear(a.x!, a.w!, a.b),
    refFn: (a) => ref.linear64(a.x!, a.w!, a.b),
  },
  {
    name: 'layerNorm',
    shapes: { x: [3, 8], gamma: [8], beta: [8] },
    jaxFn: (a) => ops.layerNorm(a.x!, a.gamma!, a.beta!),
    refFn: (a) => ref.layerNorm64(a.x!, a.gamma!, a.beta!),
  },
  {
    name: 'rmsNorm',
    shapes: { x: [3, 8], weight: [8] },
    jaxFn: (a) => ops.rmsNorm(a.x!, a.weight!),
    refFn: (a) => ref.rmsNorm64(a.x!, a.weight!),
  },
  {
    name: 'gelu exact',
    shapes: { x: [4, 6] },
    scale: 1.5,
    jaxFn: (a) => ops.gelu(a.x!),
    refFn: (a) => ref.geluExact64(a.x!),
  },
  {
    name: 'gelu tanh',
    shapes: { x: [4, 6] },
    scale: 1.5,
    jaxFn: (a) => ops.gelu(a.x!, { approximate: true }),
    refFn: (a) => ref.geluTanh64(a.x!),
  },
  {
    name: 'silu',
    shapes: { x: [4, 6] },
    scale: 2,
    jaxFn: (a) => ops.silu(a.x!),
    refFn: (a) => ref.silu64(a.x!),
  },
  {
    name: 'swiglu',
    shapes: { x: [3, 6], wGate: [6, 8], wUp: [6, 8], wDown: [8, 5] },
    scale: 0.7,
    jaxFn: (a) => ops.swiglu(a.x!, a.wGate!, a.wUp!, a.wDown!),
    refFn: (a) => ref.swiglu64(a.x!, a.wGate!, a.wUp!, a.wDown!),
  },
  {
    name: 'softmax',
    shapes: { x: [3, 7] },
    scale: 2,
    jaxFn: (a) => ops.softmax(a.x!),
    refFn: (a) => ref.softmax64(a.x!),
  },
  {
    name: 'multi-head attention',
    shapes: attentionShapes(2, 3, 4, 8),
    scale: 0.5,
    jaxFn: (a) =>
      ops.multiHeadAttention(
        a.query!,
        a.keyValue!,
        { wq: a.wq!, bq: a.bq!, wk: a.wk!, bk: a.bk!, wv: a.wv!, bv: a.bv!, wo: a.wo!, bo: a.bo! },
        2,
      ),
    refFn: (a) => ref.multiHeadAttention64(a.query!, a.keyValue!, a, 2),
  },
  {
    name: 'bceWithLogits',
    shapes: { logits: [4, 7], targets: [4, 7] },
    scale: 3,
    constants: ['targets'],
    jaxFn: (a) => ops.bceWithLogits(a.logits!, engine.jax.nn.sigmoid(a.targets!)),
    refFn: (a) =>
      ref.bceWithLogits64(
        a.logits!,
        ref.t64(
          a.targets!.shape,
          a.targets!.data.map((t) => 1 / (1 + Math.exp(-t))),
        ),
      ),
  },
  {
    name: 'conv1d stride 1, padding 1',
    shapes: { x: [2, 3, 10], w: [3, 3, 4], b: [4] },
    jaxFn: (a) => ops.conv1d(a.x!, a.w!, a.b, { padding: 1 }),
    refFn: (a) => ref.conv1d64(a.x!, a.w!, a.b, 1, [1, 1]),
  },
  {
    name: 'conv1d stride 2, padding [2, 1]',
    shapes: { x: [2, 3, 11], w: [5, 3, 4] },
    jaxFn: (a) => ops.conv1d(a.x!, a.w!, undefined, { stride: 2, padding: [2, 1] }),
    refFn: (a) => ref.conv1d64(a.x!, a.w!, undefined, 2, [2, 1]),
  },
];

describe('ops against an independent float64 computation', () => {
  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: jax-js value and gradients agree within 1e-4 relative',
    async (_name, c) => {
      const { value, grads } = await check(c);

      expect(value).toBeLessThan(1e-4);
      for (const [input, err] of Object.entries(grads)) {
        expect([input, err < 1e-4 ? 'ok' : err]).toEqual([input, 'ok']);
      }
    },
  );

  it('conv1d output length follows floor((L + pads − K) / stride) + 1', () => {
    const { numpy: np } = engine.jax;

    const y = ops.conv1d(np.zeros([1, 2, 11]), np.zeros([5, 2, 3]), undefined, { stride: 2, padding: [2, 1] });

    // (11 + 3 − 5) / 2 = 4.5 → 4, + 1 = 5, as PyTorch's Conv1d formula.
    expect(y.shape).toEqual([1, 3, 5]);
    y.dispose();
  });
});

import type { Array as JaxArray } from '@jax-js/jax';
import { type Engine, initEngine } from '../engine/engine';
import type { HostTensor } from '../engine/host-tensor';
import { JaxTensorOps } from './jax-tensor-ops';

let engine: Engine;
beforeAll(async () => {
  engine = await initEngine({ threads: 1 });
});

function tensor(shape: number[], at: (i: number) => number): HostTensor {
  const size = shape.reduce((n, d) => n * d, 1);
  return { shape, data: Float32Array.from({ length: size }, (_, i) => at(i)) };
}

function maxAbsDiff(actual: ArrayLike<number>, expected: readonly number[]): number {
  if (actual.length !== expected.length) return Infinity;
  return expected.reduce((worst, e, i) => Math.max(worst, Math.abs((actual[i] as number) - e)), 0);
}

async function read(array: JaxArray): Promise<{ shape: number[]; data: Float32Array }> {
  return engine.toHost(array);
}

// Inputs shared with onnx-graph-builder.test.ts. x[0, c, t] = sin(0.7·(7c + t)); w[o, c, k] = ((6o + 3c + k) mod 5)/4 − 0.5.
const X = () => tensor([1, 2, 7], (i) => Math.sin(0.7 * i));
const W = () => tensor([3, 2, 3], (i) => (i % 5) / 4 - 0.5);
const BIAS = () => tensor([3], (i) => [0.1, 0, -0.1][i] ?? 0);
const CONV = { kernel: 3, stride: 2, padBefore: 1, padAfter: 2 };
const POOL = { kernel: 3, stride: 2, padBefore: 1, padAfter: 1 };

describe('JaxTensorOps', () => {
  it('convolves [Cout, Cin, K] weights with stride 2 and pads [1, 2] as numpy loops do', async () => {
    const params = { w: engine.toArray(W()), b: engine.toArray(BIAS()) };
    const ops = new JaxTensorOps(params);
    const x = engine.toArray(X());

    const { y } = ops.release({ y: ops.conv1d(x, ops.param('w'), ops.param('b'), CONV) });
    const out = await read(y);

    // numpy: explicit loops over np.pad(x, (1, 2)), output length ⌊(7 + 3 − 3)/2⌋ + 1 = 4.
    expect(out.shape).toEqual([1, 3, 4]);
    expect(
      maxAbsDiff(
        out.data,
        [
          -0.07559298723936081, -0.9463742971420288, -0.18432040512561798, 0.8664844632148743, 0.8100973963737488,
          -0.4335390031337738, -0.682738721370697, 0.35544607043266296, 0.46772199869155884, 0.8893969655036926,
          -0.7671799063682556, -0.8249679803848267,
        ],
      ),
    ).toBeLessThan(1e-6);
    x.dispose();
    params.w.dispose();
    params.b.dispose();
  });

  it('max-pools with padding that never wins, even over negative values', async () => {
    const ops = new JaxTensorOps({});
    const x = engine.toArray(X());

    const { y } = ops.release({ y: ops.maxPool1d(x, POOL) });
    const out = await read(y);

    // numpy: max over np.pad(x, (1, 1), constant_values=-inf); -0.3508 and -0.6313 are windows a zero pad would win.
    expect(out.shape).toEqual([1, 2, 4]);
    expect(
      maxAbsDiff(
        out.data,
        [
          0.6442176699638367, 0.9854497313499451, 0.8632093667984009, -0.35078322887420654, -0.6312666535377502,
          0.6569865942001343, 0.9881682395935059, 0.854598879814148,
        ],
      ),
    ).toBeLessThan(1e-6);
    x.dispose();
  });

  it('differentiates through conv1d, ReLU and a padded max pool as numpy central differences do', async () => {
    const { grad } = engine.jax;
    const x = engine.toArray(X());
    const bias = engine.toArray(BIAS());
    const probe = engine.toArray(tensor([1, 3, 2], (i) => Math.cos(i)));
    const loss = (p: { w: JaxArray }): JaxArray => {
      const ops = new JaxTensorOps({ w: p.w, b: bias, probe });
      const y = ops.maxPool1d(ops.relu(ops.conv1d(x, ops.param('w'), ops.param('b'), CONV)), POOL);
      const { value } = ops.release({ value: ops.reduceSum(ops.mul(y, ops.param('probe')), [0, 1, 2], false) });
      p.w.dispose();
      return value;
    };

    const gradients = grad(loss)({ w: engine.toArray(W()) });
    const out = await read(gradients.w);

    // numpy float64: central differences (h = 1e-6) of Σ probe ⊙ maxpool(relu(conv(x, w))), probe[i] = cos(i).
    expect(
      maxAbsDiff(
        out.data,
        [
          -0.18952898681163788, -0.47091439366340637, 0, 0.46174174547195435, 0.17240957915782928, 0,
          0.34727275371551514, 0.862853467464447, -0.2680891454219818, -0.846046507358551, 0.0929395779967308,
          0.2626996338367462, -0.2383485734462738, -0.3645980954170227, -0.31937143206596375, 0.23355694115161896,
          -0.006220831070095301, -0.24307283759117126,
        ],
      ),
    ).toBeLessThan(1e-5);
    [x, bias, probe].forEach((a) => a.dispose());
  });

  it('multiplies mixed-rank matrices in both orders as numpy matmul does', async () => {
    const ops = new JaxTensorOps({});
    const a = engine.toArray(tensor([2, 3, 4], (i) => i / 10 - 1));
    const b = engine.toArray(tensor([4, 2], (i) => i / 4 - 0.5));
    const c = engine.toArray(tensor([3, 2], (i) => i / 3 - 0.2));
    const d = engine.toArray(tensor([2, 2, 4], (i) => i / 8 - 1));

    const out = ops.release({ ab: ops.matmul(a, b), cd: ops.matmul(c, d) });
    const ab = await read(out.ab);
    const cd = await read(out.cd);

    // numpy: a @ b and c @ d (c broadcast over d's batch).
    expect(ab.shape).toEqual([2, 3, 2]);
    expect(maxAbsDiff(ab.data, [-0.6, -1.45, -0.2, -0.65, 0.2, 0.15, 0.6, 0.95, 1.0, 1.75, 1.4, 2.55])).toBeLessThan(
      1e-6,
    );
    expect(cd.shape).toEqual([2, 3, 4]);
    expect(
      maxAbsDiff(
        cd.data,
        [
          0.13333334, 0.125, 0.11666667, 0.10833333, -0.86666667, -0.70833331, -0.55, -0.39166668, -1.86666667,
          -1.54166663, -1.2166667, -0.89166665, 0.06666667, 0.05833333, 0.05, 0.04166667, 0.4, 0.55833334, 0.71666664,
          0.875, 0.73333335, 1.05833328, 1.38333333, 1.70833337,
        ],
      ),
    ).toBeLessThan(1e-6);
    [a, b, c, d].forEach((array) => array.dispose());
  });

  it('borrows parameters and inputs, and frees every intermediate on release', async () => {
    const weight = engine.toArray(tensor([2, 2], (i) => i));
    const input = engine.toArray(tensor([1, 2], () => 1));
    const ops = new JaxTensorOps({ weight });

    const hidden = ops.matmul(input, ops.param('weight'));
    const { y } = ops.release({ y: ops.relu(ops.add(hidden, hidden)) });
    const out = await read(y);

    expect(Array.from(out.data)).toEqual([4, 8]);
    expect([weight.refCount, input.refCount, hidden.refCount]).toEqual([1, 1, 0]);
    weight.dispose();
    input.dispose();
  });

  it('selects the present branch without letting a NaN in the other one through', async () => {
    const ops = new JaxTensorOps({});
    const mask = engine.toArray(tensor([2, 1], (i) => (i === 0 ? 1 : 0)));
    const present = engine.toArray(tensor([2, 2], (i) => (i < 2 ? 5 : NaN)));
    const fallback = engine.toArray(tensor([1, 2], () => -1));

    const { y } = ops.release({ y: ops.select(mask, present, fallback) });
    const out = await read(y);

    expect(Array.from(out.data)).toEqual([5, 5, -1, -1]);
    [mask, present, fallback].forEach((array) => array.dispose());
  });
});

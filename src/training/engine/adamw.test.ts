import type { Array as JaxArray } from '@jax-js/jax';
import { adamWScalars, adamWUpdate, defaultDecayMask, PAPER_ADAMW } from './adamw';
import { clipByGlobalNorm } from './clip';
import { initEngine } from './engine';
import { createHostTensor } from './host-tensor';
import { fromParamTree, toParamTree, type ParamTree } from './param-tree';
import { learningRateAt } from './schedule';

beforeAll(async () => {
  await initEngine({ threads: 1 });
});

function tree(values: Record<string, [number[], number[]]>): ParamTree {
  return toParamTree(
    Object.fromEntries(Object.entries(values).map(([k, [shape, data]]) => [k, createHostTensor(shape, data)])),
  );
}

function expectClose(actual: Float32Array, expected: number[], tolerance = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs((actual[i] as number) - e)).toBeLessThan(tolerance));
}

describe('AdamW', () => {
  it('matches the PyTorch AdamW update over three steps, decaying only the weight matrix', async () => {
    // Expected values: numpy float64, torch.optim.AdamW's update written out (p *= 1 − lr·wd for decayed params;
    // m, v EMAs; bias-corrected step), β = (0.9, 0.95), wd 0.05, ε 1e-8, lr 0.1, 0.05, 0.02.
    const grads = [
      { 'enc.fc.weight': [0.1, -0.2, 0.3, 0.05], 'enc.fc.bias': [1.0, -0.5], 'enc.norm.weight': [0.2, -0.1] },
      { 'enc.fc.weight': [-0.4, 0.1, 0.2, 0.0], 'enc.fc.bias': [0.5, 0.5], 'enc.norm.weight': [-0.3, 0.3] },
      { 'enc.fc.weight': [0.05, 0.05, -0.1, 0.6], 'enc.fc.bias': [-1.0, 0.25], 'enc.norm.weight': [0.0, 0.4] },
    ];
    const shapes: Record<string, number[]> = { 'enc.fc.weight': [2, 2], 'enc.fc.bias': [2], 'enc.norm.weight': [2] };
    let params = tree({
      'enc.fc.weight': [
        [2, 2],
        [0.5, -1.0, 2.0, 0.25],
      ],
      'enc.fc.bias': [[2], [0.1, -0.2]],
      'enc.norm.weight': [[2], [1, 1]],
    });
    let m = tree({
      'enc.fc.weight': [
        [2, 2],
        [0, 0, 0, 0],
      ],
      'enc.fc.bias': [[2], [0, 0]],
      'enc.norm.weight': [[2], [0, 0]],
    });
    let v = tree({
      'enc.fc.weight': [
        [2, 2],
        [0, 0, 0, 0],
      ],
      'enc.fc.bias': [[2], [0, 0]],
      'enc.norm.weight': [[2], [0, 0]],
    });

    for (const [t, lr] of [0.1, 0.05, 0.02].entries()) {
      const g = tree(Object.fromEntries(Object.entries(grads[t]!).map(([k, d]) => [k, [shapes[k]!, d]])));
      ({ params, m, v } = adamWUpdate(PAPER_ADAMW, params, g, m, v, adamWScalars(PAPER_ADAMW, t + 1, lr)));
    }
    const [p, mm, vv] = [await fromParamTree(params), await fromParamTree(m), await fromParamTree(v)];

    expectClose(
      p['enc.fc.weight']!.data,
      [0.4308107445065196, -0.8772143623160605, 1.8234849393276251, 0.1010670101457367],
    );
    expectClose(p['enc.fc.bias']!.data, [-0.04917998976773236, -0.1077033273066252]);
    expectClose(p['enc.norm.weight']!.data, [0.9161860422086413, 1.0609831724664496]);
    expectClose(mm['enc.fc.bias']!.data, [0.026, 0.0295]);
    expectClose(vv['enc.fc.weight']!.data, [0.00817625, 0.002405, 0.00646125, 0.0181128125]);
    for (const a of [...Object.values(params), ...Object.values(m), ...Object.values(v)] as JaxArray[]) a.dispose();
  });

  it('decays weight matrices but not biases, norm scales or 1-D vectors', () => {
    expect(defaultDecayMask('ecg_encoder.stem.0.weight', [7, 12, 32])).toBe(true);
    expect(defaultDecayMask('projector.ecg.linear.weight', [256, 128])).toBe(true);
    expect(defaultDecayMask('projector.ecg.linear.bias', [128])).toBe(false);
    expect(defaultDecayMask('projector.ecg.blocks.0.norm.weight', [128])).toBe(false);
    expect(defaultDecayMask('cxr_encoder.blocks.3.ln1.weight', [192])).toBe(false);
    expect(defaultDecayMask('cxr_encoder.cls_token', [1, 1, 192])).toBe(false);
  });
});

describe('global-norm clipping', () => {
  it('scales all gradients together to the max norm and reports the norm before clipping', async () => {
    // ‖(3, 4, 12)‖ = 13; scale 5 / 13 (numpy: x · min(1, 5 / (13 + 1e-6))).
    const { grads, norm } = clipByGlobalNorm(
      tree({
        a: [
          [1, 2],
          [3, 4],
        ],
        b: [[1], [12]],
      }),
      5,
    );

    const host = await fromParamTree(grads);

    expect((await norm.data())[0]).toBeCloseTo(13, 5);
    expectClose(host.a!.data, [1.1538460650887643, 1.5384614201183524]);
    expectClose(host.b!.data, [4.615384260355057], 1e-5);
    for (const a of Object.values(grads)) a.dispose();
  });

  it('leaves gradients alone when their norm is under the limit', async () => {
    const { grads, norm } = clipByGlobalNorm(tree({ a: [[2], [0.3, 0.4]] }), 1);

    expectClose((await fromParamTree(grads)).a!.data, [0.3, 0.4]);
    norm.dispose();
    for (const a of Object.values(grads)) a.dispose();
  });
});

describe('cosine schedule with linear warmup', () => {
  it('ramps linearly, follows the half-cycle cosine to the floor, and stays there', () => {
    const schedule = { peak: 1e-4, floor: 1e-6, warmupSteps: 10, totalSteps: 110 };

    const lrs = [0, 5, 10, 35, 60, 110, 200].map((s) => learningRateAt(schedule, s));

    // Python math: peak·s/w below w, else floor + (peak − floor)·½(1 + cos(π·min(1, (s − w)/(T − w)))).
    const expected = [0, 5e-5, 1e-4, 8.55017856687341e-5, 5.05e-5, 1e-6, 1e-6];
    lrs.forEach((lr, i) => expect(lr).toBeCloseTo(expected[i]!, 12));
  });
});

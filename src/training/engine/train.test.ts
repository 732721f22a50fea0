import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '../../synth/random';
import { DEFAULT_ADAMW } from './adamw';
import { initEngine, type Engine } from './engine';
import type { HostTensor } from './host-tensor';
import { initialiseParams } from './initialisers';
import { bceWithLogits, linear } from './ops';
import type { ParamTree } from './param-tree';
import { train, type TrainOptions } from './train';
import type { Batch } from './train-step';

let engine: Engine;
let dir: string;
beforeAll(async () => {
  engine = await initEngine({ threads: 1 });
  dir = await mkdtemp(join(tmpdir(), 'engine-train-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const D = 16;
const H = 32;

/** Label 1 when the point lies on the positive side of a fixed hyperplane: linearly separable, so an MLP learns it. */
function separableBatches(batchSize: number, batchesPerEpoch: number) {
  return ({ epoch, seed }: { epoch: number; seed: number | string }): Batch[] => {
    const random = new Random(seed).fork(`epoch-${epoch}`);
    return Array.from({ length: batchesPerEpoch }, () => {
      const x = new Float32Array(batchSize * D);
      const y = new Float32Array(batchSize);
      for (let i = 0; i < batchSize; i++) {
        let s = 0;
        for (let j = 0; j < D; j++) {
          const v = random.normal();
          x[i * D + j] = v;
          s += v * (j % 3 === 0 ? 1 : -0.5);
        }
        y[i] = s > 0 ? 1 : 0;
      }
      return { x: { shape: [batchSize, D], data: x }, y: { shape: [batchSize, 1], data: y } };
    });
  };
}

function mlpParams(seed: number): Record<string, HostTensor> {
  return initialiseParams(
    {
      'fc1.weight': { shape: [D, H], init: { kind: 'kaimingNormal' } },
      'fc1.bias': { shape: [H], init: { kind: 'zeros' } },
      'fc2.weight': { shape: [H, 1], init: { kind: 'xavierUniform' } },
      'fc2.bias': { shape: [1], init: { kind: 'zeros' } },
    },
    seed,
  );
}

const mlpLoss = (p: Readonly<ParamTree>, b: Readonly<ParamTree>) =>
  bceWithLogits(
    linear(engine.jax.nn.relu(linear(b.x!, p['fc1.weight']!, p['fc1.bias'])), p['fc2.weight']!, p['fc2.bias']),
    b.y!,
  );

function baseOptions(overrides: Partial<TrainOptions>): TrainOptions {
  return {
    steps: 10,
    batches: separableBatches(64, 8),
    lossFn: mlpLoss,
    params: mlpParams(1),
    optimiser: DEFAULT_ADAMW,
    schedule: { peak: 0.01, floor: 1e-4, warmupSteps: 3, totalSteps: 10 },
    clip: 1,
    seed: 7,
    progress: false,
    ...overrides,
  };
}

describe('train', () => {
  it('a 2-layer MLP learns a separable task: the loss falls by a clear factor', async () => {
    const result = await train(
      baseOptions({
        steps: 150,
        batches: separableBatches(128, 10),
        schedule: { peak: 0.01, floor: 1e-4, warmupSteps: 10, totalSteps: 150 },
      }),
    );

    const first = result.history.slice(0, 5).reduce((s, r) => s + r.loss, 0) / 5;
    const last = result.history.slice(-5).reduce((s, r) => s + r.loss, 0) / 5;
    expect(first).toBeGreaterThan(0.4);
    expect(last).toBeLessThan(first / 5);
  });

  it('10 steps straight and 5 + resume from the checkpoint + 5 end at the same parameters', async () => {
    const straight = await train(baseOptions({}));
    const resumeDir = join(dir, 'resume');
    // Epochs of 8 batches: the stop at step 5 falls mid-epoch, and step 9 crosses into epoch 1.
    const firstHalf = await train(
      baseOptions({ steps: 5, dir: resumeDir, schedule: { peak: 0.01, floor: 1e-4, warmupSteps: 3, totalSteps: 10 } }),
    );

    const resumed = await train(baseOptions({ dir: resumeDir, params: mlpParams(999) }));

    expect(firstHalf.steps).toBe(5);
    expect(resumed.resumedFrom).toBe(5);
    expect(resumed.history.map((r) => r.step)).toEqual([6, 7, 8, 9, 10]);
    expect(resumed.history.map((r) => r.loss)).toEqual(straight.history.slice(5).map((r) => r.loss));
    for (const [name, tensor] of Object.entries(straight.params)) {
      const other = resumed.params[name]!.data;
      tensor.data.forEach((v, i) => expect(Math.abs(v - (other[i] as number))).toBeLessThanOrEqual(1e-7));
    }
    expect((await readdir(resumeDir)).sort()).toEqual(['latest.json', 'step-000005', 'step-000010']);
  });

  it('keeps memory flat over 300 steps: the wasm heap and arrayBuffers do not grow after warm-up', async () => {
    const samples: number[] = [];
    const sample = () => {
      const usage = process.memoryUsage();
      samples.push(usage.arrayBuffers + usage.external);
    };

    await train(
      baseOptions({
        steps: 300,
        schedule: { peak: 0.01, floor: 1e-4, warmupSteps: 3, totalSteps: 300 },
        onProgress: (r) => {
          if (r.step === 50 || r.step === 300) sample();
        },
      }),
    );

    // A leak of one step's intermediates (≥ 2 × 64 × 32 float32 activations, plus grads and moments ≈ 20 kB) over
    // 250 steps would add ≥ 5 MB; allow 1 MB of allocator noise.
    const [early, late] = samples as [number, number];
    expect(late - early).toBeLessThan(1024 * 1024);
  });

  it('prints plain progress lines with step, loss, lr, steps/s and ETA when stderr is not a TTY', async () => {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (text: string) => lines.push(text) };

    await train(baseOptions({ steps: 40, progress: stream, label: 'mlp' }));

    expect(lines.length).toBeGreaterThanOrEqual(20);
    expect(lines.length).toBeLessThanOrEqual(22);
    expect(lines[lines.length - 1]).toMatch(
      /^mlp step 40\/40 loss \d\.\d{4} lr \d\.\d{2}e-\d \d+\.\d steps\/s ETA 0:00\n$/,
    );
  });
});

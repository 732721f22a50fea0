/**
 * Step-time measurement of the engine: `npx tsx src/training/engine/engine-bench-cli.ts --threads 2`.
 * Runs an MLP (batch 256, 64 → 256 → 256 → 1) and a 2-layer pre-LN transformer (d 128, 4 heads, FFN 512, exact
 * GELU) on [32, 16, 128], each eager and jit-compiled, and prints ms per AdamW step. Threading is fixed when jax-js
 * loads, so compare thread counts across separate runs.
 */
import { Random } from '../../synth/random';
import { DEFAULT_ADAMW } from './adamw';
import { initEngine } from './engine';
import { createHostTensor } from './host-tensor';
import { initialiseParams, type ParamSpec } from './initialisers';
import { gelu, layerNorm, linear, multiHeadAttention } from './ops';
import type { ParamTree } from './param-tree';
import { Trainer, type Batch, type LossFn } from './train-step';

function randomTensor(shape: number[], seed: string) {
  const random = new Random(seed);
  return createHostTensor(
    shape,
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random.normal()),
  );
}

function transformerSpecs(d: number, layers: number): Record<string, ParamSpec> {
  const specs: Record<string, ParamSpec> = {};
  for (let l = 0; l < layers; l++) {
    const p = `blocks.${l}`;
    for (const n of ['q', 'k', 'v', 'o']) {
      specs[`${p}.attn.${n}.weight`] = { shape: [d, d], init: { kind: 'xavierUniform' } };
      specs[`${p}.attn.${n}.bias`] = { shape: [d], init: { kind: 'zeros' } };
    }
    for (const n of ['norm1', 'norm2']) {
      specs[`${p}.${n}.weight`] = { shape: [d], init: { kind: 'ones' } };
      specs[`${p}.${n}.bias`] = { shape: [d], init: { kind: 'zeros' } };
    }
    specs[`${p}.ffn.fc1.weight`] = { shape: [d, 4 * d], init: { kind: 'xavierUniform' } };
    specs[`${p}.ffn.fc1.bias`] = { shape: [4 * d], init: { kind: 'zeros' } };
    specs[`${p}.ffn.fc2.weight`] = { shape: [4 * d, d], init: { kind: 'xavierUniform' } };
    specs[`${p}.ffn.fc2.bias`] = { shape: [d], init: { kind: 'zeros' } };
  }
  return specs;
}

function transformerLoss(layers: number, heads: number): LossFn {
  return (p: Readonly<ParamTree>, b: Readonly<ParamTree>) => {
    const w = (name: string) => p[name]!;
    let x = b.x!;
    for (let l = 0; l < layers; l++) {
      const q = `blocks.${l}`;
      const h = layerNorm(x.ref, w(`${q}.norm1.weight`), w(`${q}.norm1.bias`));
      const attn = multiHeadAttention(
        h.ref,
        h,
        {
          wq: w(`${q}.attn.q.weight`),
          bq: w(`${q}.attn.q.bias`),
          wk: w(`${q}.attn.k.weight`),
          bk: w(`${q}.attn.k.bias`),
          wv: w(`${q}.attn.v.weight`),
          bv: w(`${q}.attn.v.bias`),
          wo: w(`${q}.attn.o.weight`),
          bo: w(`${q}.attn.o.bias`),
        },
        heads,
      );
      x = x.add(attn);
      const h2 = layerNorm(x.ref, w(`${q}.norm2.weight`), w(`${q}.norm2.bias`));
      x = x.add(
        linear(
          gelu(linear(h2, w(`${q}.ffn.fc1.weight`), w(`${q}.ffn.fc1.bias`))),
          w(`${q}.ffn.fc2.weight`),
          w(`${q}.ffn.fc2.bias`),
        ),
      );
    }
    const residual = x.sub(b.y!);
    return residual.ref.mul(residual).mean();
  };
}

async function timeSteps(
  name: string,
  lossFn: LossFn,
  params: ReturnType<typeof initialiseParams>,
  batch: Batch,
  jit: boolean,
  steps: number,
) {
  const trainer = new Trainer(lossFn, Trainer.initialState(params), { optimiser: DEFAULT_ADAMW, clip: 1, jit });
  for (let i = 0; i < 3; i++) await trainer.step(batch, 1e-3);
  const started = performance.now();
  for (let i = 0; i < steps; i++) await trainer.step(batch, 1e-3);
  const ms = (performance.now() - started) / steps;
  trainer.dispose();
  console.log(`${name} ${jit ? 'jit  ' : 'eager'}: ${ms.toFixed(1)} ms/step`);
}

async function main(): Promise<void> {
  const threadsArg = process.argv.indexOf('--threads');
  const threads = threadsArg >= 0 ? Number(process.argv[threadsArg + 1]) : 1;
  const engine = await initEngine({ threads });
  console.log(`jax-js wasm, ${engine.threads} thread(s)${engine.fallbackReason ? ` (${engine.fallbackReason})` : ''}`);
  const mlp = initialiseParams(
    {
      'fc1.weight': { shape: [64, 256], init: { kind: 'kaimingNormal' } },
      'fc1.bias': { shape: [256], init: { kind: 'zeros' } },
      'fc2.weight': { shape: [256, 256], init: { kind: 'kaimingNormal' } },
      'fc2.bias': { shape: [256], init: { kind: 'zeros' } },
      'fc3.weight': { shape: [256, 1], init: { kind: 'xavierUniform' } },
      'fc3.bias': { shape: [1], init: { kind: 'zeros' } },
    },
    1,
  );
  const relu = engine.jax.nn.relu;
  const mlpLoss: LossFn = (p, b) => {
    const h = relu(linear(relu(linear(b.x!, p['fc1.weight']!, p['fc1.bias'])), p['fc2.weight']!, p['fc2.bias']));
    const out = linear(h, p['fc3.weight']!, p['fc3.bias']);
    const residual = out.sub(b.y!);
    return residual.ref.mul(residual).mean();
  };
  const mlpBatch = { x: randomTensor([256, 64], 'x'), y: randomTensor([256, 1], 'y') };
  const block = initialiseParams(transformerSpecs(128, 2), 2);
  const blockBatch = { x: randomTensor([32, 16, 128], 'tx'), y: randomTensor([32, 16, 128], 'ty') };
  for (const jit of [false, true]) {
    await timeSteps('MLP 64-256-256-1, batch 256', mlpLoss, mlp, mlpBatch, jit, jit ? 100 : 20);
    await timeSteps('transformer 2×d128 on [32,16,128]', transformerLoss(2, 4), block, blockBatch, jit, jit ? 10 : 5);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

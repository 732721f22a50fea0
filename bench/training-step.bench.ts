/**
 * Training-step time of the default preset at batch 32 on the engine (jax-js, wasm, jit-compiled AdamW step with
 * global-norm clipping):
 *
 * - the fusion stage on cached encoder features: projectors, MPL and head with BCE on the 7 disease labels;
 * - the encoder stage, one step per encoder: the encoder plus a linear head on its features to its targets (the 7
 *   diseases plus the modality's ground-truth findings: 5 for the ECG, 4 for the CXR, none for labs, as in
 *   src/training/dataset/encoder-targets.ts), BCE.
 *
 * Each is printed in ms per step (p50 over the timed steps, after a compile step and a warm-up) and rows/s, against
 * the same step run eagerly (the peer: jit-compiled steps were 3–4× faster in architecture.md's measurements).
 * Threads are fixed when jax-js loads; compare thread counts across separate runs.
 *
 * Run: `npm run bench:train-step [-- --threads N] [--steps N]`.
 */
import { availableParallelism } from 'node:os';
import { DEFAULT_ADAMW } from '../src/training/engine/adamw';
import { initEngine } from '../src/training/engine/engine';
import { createHostTensor, type HostTensor } from '../src/training/engine/host-tensor';
import { initialiseParams } from '../src/training/engine/initialisers';
import { bceWithLogits, linear } from '../src/training/engine/ops';
import { Trainer, type Batch, type LossFn } from '../src/training/engine/train-step';
import type { ParamSpecs } from '../src/training/model/param-spec';
import { perceptionConfig, type PerceptionConfig } from '../src/training/model/perception-config';
import { encodeModalityJax, fuseFeaturesJax } from '../src/training/model/perception-jax';
import { ENCODER_PREFIX, featureDims, perceptionSpecs } from '../src/training/model/perception-model';
import { MODALITIES, type Modality } from '../src/shared';
import { Random } from '../src/synth/random';
import { argValue, machineLine, quantile } from './bench-support';

const BATCH = 32;
const DISEASES = 7;
const FINDINGS: Record<Modality, number> = { ecg: 5, cxr: 4, labs: 0 };

interface StepBench {
  name: string;
  lossFn: LossFn;
  specs: ParamSpecs;
  batch: Batch;
}

const random = new Random('training-step-bench');
function tensor(shape: number[], draw: () => number): HostTensor {
  return createHostTensor(shape, Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, draw));
}
const labels = (columns: number) => tensor([BATCH, columns], () => (random.uniform(0, 1) < 0.3 ? 1 : 0));

function rawInput(config: PerceptionConfig, modality: Modality): HostTensor {
  if (modality === 'ecg') return tensor([BATCH, config.ecg.leads, config.ecg.length], () => random.normal(0, 0.3));
  if (modality === 'cxr') {
    return tensor([BATCH, config.cxr.channels, config.cxr.imageSize, config.cxr.imageSize], () => random.normal());
  }
  return tensor([BATCH, config.labs.inputDim], () => random.uniform(0, 1));
}

function isEncoderParam(name: string): boolean {
  return Object.values(ENCODER_PREFIX).some((prefix) => name.startsWith(prefix));
}

function pick(specs: ParamSpecs, keep: (name: string) => boolean): ParamSpecs {
  return Object.fromEntries(Object.entries(specs).filter(([name]) => keep(name)));
}

/** Projectors, MPL and head on cached features: what the fusion stage trains. */
function fusionBench(config: PerceptionConfig): StepBench {
  const specs = pick(perceptionSpecs(config), (name) => !isEncoderParam(name));
  const names = Object.keys(specs);
  const dims = featureDims(config);
  const lossFn: LossFn = (view, batch) => {
    // Each read of a borrowed view is a fresh reference: read once, dispose after the forward.
    const params = Object.fromEntries(names.map((name) => [name, view[name]!]));
    const inputs = {
      ecgFeatures: batch.ecg_features!,
      cxrFeatures: batch.cxr_features!,
      labFeatures: batch.lab_features!,
      modalityMask: batch.modality_mask!,
    };
    const out = fuseFeaturesJax(params, config, inputs);
    out.modalityWeights.dispose();
    out.tokens.dispose();
    for (const array of [...Object.values(params), ...Object.values(inputs)]) array.dispose();
    return bceWithLogits(out.logits, batch.targets!);
  };
  return {
    name: 'fusion stage (cached features)',
    specs,
    lossFn,
    batch: {
      ecg_features: tensor([BATCH, dims.ecg], () => random.normal()),
      cxr_features: tensor([BATCH, dims.cxr], () => random.normal()),
      lab_features: tensor([BATCH, dims.labs], () => random.normal()),
      // Modality dropout leaves some rows without a modality.
      modality_mask: tensor([BATCH, 3], () => (random.uniform(0, 1) < 0.8 ? 1 : 0)),
      targets: labels(DISEASES),
    },
  };
}

/** One encoder and a linear head on its features to its targets: what the encoder stage trains. */
function encoderBench(config: PerceptionConfig, modality: Modality): StepBench {
  const targets = DISEASES + FINDINGS[modality];
  const specs: ParamSpecs = {
    ...pick(perceptionSpecs(config), (name) => name.startsWith(ENCODER_PREFIX[modality])),
    'probe.weight': { shape: [featureDims(config)[modality], targets], init: { kind: 'xavierUniform' } },
    'probe.bias': { shape: [targets], init: { kind: 'zeros' } },
  };
  const names = Object.keys(specs).filter((name) => name.startsWith(ENCODER_PREFIX[modality]));
  const lossFn: LossFn = (view, batch) => {
    const params = Object.fromEntries(names.map((name) => [name, view[name]!]));
    const input = batch.x!;
    const features = encodeModalityJax(params, config, modality, input);
    for (const array of [...Object.values(params), input]) array.dispose();
    return bceWithLogits(linear(features, view['probe.weight']!, view['probe.bias']), batch.targets!);
  };
  return {
    name: `${modality} encoder stage (${targets} targets)`,
    specs,
    lossFn,
    batch: { x: rawInput(config, modality), targets: labels(targets) },
  };
}

async function timeSteps(bench: StepBench, jit: boolean, steps: number) {
  const trainer = new Trainer(bench.lossFn, Trainer.initialState(initialiseParams(bench.specs, 1)), {
    optimiser: DEFAULT_ADAMW,
    clip: 1,
    jit,
  });
  try {
    let started = performance.now();
    await trainer.step(bench.batch, 1e-3);
    const firstMs = performance.now() - started;
    await trainer.step(bench.batch, 1e-3);
    const ms: number[] = [];
    for (let i = 0; i < steps; i++) {
      started = performance.now();
      await trainer.step(bench.batch, 1e-3);
      ms.push(performance.now() - started);
    }
    return { firstMs, p50: quantile(ms, 0.5), steps };
  } finally {
    trainer.dispose();
  }
}

async function main(): Promise<void> {
  const threads = Number(argValue('threads') ?? availableParallelism());
  const steps = Number(argValue('steps') ?? 0);
  const engine = await initEngine({ threads });
  const config = perceptionConfig('default');
  console.log(`training-step bench: default preset, batch ${BATCH}, AdamW + clipping at 1`);
  console.log(
    `  ${machineLine()}; engine ${engine.backend} on ${engine.device}, ${engine.threads} thread(s)` +
      (engine.fallbackReason ? ` (${engine.fallbackReason})` : ''),
  );
  const benches = [fusionBench(config), ...MODALITIES.map((m) => encoderBench(config, m))];
  for (const bench of benches) {
    const heavy = bench.name.startsWith('ecg') || bench.name.startsWith('cxr');
    const jitted = await timeSteps(bench, true, steps || (heavy ? 8 : 40));
    const eager = await timeSteps(bench, false, steps || (heavy ? 3 : 10));
    console.log(`  ${bench.name}`);
    console.log(
      `    jit   p50 ${jitted.p50.toFixed(1).padStart(7)} ms/step  ${((1000 * BATCH) / jitted.p50).toFixed(0).padStart(5)} rows/s` +
        `  (first step, with compilation: ${jitted.firstMs.toFixed(0)} ms; ${jitted.steps} timed)`,
    );
    console.log(
      `    eager p50 ${eager.p50.toFixed(1).padStart(7)} ms/step  ${((1000 * BATCH) / eager.p50).toFixed(0).padStart(5)} rows/s` +
        `  (${eager.steps} timed); eager / jit ${(eager.p50 / jitted.p50).toFixed(2)}×`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

/**
 * Stage (c), the fusion stage: projectors, Modality Perception Layer and head trained with BCE on the seven labels
 * from cached encoder features, with modality dropout (modality-masks.ts), AdamW, a cosine schedule, gradient
 * clipping and checkpoints through the engine's `train` loop.
 */
import type { Array as JaxArray } from '@jax-js/jax';
import { DISEASE_IDS, MODALITIES } from '../../shared';
import { Random } from '../../synth/random';
import { gatherRows } from '../dataset/cohort-dataset';
import { DEFAULT_ADAMW } from '../engine/adamw';
import { createHostTensor } from '../engine/host-tensor';
import { initialiseParams } from '../engine/initialisers';
import { bceWithLogits } from '../engine/ops';
import type { HostParams, ParamTree } from '../engine/param-tree';
import type { ProgressStream } from '../engine/progress';
import { train, type StepRecord } from '../engine/train';
import type { Batch } from '../engine/train-step';
import type { PerceptionConfig } from '../model/perception-config';
import { fuseFeaturesJax } from '../model/perception-jax';
import { ENCODER_PREFIX, featureDims, perceptionSpecs } from '../model/perception-model';
import { epochBatchRows } from './epoch-batches';
import type { SplitFeatures } from './feature-cache';
import { drawMasks, type MaskPolicy } from './modality-masks';

export interface FusionStageOptions {
  config: PerceptionConfig;
  features: SplitFeatures;
  /** [N × 7] */
  labels: Float32Array;
  masks: MaskPolicy;
  epochs: number;
  batchSize: number;
  peakLr: number;
  weightDecay: number;
  seed: number | string;
  dir?: string;
  progress?: ProgressStream | false;
  label?: string;
}

export interface FusionStageResult {
  /** `projectors.*`, `fusion.*`, `head.*`. */
  params: HostParams;
  history: StepRecord[];
  steps: number;
  msPerStep: number;
}

/** The parameters the fusion stage trains: everything but the encoders. */
export function fusionSpecs(config: PerceptionConfig): ReturnType<typeof perceptionSpecs> {
  const encoders = Object.values(ENCODER_PREFIX);
  return Object.fromEntries(
    Object.entries(perceptionSpecs(config)).filter(([name]) => !encoders.some((p) => name.startsWith(p))),
  );
}

/** Trains projectors + MPL + head on cached features. */
export async function trainFusionStage(options: FusionStageOptions): Promise<FusionStageResult> {
  const { config, features, batchSize } = options;
  const k = DISEASE_IDS.length;
  const rows = options.labels.length / k;
  const dims = featureDims(config);
  const specs = fusionSpecs(config);
  const names = Object.keys(specs);
  const lossFn = (p: Readonly<ParamTree>, batch: Readonly<ParamTree>): JaxArray => {
    const owned: ParamTree = {};
    for (const name of names) owned[name] = p[name] as JaxArray;
    const inputs = {
      ecgFeatures: batch.ecg as JaxArray,
      cxrFeatures: batch.cxr as JaxArray,
      labFeatures: batch.labs as JaxArray,
      modalityMask: batch.mask as JaxArray,
    };
    const out = fuseFeaturesJax(owned, config, inputs);
    for (const array of [...Object.values(owned), ...Object.values(inputs), out.modalityWeights, out.tokens]) {
      array.dispose();
    }
    return bceWithLogits(out.logits, batch.y as JaxArray);
  };
  const batchesPerEpoch = Math.floor(rows / batchSize);
  const totalSteps = batchesPerEpoch * options.epochs;
  const result = await train({
    epochs: options.epochs,
    batches: function* ({ epoch, seed }): Iterable<Batch> {
      const random = new Random(`masks/${String(seed)}`).fork(epoch);
      for (const batchRows of epochBatchRows(rows, batchSize, seed, epoch)) {
        const b = batchRows.length;
        yield {
          ecg: createHostTensor([b, dims.ecg], gatherRows(features.ecg, dims.ecg, batchRows)),
          cxr: createHostTensor([b, dims.cxr], gatherRows(features.cxr, dims.cxr, batchRows)),
          labs: createHostTensor([b, dims.labs], gatherRows(features.labs, dims.labs, batchRows)),
          mask: createHostTensor([b, MODALITIES.length], drawMasks(options.masks, b, random)),
          y: createHostTensor([b, k], gatherRows(options.labels, k, batchRows)),
        };
      }
    },
    lossFn,
    params: initialiseParams(specs, `${String(options.seed)}/fusion`),
    optimiser: { ...DEFAULT_ADAMW, weightDecay: options.weightDecay },
    schedule: {
      peak: options.peakLr,
      floor: options.peakLr / 50,
      warmupSteps: Math.min(100, Math.ceil(totalSteps / 20)),
      totalSteps,
    },
    clip: 1,
    seed: options.seed,
    ...(options.dir !== undefined ? { dir: options.dir, checkpointEvery: Math.max(1, batchesPerEpoch * 5) } : {}),
    config: { stage: 'fusion', masks: options.masks, epochs: options.epochs, peakLr: options.peakLr },
    progress: options.progress ?? undefined,
    label: options.label ?? 'fusion',
  });
  return { params: result.params, history: result.history, steps: result.steps, msPerStep: result.msPerStep };
}

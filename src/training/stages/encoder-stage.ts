/**
 * Stage (a), the encoder stage (issue 4, deliverable 4): each encoder is trained alone, on its own modality, with a
 * temporary linear head predicting the seven disease labels and the modality's ground-truth findings (BCE). The head
 * is thrown away; the encoder is frozen for the later stages.
 */
import type { Array as JaxArray } from '@jax-js/jax';
import { DISEASE_IDS, type Modality } from '../../shared';
import { CXR_TARGET_NAMES, ECG_TARGET_NAMES } from '../dataset/encoder-targets';
import { gatherRows, LAB_VALUES, type SplitData } from '../dataset/cohort-dataset';
import { CXR_PIXELS, ECG_VALUES, expandCxr } from '../dataset/synthetic-example';
import { DEFAULT_ADAMW } from '../engine/adamw';
import { createHostTensor, type HostTensor } from '../engine/host-tensor';
import { initialiseParams } from '../engine/initialisers';
import { bceWithLogits, linear } from '../engine/ops';
import type { HostParams, ParamTree } from '../engine/param-tree';
import type { ProgressStream } from '../engine/progress';
import { train, type StepRecord } from '../engine/train';
import type { Batch } from '../engine/train-step';
import { normalInit, ZEROS } from '../model/param-spec';
import type { PerceptionConfig } from '../model/perception-config';
import { encodeModalityJax } from '../model/perception-jax';
import { ENCODER_PREFIX, featureDims, perceptionSpecs } from '../model/perception-model';
import { epochBatchRows } from './epoch-batches';

/** Prefix of the temporary head's parameters. */
export const AUX_HEAD_PREFIX = 'aux_head.';

/** Names of the encoder-stage targets of a modality: the disease ids, then its findings. */
export function encoderTargetNames(modality: Modality): string[] {
  const findings: readonly string[] =
    modality === 'ecg' ? ECG_TARGET_NAMES : modality === 'cxr' ? CXR_TARGET_NAMES : [];
  return [...DISEASE_IDS, ...findings];
}

/** [N × K] targets of a split for a modality's encoder stage. */
export function encoderTargets(split: SplitData, modality: Modality): Float32Array {
  const k = DISEASE_IDS.length;
  const findings = modality === 'ecg' ? split.ecgTargets : modality === 'cxr' ? split.cxrTargets : undefined;
  const width = modality === 'ecg' ? ECG_TARGET_NAMES.length : modality === 'cxr' ? CXR_TARGET_NAMES.length : 0;
  const out = new Float32Array(split.size * (k + width));
  for (let i = 0; i < split.size; i++) {
    out.set(split.labels.subarray(i * k, (i + 1) * k), i * (k + width));
    if (findings) out.set(findings.subarray(i * width, (i + 1) * width), i * (k + width) + k);
  }
  return out;
}

/** The raw model input of rows of a split: ecg [B,12,1000], cxr [B,3,224,224], labs [B,100]. */
export function modalityInput(split: SplitData, modality: Modality, rows: readonly number[]): HostTensor {
  if (modality === 'ecg') return createHostTensor([rows.length, 12, 1000], gatherRows(split.ecg, ECG_VALUES, rows));
  if (modality === 'cxr') {
    return createHostTensor(
      [rows.length, 3, 224, 224],
      expandCxr(gatherRows(split.cxr, CXR_PIXELS, rows), rows.length),
    );
  }
  return createHostTensor([rows.length, LAB_VALUES], gatherRows(split.labs, LAB_VALUES, rows));
}

export interface EncoderStageOptions {
  modality: Modality;
  config: PerceptionConfig;
  train: SplitData;
  epochs: number;
  batchSize: number;
  /** Peak learning rate of the cosine schedule. */
  peakLr: number;
  seed: number | string;
  /** Checkpoint folder (resumes from it when it holds a checkpoint). */
  dir?: string;
  progress?: ProgressStream | false;
}

export interface EncoderStageResult {
  /** The encoder's parameters (`ecg_encoder.*` …). */
  encoder: HostParams;
  /** The temporary head (`aux_head.weight` [F, K], `aux_head.bias` [K]). */
  head: HostParams;
  history: StepRecord[];
  steps: number;
  msPerStep: number;
}

/** Trains one encoder with its temporary head; returns both (all arrays freed). */
export async function trainEncoderStage(options: EncoderStageOptions): Promise<EncoderStageResult> {
  const { modality, config, batchSize } = options;
  const prefix = ENCODER_PREFIX[modality];
  const targets = encoderTargets(options.train, modality);
  const k = encoderTargetNames(modality).length;
  const specs = Object.fromEntries(Object.entries(perceptionSpecs(config)).filter(([name]) => name.startsWith(prefix)));
  const width = featureDims(config)[modality];
  const params = initialiseParams(
    {
      ...specs,
      [`${AUX_HEAD_PREFIX}weight`]: { shape: [width, k], init: normalInit(1 / Math.sqrt(width)) },
      [`${AUX_HEAD_PREFIX}bias`]: { shape: [k], init: ZEROS },
    },
    `${String(options.seed)}/encoder/${modality}`,
  );
  const encoderNames = Object.keys(specs);
  const lossFn = (p: Readonly<ParamTree>, batch: Readonly<ParamTree>): JaxArray => {
    // Each read of the borrowed view is a fresh reference: take one per parameter and free them after the forward.
    const owned: ParamTree = {};
    for (const name of encoderNames) owned[name] = p[name] as JaxArray;
    const input = batch.x as JaxArray;
    const features = encodeModalityJax(owned, config, modality, input);
    input.dispose();
    for (const array of Object.values(owned)) array.dispose();
    const logits = linear(features, p[`${AUX_HEAD_PREFIX}weight`] as JaxArray, p[`${AUX_HEAD_PREFIX}bias`] as JaxArray);
    return bceWithLogits(logits, batch.y as JaxArray);
  };
  const rows = options.train.size;
  const batchesPerEpoch = Math.floor(rows / batchSize);
  const totalSteps = batchesPerEpoch * options.epochs;
  const result = await train({
    epochs: options.epochs,
    batches: function* ({ epoch, seed }): Iterable<Batch> {
      for (const batchRows of epochBatchRows(rows, batchSize, seed, epoch)) {
        yield {
          x: modalityInput(options.train, modality, batchRows),
          y: createHostTensor([batchRows.length, k], gatherRows(targets, k, batchRows)),
        };
      }
    },
    lossFn,
    params,
    optimiser: DEFAULT_ADAMW,
    schedule: {
      peak: options.peakLr,
      floor: options.peakLr / 50,
      warmupSteps: Math.min(100, Math.ceil(totalSteps / 20)),
      totalSteps,
    },
    clip: 1,
    seed: options.seed,
    ...(options.dir !== undefined ? { dir: options.dir, checkpointEvery: Math.max(1, batchesPerEpoch) } : {}),
    config: { stage: 'encoder', modality, batchSize, epochs: options.epochs, peakLr: options.peakLr },
    progress: options.progress ?? undefined,
    label: `encoder ${modality}`,
  });
  const encoder: HostParams = {};
  const head: HostParams = {};
  for (const [name, tensor] of Object.entries(result.params)) {
    if (name.startsWith(AUX_HEAD_PREFIX)) head[name] = tensor;
    else encoder[name] = tensor;
  }
  return { encoder, head, history: result.history, steps: result.steps, msPerStep: result.msPerStep };
}

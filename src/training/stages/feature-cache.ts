/**
 * Stage (b): the frozen encoders are exported to ONNX and run through onnxruntime-node once over every split, so that
 * the fusion stage trains on cached feature vectors (architecture.md, "Frozen encoders, cached features"). Running
 * the exported graph, not the jax-js forward, means the fusion stage sees exactly the features the shipped package
 * computes.
 */
import * as ort from 'onnxruntime-node';
import { MODALITIES, type Modality } from '../../shared';
import type { SplitData } from '../dataset/cohort-dataset';
import type { HostParams } from '../engine/param-tree';
import { TrainingError } from '../engine/training-error';
import type { PerceptionConfig } from '../model/perception-config';
import { featureDims } from '../model/perception-model';
import { exportEncoderOnnx, FEATURE_NAME, RAW_INPUT_NAME } from '../onnx/export-perception-onnx';
import { modalityInput } from './encoder-stage';

/** Cached encoder features of one split: [N × F_m] per modality. */
export type SplitFeatures = Record<Modality, Float32Array>;

/** Rows per onnxruntime run while caching (bounded memory: a CXR batch of 64 is 38 MB). */
const CACHE_BATCH = 64;

/** Opens an in-memory ONNX graph on the CPU provider. */
export async function openSession(bytes: Uint8Array, threads?: number): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    ...(threads !== undefined ? { intraOpNumThreads: threads } : {}),
  });
}

/**
 * Runs each modality's exported encoder over the given splits.
 *
 * @param encoders - trained parameters of the three encoders (one record holding all of them)
 * @param onProgress - called after each batch with (modality, rows done, rows total)
 */
export async function cacheFeatures<S extends string>(
  encoders: HostParams,
  config: PerceptionConfig,
  splits: Readonly<Record<S, SplitData>>,
  onProgress?: (modality: Modality, done: number, total: number) => void,
): Promise<Record<S, SplitFeatures>> {
  const names = Object.keys(splits) as S[];
  const total = names.reduce((n, s) => n + splits[s].size, 0);
  const out = Object.fromEntries(names.map((s) => [s, {} as SplitFeatures])) as Record<S, SplitFeatures>;
  const dims = featureDims(config);
  for (const modality of MODALITIES) {
    const session = await openSession(exportEncoderOnnx(encoders, config, modality));
    try {
      let done = 0;
      for (const name of names) {
        const split = splits[name];
        const features = new Float32Array(split.size * dims[modality]);
        for (let start = 0; start < split.size; start += CACHE_BATCH) {
          const rows = Array.from({ length: Math.min(CACHE_BATCH, split.size - start) }, (_, i) => start + i);
          const input = modalityInput(split, modality, rows);
          const result = await session.run({
            [RAW_INPUT_NAME[modality]]: new ort.Tensor('float32', input.data, input.shape),
          });
          const value = result[FEATURE_NAME[modality]];
          if (!value || value.data.length !== rows.length * dims[modality]) {
            throw new TrainingError(`feature cache: the ${modality} encoder graph gave no ${FEATURE_NAME[modality]}`);
          }
          features.set(value.data as Float32Array, start * dims[modality]);
          done += rows.length;
          onProgress?.(modality, done, total);
        }
        out[name][modality] = features;
      }
    } finally {
      await session.release();
    }
  }
  return out;
}

/**
 * Logits of the fusion stage on cached features, through the exported fusion graph in onnxruntime (the graph the
 * package ships), with one modality mask for every row.
 */
import * as ort from 'onnxruntime-node';
import { MODALITIES, type Modality } from '../../shared';
import type { HostParams } from '../engine/param-tree';
import { TrainingError } from '../engine/training-error';
import type { PerceptionConfig } from '../model/perception-config';
import { featureDims } from '../model/perception-model';
import { exportFusionOnnx, FEATURE_NAME } from '../onnx/export-perception-onnx';
import type { SplitFeatures } from './feature-cache';
import { openSession } from './feature-cache';
import { maskOf } from './modality-masks';

/** Fusion graph logits for each requested modality subset. */
export async function predictFusion(
  params: HostParams,
  config: PerceptionConfig,
  features: SplitFeatures,
  subsets: readonly (readonly Modality[])[],
): Promise<Float32Array[]> {
  const dims = featureDims(config);
  const rows = features.ecg.length / dims.ecg;
  const session = await openSession(exportFusionOnnx(params, config));
  try {
    const outputs: Float32Array[] = [];
    for (const subset of subsets) {
      const row = maskOf(subset);
      const mask = new Float32Array(rows * MODALITIES.length);
      for (let i = 0; i < rows; i++) mask.set(row, i * MODALITIES.length);
      const feeds: Record<string, ort.Tensor> = { modality_mask: new ort.Tensor('float32', mask, [rows, 3]) };
      for (const m of MODALITIES) feeds[FEATURE_NAME[m]] = new ort.Tensor('float32', features[m], [rows, dims[m]]);
      const result = await session.run(feeds);
      const logits = result.logits;
      if (!logits) throw new TrainingError('fusion graph gave no logits');
      outputs.push(Float32Array.from(logits.data as Float32Array));
    }
    return outputs;
  } finally {
    await session.release();
  }
}

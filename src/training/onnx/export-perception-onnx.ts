/**
 * ONNX export of the perception model (issue 4, deliverable 5), per the model package contract in architecture.md:
 *
 * | graph          | inputs                                                          | outputs                                |
 * |----------------|-----------------------------------------------------------------|----------------------------------------|
 * | `ecg_encoder`  | ecg [B,12,1000]                                                 | ecg_features [B,F_ecg]                 |
 * | `cxr_encoder`  | cxr [B,3,224,224]                                               | cxr_features [B,F_cxr]                 |
 * | `lab_encoder`  | labs [B,100]                                                    | lab_features [B,F_labs]                |
 * | `fusion`       | ecg_features, cxr_features, lab_features, modality_mask [B,3]   | logits [B,7], modality_weights [B,3], tokens [B,3,d] |
 * | `perception`   | ecg, cxr, labs, modality_mask                                   | logits, modality_weights, tokens       |
 *
 * Each graph is written by running the same model functions as the jax-js forward with `OnnxTensorOps`, so the two
 * agree by construction; only the weights a graph uses are stored in it. B is symbolic.
 */
import { MODALITIES, type Modality } from '../../shared';
import type { HostTensor } from '../engine/host-tensor';
import type { PerceptionConfig } from '../model/perception-config';
import { encodeModality, featureDims, fuseFeatures, perceive } from '../model/perception-model';
import { type OnnxDim, OnnxGraphBuilder } from './onnx-graph-builder';
import { OnnxTensorOps } from './onnx-tensor-ops';

/** Symbolic batch dimension of every graph input and output. */
export const BATCH_DIM = 'B';

/** Graph input name of each modality's raw tensor. */
export const RAW_INPUT_NAME: Readonly<Record<Modality, string>> = { ecg: 'ecg', cxr: 'cxr', labs: 'labs' };

/** Graph input/output name of each modality's feature vector. */
export const FEATURE_NAME: Readonly<Record<Modality, string>> = {
  ecg: 'ecg_features',
  cxr: 'cxr_features',
  labs: 'lab_features',
};

/** The five graphs, serialised. */
export interface PerceptionOnnxGraphs {
  ecgEncoder: Uint8Array;
  cxrEncoder: Uint8Array;
  labEncoder: Uint8Array;
  fusion: Uint8Array;
  perception: Uint8Array;
}

type Params = Readonly<Record<string, HostTensor>>;

/** Raw input dims of a modality, batch first. */
export function rawInputDims(config: PerceptionConfig, modality: Modality): OnnxDim[] {
  if (modality === 'ecg') return [BATCH_DIM, config.ecg.leads, config.ecg.length];
  if (modality === 'cxr') return [BATCH_DIM, config.cxr.channels, config.cxr.imageSize, config.cxr.imageSize];
  return [BATCH_DIM, config.labs.inputDim];
}

/** One encoder: raw input → feature vector. */
export function exportEncoderOnnx(params: Params, config: PerceptionConfig, modality: Modality): Uint8Array {
  const graph = new OnnxGraphBuilder(
    `${modality}_encoder`,
    `MedTVT-FHIR ${modality} encoder: ${RAW_INPUT_NAME[modality]} → ${FEATURE_NAME[modality]}`,
  );
  const ops = new OnnxTensorOps(graph, params);
  const input = graph.input(RAW_INPUT_NAME[modality], rawInputDims(config, modality));
  const features = encodeModality(ops, config, modality, input);
  graph.output(FEATURE_NAME[modality], features, [BATCH_DIM, featureDims(config)[modality]]);
  return graph.toBytes();
}

/** Projectors, fusion and head: cached features + modality mask → logits, weights, tokens. */
export function exportFusionOnnx(params: Params, config: PerceptionConfig): Uint8Array {
  const graph = new OnnxGraphBuilder(
    'fusion',
    'MedTVT-FHIR fusion: encoder features + modality_mask → logits, modality_weights, tokens',
  );
  const ops = new OnnxTensorOps(graph, params);
  const dims = featureDims(config);
  const [ecgFeatures, cxrFeatures, labFeatures] = MODALITIES.map((m) =>
    graph.input(FEATURE_NAME[m], [BATCH_DIM, dims[m]]),
  ) as [string, string, string];
  const modalityMask = graph.input('modality_mask', [BATCH_DIM, MODALITIES.length]);
  writeOutputs(graph, config, fuseFeatures(ops, config, { ecgFeatures, cxrFeatures, labFeatures, modalityMask }));
  return graph.toBytes();
}

/** The whole perception graph: raw inputs + modality mask → logits, weights, tokens. */
export function exportPerceptionOnnx(params: Params, config: PerceptionConfig): Uint8Array {
  const graph = new OnnxGraphBuilder(
    'perception',
    'MedTVT-FHIR perception: ecg, cxr, labs, modality_mask → logits, modality_weights, tokens',
  );
  const ops = new OnnxTensorOps(graph, params);
  const [ecg, cxr, labs] = MODALITIES.map((m) => graph.input(RAW_INPUT_NAME[m], rawInputDims(config, m))) as [
    string,
    string,
    string,
  ];
  const modalityMask = graph.input('modality_mask', [BATCH_DIM, MODALITIES.length]);
  writeOutputs(graph, config, perceive(ops, config, { ecg, cxr, labs, modalityMask }));
  return graph.toBytes();
}

/** All five graphs. */
export function exportPerceptionGraphs(params: Params, config: PerceptionConfig): PerceptionOnnxGraphs {
  return {
    ecgEncoder: exportEncoderOnnx(params, config, 'ecg'),
    cxrEncoder: exportEncoderOnnx(params, config, 'cxr'),
    labEncoder: exportEncoderOnnx(params, config, 'labs'),
    fusion: exportFusionOnnx(params, config),
    perception: exportPerceptionOnnx(params, config),
  };
}

function writeOutputs(
  graph: OnnxGraphBuilder,
  config: PerceptionConfig,
  outputs: { logits: string; modalityWeights: string; tokens: string },
): void {
  graph.output('logits', outputs.logits, [BATCH_DIM, config.outputs]);
  graph.output('modality_weights', outputs.modalityWeights, [BATCH_DIM, MODALITIES.length]);
  graph.output('tokens', outputs.tokens, [BATCH_DIM, MODALITIES.length, config.projector.dim]);
}

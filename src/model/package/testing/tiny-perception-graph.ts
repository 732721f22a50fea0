/**
 * A tiny perception graph that follows the model package contract (inputs `ecg [B,12,1000]`, `cxr [B,3,224,224]`,
 * `labs [B,100]`, `modality_mask [B,3]`; outputs `logits [B,7]`, `modality_weights [B,3]`, `tokens [B,3,D]`) with
 * small seeded random linear maps, written with onnx-proto at opset 20. It exists so that the runtime can be tested
 * without a trained model; its numbers mean nothing clinically.
 *
 * Layout: each modality becomes a token tanh(x·W + b) of width D (the CXR is average-pooled 8×8 first, to keep W
 * small); tokens are multiplied by the mask; a masked softmax over per-token scores gives the modality weights; the
 * weighted sum of tokens goes through a Linear to the 7 logits.
 */
import { onnx } from 'onnx-proto';

/** Options of {@link buildTinyPerceptionGraph}. */
export interface TinyPerceptionGraphOptions {
  /** Seed of the weights (mulberry32). */
  seed?: number;
  /** Token width D. */
  tokenDim?: number;
  /** Leads in the ECG input (12 for a valid graph; other values make a graph that breaks the contract). */
  ecgLeads?: number;
}

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

/** A deterministic uniform source in [0, 1): mulberry32, enough for test weights. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function floatInit(name: string, dims: number[], random: () => number, scale: number): onnx.ITensorProto {
  const count = dims.reduce((a, b) => a * b, 1);
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = (random() * 2 - 1) * scale;
  return { name, dims, dataType: FLOAT, rawData: new Uint8Array(data.buffer) };
}

function int64Init(name: string, values: number[]): onnx.ITensorProto {
  return { name, dims: [values.length], dataType: INT64, int64Data: values };
}

function valueInfo(name: string, dims: (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attributes: onnx.IAttributeProto[] = [],
): onnx.INodeProto {
  return { opType, input: inputs, output: outputs, name: outputs[0] ?? opType, attribute: attributes };
}

function ints(name: string, values: number[]): onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: values };
}

function int(name: string, value: number): onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INT, i: value };
}

/** Nodes for token = tanh(flat·W + b), unsqueezed to [B,1,D]. */
function tokenNodes(prefix: string, flat: string): onnx.INodeProto[] {
  return [
    node('MatMul', [flat, `${prefix}.weight`], [`${prefix}.mm`]),
    node('Add', [`${prefix}.mm`, `${prefix}.bias`], [`${prefix}.pre`]),
    node('Tanh', [`${prefix}.pre`], [`${prefix}.token`]),
    node('Unsqueeze', [`${prefix}.token`, 'axis1'], [`${prefix}.token3`]),
  ];
}

/**
 * Serialised ONNX bytes of the tiny perception graph.
 *
 * @param options - seed, token width, ECG lead count
 */
export function buildTinyPerceptionGraph(options: TinyPerceptionGraphOptions = {}): Uint8Array {
  const random = mulberry32(options.seed ?? 1);
  const d = options.tokenDim ?? 8;
  const leads = options.ecgLeads ?? 12;
  // CXR pooled 8×8: 3 × 28 × 28 features.
  const cxrFeatures = 3 * 28 * 28;
  const initializer = [
    floatInit('ecg.weight', [leads * 1000, d], random, 0.02),
    floatInit('ecg.bias', [d], random, 0.1),
    floatInit('cxr.weight', [cxrFeatures, d], random, 0.05),
    floatInit('cxr.bias', [d], random, 0.1),
    floatInit('labs.weight', [100, d], random, 0.3),
    floatInit('labs.bias', [d], random, 0.1),
    floatInit('score.weight', [d, 1], random, 1),
    floatInit('head.weight', [d, 7], random, 1),
    floatInit('head.bias', [7], random, 0.5),
    int64Init('axis1', [1]),
    int64Init('axis2', [2]),
    int64Init('flat.shape', [0, -1]),
    { name: 'big', dims: [], dataType: FLOAT, floatData: [1e9] },
    { name: 'one', dims: [], dataType: FLOAT, floatData: [1] },
  ];
  const nodes: onnx.INodeProto[] = [
    node('Reshape', ['ecg', 'flat.shape'], ['ecg.flat']),
    ...tokenNodes('ecg', 'ecg.flat'),
    node('AveragePool', ['cxr'], ['cxr.pooled'], [ints('kernel_shape', [8, 8]), ints('strides', [8, 8])]),
    node('Reshape', ['cxr.pooled', 'flat.shape'], ['cxr.flat']),
    ...tokenNodes('cxr', 'cxr.flat'),
    ...tokenNodes('labs', 'labs'),
    node('Concat', ['ecg.token3', 'cxr.token3', 'labs.token3'], ['stacked'], [int('axis', 1)]),
    node('Unsqueeze', ['modality_mask', 'axis2'], ['mask3']),
    node('Mul', ['stacked', 'mask3'], ['tokens']),
    // Masked softmax: absent modalities get score − 1e9.
    node('MatMul', ['tokens', 'score.weight'], ['score3']),
    node('Squeeze', ['score3', 'axis2'], ['score']),
    node('Sub', ['modality_mask', 'one'], ['mask.minus1']),
    node('Mul', ['mask.minus1', 'big'], ['penalty']),
    node('Add', ['score', 'penalty'], ['score.masked']),
    node('Softmax', ['score.masked'], ['modality_weights'], [int('axis', 1)]),
    node('Unsqueeze', ['modality_weights', 'axis2'], ['weights3']),
    node('Mul', ['tokens', 'weights3'], ['weighted']),
    node('ReduceSum', ['weighted', 'axis1'], ['fused'], [int('keepdims', 0)]),
    node('MatMul', ['fused', 'head.weight'], ['head.mm']),
    node('Add', ['head.mm', 'head.bias'], ['logits']),
  ];
  const model: onnx.IModelProto = {
    irVersion: 9,
    producerName: 'medtvt-fhir tiny test graph',
    opsetImport: [{ domain: '', version: 20 }],
    graph: {
      name: 'tiny_perception',
      node: nodes,
      initializer,
      input: [
        valueInfo('ecg', ['B', leads, 1000]),
        valueInfo('cxr', ['B', 3, 224, 224]),
        valueInfo('labs', ['B', 100]),
        valueInfo('modality_mask', ['B', 3]),
      ],
      output: [
        valueInfo('logits', ['B', 7]),
        valueInfo('modality_weights', ['B', 3]),
        valueInfo('tokens', ['B', 3, d]),
      ],
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

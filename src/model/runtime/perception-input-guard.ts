/**
 * The native non-finite check of the perception inputs: at load the runtime appends to the perception graph, in
 * memory, an output `input_guard` [B] = Σ over ecg, cxr and labs of ReduceL1 over every axis but the batch. A row
 * holding a NaN or ±Infinity gets a NaN or +Infinity guard (|NaN| = NaN, |±Inf| = +Inf, and a sum of non-negative
 * terms cannot cancel an infinity), so the scan that JavaScript used to run over all 162,628 floats of a batch-1
 * request before each run is done by onnxruntime inside the run, and JavaScript scans only the rows whose guard is
 * not finite, to name the input and the index. A float32 sum of |x| can also overflow to +Infinity for real inputs
 * of absurd magnitude (around 1e33 and above per value); the exact scan then finds nothing and the row is accepted.
 *
 * The file on disk is never changed: the package manifest pins its sha256, and the check runs on the file's bytes.
 */
import { onnx } from 'onnx-proto';
import type { ModelInputError } from '../../shared';
import type { PerceptionInput } from '../perception-model';
import { PERCEPTION_INPUT_NAMES } from './check-perception-graph';
import { firstNonFinite, nonFiniteInputError, type PerceptionInputSpec } from './validate-perception-input';

/** Name of the graph output the guard adds. */
export const INPUT_GUARD_OUTPUT = 'input_guard';

/** The inputs the guard covers, in the order validatePerceptionInput checks them (the mask is checked in JS). */
const GUARDED = ['ecg', 'cxr', 'labs'] as const;

/** From opset 18 the Reduce* ops take their axes as an int64 input; before, as an attribute. */
const AXES_AS_INPUT_OPSET = 18;

function int64Initializer(name: string, values: readonly number[]): onnx.ITensorProto {
  // raw_data is little-endian by the ONNX spec whatever the host, hence the DataView.
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return { name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, rawData: bytes };
}

/** The default-domain opset the graph imports. */
function defaultOpset(model: onnx.ModelProto): number {
  const entry = model.opsetImport.find((o) => !o.domain);
  return entry?.version === undefined || entry.version === null ? 0 : Number(entry.version);
}

/** The batch dimension of the graph's `ecg` input, so that `input_guard` is declared with the same symbol. */
function batchDim(graph: onnx.IGraphProto): onnx.TensorShapeProto.IDimension {
  const ecg = graph.input?.find((i) => i.name === PERCEPTION_INPUT_NAMES.ecg);
  const first = ecg?.type?.tensorType?.shape?.dim?.[0];
  return first?.dimParam ? { dimParam: first.dimParam } : { dimParam: 'B' };
}

/**
 * The perception graph with the `input_guard` output appended (see the file comment).
 *
 * @param bytes - the serialised perception graph, as read from the package
 * @param spec - per-row input dimensions, which give each input's rank
 * @returns the serialised patched graph
 * @throws Error when the bytes are not an ONNX model with a graph (the caller has already opened the file, so this
 *   means a broken file and surfaces as onnxruntime's own load error would)
 */
export function addInputGuard(bytes: Uint8Array, spec: PerceptionInputSpec): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph;
  if (!graph) throw new Error('perception graph: the ONNX model has no graph');
  const nodes = graph.node ?? (graph.node = []);
  const initializers = graph.initializer ?? (graph.initializer = []);
  const axesAsInput = defaultOpset(model) >= AXES_AS_INPUT_OPSET;

  const sums = GUARDED.map((key) => {
    const input = PERCEPTION_INPUT_NAMES[key];
    // Every axis but the batch: 1 … rank-1, with rank = 1 + the per-row rank.
    const axes = spec[key].map((_, i) => i + 1);
    const out = `${INPUT_GUARD_OUTPUT}/${input}_l1`;
    const node: onnx.INodeProto = {
      opType: 'ReduceL1',
      name: `${INPUT_GUARD_OUTPUT}/${input}_reduce_l1`,
      input: [input],
      output: [out],
      attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
    };
    if (axesAsInput) {
      const axesName = `${INPUT_GUARD_OUTPUT}/${input}_axes`;
      initializers.push(int64Initializer(axesName, axes));
      node.input = [input, axesName];
    } else {
      node.attribute?.push({ name: 'axes', type: onnx.AttributeProto.AttributeType.INTS, ints: axes });
    }
    nodes.push(node);
    return out;
  });
  // Sum is variadic in every opset; one node adds the three [B] vectors.
  nodes.push({ opType: 'Sum', name: `${INPUT_GUARD_OUTPUT}/sum`, input: sums, output: [INPUT_GUARD_OUTPUT] });
  (graph.output ?? (graph.output = [])).push({
    name: INPUT_GUARD_OUTPUT,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [batchDim(graph)] } } },
  });
  return onnx.ModelProto.encode(model).finish();
}

/**
 * The error validatePerceptionInput would have thrown for `input`'s non-finite values, looking only at the rows whose
 * guard is not finite; undefined when those rows hold none (a float32 overflow of the guard on huge real values).
 * The order is validatePerceptionInput's: ecg, then cxr, then labs, each at its first bad flat index.
 *
 * @param input - one request's validated batch (shapes already checked)
 * @param guard - the `input_guard` values of the session run
 * @param firstRow - index in `guard` of the request's first row (its offset in a joined micro-batch)
 */
export function guardedInputError(
  input: PerceptionInput,
  guard: Float32Array,
  firstRow: number,
): ModelInputError | undefined {
  const rows = input.ecg.shape[0] as number;
  let bad: number[] | undefined;
  for (let r = 0; r < rows; r++) {
    if (!Number.isFinite(guard[firstRow + r] as number)) (bad ??= []).push(r);
  }
  if (!bad) return undefined;
  for (const key of GUARDED) {
    const tensor = input[key];
    const rowSize = tensor.data.length / rows;
    for (const r of bad) {
      const start = r * rowSize;
      const index = firstNonFinite(tensor.data.subarray(start, start + rowSize));
      if (index >= 0) return nonFiniteInputError(key, tensor, start + index);
    }
  }
  return undefined;
}

/**
 * The perception graph's own NaN/±Infinity check of its inputs.
 *
 * Scanning a batch-1 request's 162,628 input floats in JavaScript before each run cost ~8–12 % of the default
 * graph's run on 2 cores (bench:perception). Instead, at load the runtime appends to the graph, in memory, an output
 * `input_guard [G]`: for each guardable input (ecg, cxr, labs) that has a tap (input-guard-taps.ts), the sum of
 * that tap, a tensor the graph computes anyway and that turns non-finite whenever the input holds a NaN or ±Infinity.
 * Summing a few thousand values of the tap costs the session a few microseconds. When a run's guard value is not
 * finite, JavaScript scans that input of each request of the batch to name the request, the input and the index,
 * and only those requests fail; the others keep their outputs (rows of a batch do not mix in the perception graph).
 * A guard value can also overflow to ±Infinity for finite inputs of absurd magnitude (about 1e30 and above); the scan
 * then finds nothing and the batch is accepted, as the JavaScript check would have.
 *
 * At load {@link probeInputGuard} runs the session on a clean input and on inputs with a NaN or an Infinity at the
 * first and last positions; an input whose guard does not behave is scanned in JavaScript instead, with a warning.
 * An input without a tap is always scanned in JavaScript. The file on disk is never changed: the package manifest
 * pins its SHA-256, and that check runs on the file's bytes.
 */
import { onnx } from 'onnx-proto';
import type * as ort from 'onnxruntime-node';
import type { ModelInputError } from '../../shared';
import type { HostTensor, PerceptionInput } from '../perception-model';
import { PERCEPTION_INPUT_NAMES } from './check-perception-graph';
import { findGuardTap, type GuardTap } from './input-guard-taps';
import {
  firstNonFinite,
  nonFiniteInputError,
  type GuardableInput,
  type PerceptionInputSpec,
} from './validate-perception-input';

/** Name of the graph output the guard adds. */
export const INPUT_GUARD_OUTPUT = 'input_guard';

/** The inputs the guard can cover, in the order validatePerceptionInput checks them. */
export const GUARDABLE_INPUTS: readonly GuardableInput[] = ['ecg', 'cxr', 'labs'];

/** Prefix of every node and initializer the guard adds. */
const PREFIX = `${INPUT_GUARD_OUTPUT}/`;

/** The perception graph with the guard added. */
export interface GuardedGraph {
  /** Serialised graph: the package's bytes unchanged when no input has a tap. */
  bytes: Uint8Array;
  /** Inputs covered by the guard, in the order of the `input_guard` values. */
  guarded: GuardableInput[];
  /** The tap of each guarded input, for logs and tests. */
  taps: GuardTap[];
}

function int64Initializer(name: string, values: readonly number[]): onnx.ITensorProto {
  // raw_data is little-endian by the ONNX spec whatever the host, hence the DataView.
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return { name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, rawData: bytes };
}

/** Whether any name in the graph already starts with the guard's prefix or is the guard's output. */
function namesTaken(graph: onnx.IGraphProto): boolean {
  const names = [
    ...(graph.input ?? []).map((v) => v.name),
    ...(graph.output ?? []).map((v) => v.name),
    ...(graph.initializer ?? []).map((t) => t.name),
    ...(graph.node ?? []).flatMap((n) => [n.name, ...(n.output ?? [])]),
  ];
  return names.some((name) => name === INPUT_GUARD_OUTPUT || (name ?? '').startsWith(PREFIX));
}

/**
 * Adds `input_guard [G]` to the perception graph (see the file comment): for each guardable input with a tap, in
 * {@link GUARDABLE_INPUTS} order, ReduceSum over every axis of the tap, reshaped to [1], then concatenated.
 *
 * @param bytes - the serialised perception graph, as read from the package
 * @returns the serialised graph and the inputs it guards; none, with the bytes as given, when no input has a tap, the
 *   graph already uses the guard's names, or the bytes do not decode as an ONNX model (onnxruntime then says why)
 */
export function addInputGuard(bytes: Uint8Array): GuardedGraph {
  const unguarded: GuardedGraph = { bytes, guarded: [], taps: [] };
  let model: onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    // Not a model this decoder reads: handled by leaving the bytes to onnxruntime, whose load error names the file.
    if (error instanceof Error) return unguarded;
    throw error;
  }
  const graph = model.graph;
  if (!graph || namesTaken(graph)) return unguarded;
  const taps: Array<[GuardableInput, GuardTap]> = [];
  for (const key of GUARDABLE_INPUTS) {
    const tap = findGuardTap(graph, PERCEPTION_INPUT_NAMES[key]);
    if (tap) taps.push([key, tap]);
  }
  if (taps.length === 0) return unguarded;

  const nodes = graph.node ?? (graph.node = []);
  const shapeOne = `${PREFIX}shape_1`;
  (graph.initializer ?? (graph.initializer = [])).push(int64Initializer(shapeOne, [1]));
  const parts = taps.map(([key, tap]) => {
    const sum = `${PREFIX}${key}_sum`;
    const part = `${PREFIX}${key}`;
    // No axes: ReduceSum reduces over every axis, in every opset (noop_with_empty_axes is 0 by default).
    nodes.push({
      opType: 'ReduceSum',
      name: sum,
      input: [tap.tensor],
      output: [sum],
      attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
    });
    nodes.push({ opType: 'Reshape', name: part, input: [sum, shapeOne], output: [part] });
    return part;
  });
  nodes.push({
    opType: 'Concat',
    name: INPUT_GUARD_OUTPUT,
    input: parts,
    output: [INPUT_GUARD_OUTPUT],
    attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
  });
  (graph.output ?? (graph.output = [])).push({
    name: INPUT_GUARD_OUTPUT,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimValue: parts.length }] } } },
  });
  return {
    bytes: onnx.ModelProto.encode(model).finish(),
    guarded: taps.map(([key]) => key),
    taps: taps.map(([, tap]) => tap),
  };
}

/** A confirmed guarded input and its position in `input_guard`. */
export interface GuardSlot {
  key: GuardableInput;
  index: number;
}

/**
 * For a run whose `input_guard` has a non-finite value: the error of each request, or undefined for the requests
 * whose guarded inputs are finite. A request's error is the one validatePerceptionInput would throw for the first
 * flagged input (ecg, cxr, labs order) holding a NaN or ±Infinity, at its first such index.
 *
 * @param inputs - the requests of the batch, already validated for shape
 * @param slots - the confirmed guarded inputs, in GUARDABLE_INPUTS order
 * @param guard - the run's `input_guard` values
 */
export function guardedInputErrors(
  inputs: readonly PerceptionInput[],
  slots: readonly GuardSlot[],
  guard: Float32Array,
): Array<ModelInputError | undefined> {
  const flagged = slots.filter((slot) => !Number.isFinite(guard[slot.index] as number)).map((slot) => slot.key);
  return inputs.map((input) => {
    for (const key of flagged) {
      const tensor: HostTensor = input[key];
      const index = firstNonFinite(tensor.data);
      if (index >= 0) return nonFiniteInputError(key, tensor, index);
    }
    return undefined;
  });
}

/** The part of an onnxruntime session that {@link probeInputGuard} uses. */
export interface GuardProbeSession {
  run(feeds: Record<string, ort.Tensor>, fetches: readonly string[]): Promise<Record<string, { data: unknown }>>;
}

/** What {@link probeInputGuard} found. */
export interface InputGuardProbe {
  /** Inputs whose guard behaved, with their position in `input_guard`. */
  confirmed: GuardSlot[];
  /** One line per guarded input left to the JavaScript scan, and why. */
  rejected: string[];
}

/**
 * Runs the guarded session on one clean row (zeros, all modalities present), then, for each guarded input on its
 * own, on a row with a NaN at its first position and on one with −Infinity at its last position; keeps the inputs
 * whose guard value is finite for the clean row and non-finite for both of its planted rows. 1 + 2G runs of one row.
 *
 * @param session - the session on {@link addInputGuard}'s graph
 * @param spec - per-row input dimensions
 * @param guarded - the inputs in `input_guard` order
 * @param tensor - builds a float32 onnxruntime tensor (the runtime's own constructor)
 */
export async function probeInputGuard(
  session: GuardProbeSession,
  spec: PerceptionInputSpec,
  guarded: readonly GuardableInput[],
  tensor: (data: Float32Array, dims: number[]) => ort.Tensor,
): Promise<InputGuardProbe> {
  const run = async (target?: GuardableInput, plant?: (data: Float32Array) => void): Promise<Float32Array> => {
    const feeds: Record<string, ort.Tensor> = {};
    for (const key of [...GUARDABLE_INPUTS, 'modalityMask'] as const) {
      const dims = [1, ...spec[key]];
      const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
      if (key === 'modalityMask') data.fill(1);
      else if (key === target && plant) plant(data);
      feeds[PERCEPTION_INPUT_NAMES[key]] = tensor(data, dims);
    }
    const value = (await session.run(feeds, [INPUT_GUARD_OUTPUT]))[INPUT_GUARD_OUTPUT]?.data;
    return value instanceof Float32Array ? value : new Float32Array(guarded.length).fill(Number.NaN);
  };
  const finiteAt = (values: Float32Array, index: number) => Number.isFinite(values[index] as number);
  const clean = await run();
  const confirmed: GuardSlot[] = [];
  const rejected: string[] = [];
  for (const [index, key] of guarded.entries()) {
    if (!finiteAt(clean, index)) {
      rejected.push(`${key}: the guard is not finite on a clean input (${clean[index]})`);
    } else if (finiteAt(await run(key, (data) => (data[0] = Number.NaN)), index)) {
      rejected.push(`${key}: the guard stayed finite with a NaN at index 0`);
    } else if (finiteAt(await run(key, (data) => (data[data.length - 1] = Number.NEGATIVE_INFINITY)), index)) {
      rejected.push(`${key}: the guard stayed finite with -Infinity at the last index`);
    } else {
      confirmed.push({ key, index });
    }
  }
  return { confirmed, rejected };
}

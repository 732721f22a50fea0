/**
 * The perception graph's own NaN/±Infinity check of its large inputs.
 *
 * Scanning a batch-1 request's 162,628 input floats in JavaScript before each run cost 7–19 % of the default
 * graph's run on 2 cores (bench:perception, runtime / bare p50 1.069–1.192 on 2026-12-07). Instead, at load the runtime appends to the graph, in memory, a scalar
 * output `input_guard`: the sum, over each large input (ecg, cxr) that has a tap (input-guard-taps.ts), of all the
 * values of that tap, a tensor the graph computes anyway and that turns non-finite whenever its input holds a NaN or
 * ±Infinity. That is two ReduceSums over a few thousand values and one Sum, a few microseconds of the session. When
 * a run's guard is not finite, JavaScript scans the guarded inputs of each request of the batch to name the request,
 * the input and the index, and only those requests fail; the others keep their outputs (rows of a batch do not mix
 * in the perception graph). The guard can also overflow to ±Infinity for finite inputs of absurd magnitude (about
 * 1e30 and above); the scan then finds nothing and the batch is accepted, as the JavaScript check would have. A
 * request with non-finite values in several inputs is named by the first found, and inputs scanned in JavaScript
 * are scanned before the run.
 *
 * Inputs of fewer than {@link MIN_GUARDED_VALUES} values per row (the 100 lab values) are scanned in JavaScript:
 * that is cheaper than a session node. At load {@link probeInputGuard} runs the session on a clean input and, for
 * each guarded input on its own, with a NaN at its first and an Infinity at its last position; an input whose
 * probe fails is scanned in JavaScript instead, with a warning, as is an input without a tap. The file on disk is
 * never changed: the package manifest pins its SHA-256, and that check runs on the file's bytes.
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

/** Name of the graph output the guard adds: a float32 scalar. */
export const INPUT_GUARD_OUTPUT = 'input_guard';

/** The inputs the guard can cover, in the order validatePerceptionInput checks them. */
export const GUARDABLE_INPUTS: readonly GuardableInput[] = ['ecg', 'cxr', 'labs'];

/**
 * Inputs with fewer values per row are scanned in JavaScript: 100 lab values take ~0.1 µs there, while each extra
 * session node costs a few µs per run.
 */
export const MIN_GUARDED_VALUES = 4096;

/** Prefix of every node the guard adds. */
const PREFIX = `${INPUT_GUARD_OUTPUT}/`;

/** The perception graph with the guard added. */
export interface GuardedGraph {
  /** Serialised graph: the package's bytes unchanged when no input is guarded. */
  bytes: Uint8Array;
  /** Inputs whose taps `input_guard` sums, in GUARDABLE_INPUTS order. */
  guarded: GuardableInput[];
  /** The tap of each guarded input, for logs and tests. */
  taps: GuardTap[];
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

function rowSize(spec: PerceptionInputSpec, key: GuardableInput): number {
  return spec[key].reduce((a, b) => a * b, 1);
}

/**
 * Adds the scalar `input_guard` to the perception graph (see the file comment): ReduceSum over every axis of the tap
 * of each guardable input of at least {@link MIN_GUARDED_VALUES} values per row, then their Sum.
 *
 * @param bytes - the serialised perception graph, as read from the package
 * @param spec - per-row input dimensions
 * @returns the serialised graph and the inputs it guards; none, with the bytes as given, when no large input has a
 *   tap, the graph already uses the guard's names, or the bytes do not decode as an ONNX model (onnxruntime then
 *   says why)
 */
export function addInputGuard(bytes: Uint8Array, spec: PerceptionInputSpec): GuardedGraph {
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
    if (rowSize(spec, key) < MIN_GUARDED_VALUES) continue;
    const tap = findGuardTap(graph, PERCEPTION_INPUT_NAMES[key]);
    if (tap) taps.push([key, tap]);
  }
  if (taps.length === 0) return unguarded;

  const nodes = graph.node ?? (graph.node = []);
  const sums = taps.map(([key, tap]) => {
    const sum = taps.length === 1 ? INPUT_GUARD_OUTPUT : `${PREFIX}${key}`;
    // No axes: ReduceSum reduces over every axis, in every opset (noop_with_empty_axes is 0 by default).
    nodes.push({
      opType: 'ReduceSum',
      name: sum,
      input: [tap.tensor],
      output: [sum],
      attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
    });
    return sum;
  });
  if (sums.length > 1)
    nodes.push({ opType: 'Sum', name: INPUT_GUARD_OUTPUT, input: sums, output: [INPUT_GUARD_OUTPUT] });
  (graph.output ?? (graph.output = [])).push({
    name: INPUT_GUARD_OUTPUT,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [] } } },
  });
  return {
    bytes: onnx.ModelProto.encode(model).finish(),
    guarded: taps.map(([key]) => key),
    taps: taps.map(([, tap]) => tap),
  };
}

/**
 * For a run whose `input_guard` is not finite: the error of each request, or undefined for the requests whose
 * guarded inputs are finite (a guard overflowed by huge finite values). A request's error is the one
 * validatePerceptionInput would throw for the first guarded input (ecg, cxr order) holding a NaN or ±Infinity, at
 * its first such index.
 *
 * @param inputs - the requests of the batch, already validated for shape
 * @param guarded - the inputs the session checked, in GUARDABLE_INPUTS order
 */
export function guardedInputErrors(
  inputs: readonly PerceptionInput[],
  guarded: readonly GuardableInput[],
): Array<ModelInputError | undefined> {
  return inputs.map((input) => {
    for (const key of guarded) {
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
  /** Guarded inputs whose probe passed, in GUARDABLE_INPUTS order. */
  confirmed: GuardableInput[];
  /** One line per guarded input left to the JavaScript scan, and why. */
  rejected: string[];
}

/**
 * Runs the guarded session on one clean row (zeros, all modalities present), then, for each guarded input on its
 * own, on a row with a NaN at its first position and on one with −Infinity at its last position; confirms the
 * inputs whose planted rows make the guard non-finite, provided the clean row leaves it finite. 1 + 2G runs of one
 * row.
 *
 * @param session - the session on {@link addInputGuard}'s graph
 * @param spec - per-row input dimensions
 * @param guarded - the inputs the guard covers
 * @param toTensor - builds the onnxruntime tensor of a host tensor (the runtime's own converter)
 */
export async function probeInputGuard(
  session: GuardProbeSession,
  spec: PerceptionInputSpec,
  guarded: readonly GuardableInput[],
  toTensor: (tensor: HostTensor) => ort.Tensor,
): Promise<InputGuardProbe> {
  const guardFinite = async (target?: GuardableInput, plant?: (data: Float32Array) => void): Promise<boolean> => {
    const feeds: Record<string, ort.Tensor> = {};
    for (const key of [...GUARDABLE_INPUTS, 'modalityMask'] as const) {
      const dims = [1, ...spec[key]];
      const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
      if (key === 'modalityMask') data.fill(1);
      else if (key === target && plant) plant(data);
      feeds[PERCEPTION_INPUT_NAMES[key]] = toTensor({ shape: dims, data });
    }
    const value = (await session.run(feeds, [INPUT_GUARD_OUTPUT]))[INPUT_GUARD_OUTPUT]?.data;
    // A missing or malformed guard counts as "finite": it would never fire, so nothing may rely on it.
    return !(value instanceof Float32Array) || value.length !== 1 || Number.isFinite(value[0] as number);
  };
  const clean = await guardFinite();
  if (!clean) {
    return { confirmed: [], rejected: guarded.map((key) => `${key}: the guard is not finite on a clean input`) };
  }
  const confirmed: GuardableInput[] = [];
  const rejected: string[] = [];
  for (const key of guarded) {
    if (await guardFinite(key, (data) => (data[0] = Number.NaN))) {
      rejected.push(`${key}: the guard stayed finite with a NaN at index 0`);
    } else if (await guardFinite(key, (data) => (data[data.length - 1] = Number.NEGATIVE_INFINITY))) {
      rejected.push(`${key}: the guard stayed finite with -Infinity at the last index`);
    } else {
      confirmed.push(key);
    }
  }
  return { confirmed, rejected };
}

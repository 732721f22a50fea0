/**
 * Where a perception graph can check one of its own inputs for NaN and ±Infinity without an extra pass over it.
 *
 * A tap is a tensor that the graph computes anyway, downstream of an input, such that a NaN or ±Infinity anywhere in
 * the input makes some element of the tap NaN or ±Infinity. Summing the tap (a few thousand values instead of the
 * input's 150,528 for a 224² CXR) then tells whether the input was finite. The tap is found by walking from the input
 * through a chain of nodes that each pass non-finite values on, by IEEE 754 arithmetic, from every element of their
 * data operand to at least one element of their output:
 *
 * - data movement: Identity, Reshape, Flatten, Squeeze, Unsqueeze, Transpose, Expand, Concat (every element is
 *   copied at least once);
 * - ReduceSum and ReduceMean (every element is in some sum; NaN + x = NaN, ±Inf + finite = ±Inf, +Inf + −Inf = NaN);
 * - Add, Sub, Mul with either operand, Div by anything (x ∘ y is non-finite when x is, whatever y is: Inf · 0 = NaN,
 *   Inf − Inf = NaN, Inf / Inf = NaN);
 * - MatMul and Gemm with the tensor as the left operand, BatchNormalization (sums of such products, plus a bias);
 * - Conv and AveragePool whose windows cover every input position (see {@link windowsCoverEveryPosition}).
 *
 * Anything else ends the walk: Relu, MaxPool and Clip can turn NaN into a finite value, Slice and Where drop elements,
 * Cast changes the type. The walk takes the farthest tensor of the chain, which is usually the output of the first
 * linear layer (the patch embedding of the CXR encoder, the ECG stem convolution, the first lab Linear).
 *
 * The rules are about the arithmetic; {@link probeInputGuard} (perception-input-guard.ts) checks at load that the
 * execution provider actually does it.
 */
import { onnx } from 'onnx-proto';

/** A tensor that turns non-finite whenever `input` holds a NaN or ±Infinity. */
export interface GuardTap {
  /** Graph input name. */
  input: string;
  /** Name of the tap tensor. */
  tensor: string;
  /** Op types walked from the input to the tap, in order. */
  path: string[];
  /** The nodes walked, in order (the tap is the last one's first output). */
  nodes: onnx.INodeProto[];
}

type Rule = (node: onnx.INodeProto, position: number, graph: onnx.IGraphProto) => boolean;

const first: Rule = (_node, position) => position === 0;
const any: Rule = () => true;
const coveringWindows: Rule = (node, position, graph) => position === 0 && windowsCoverEveryPosition(node, graph);

/** Op types (default ONNX domain) that pass non-finite values on, and at which input positions. */
const PRESERVING: Readonly<Record<string, Rule>> = {
  Identity: first,
  Reshape: first,
  Flatten: first,
  Squeeze: first,
  Unsqueeze: first,
  Transpose: first,
  Expand: first,
  Concat: any,
  ReduceSum: first,
  ReduceMean: first,
  Add: any,
  Sub: any,
  Mul: any,
  Div: first,
  MatMul: first,
  Gemm: first,
  BatchNormalization: first,
  Conv: coveringWindows,
  AveragePool: coveringWindows,
};

function attribute(node: onnx.INodeProto, name: string): onnx.IAttributeProto | undefined {
  return node.attribute?.find((a) => a.name === name);
}

function intsAttribute(node: onnx.INodeProto, name: string): number[] | undefined {
  const found = attribute(node, name);
  return found?.ints ? found.ints.map((v) => Number(v)) : undefined;
}

function stringAttribute(node: onnx.INodeProto, name: string): string | undefined {
  const found = attribute(node, name);
  return found?.s ? new TextDecoder().decode(found.s) : undefined;
}

/** Spatial kernel of a Conv or AveragePool: the attribute, else a Conv weight initializer's dims after [M, C/g]. */
function kernelShape(node: onnx.INodeProto, graph: onnx.IGraphProto): number[] | undefined {
  const declared = intsAttribute(node, 'kernel_shape');
  if (declared) return declared;
  if (node.opType !== 'Conv') return undefined;
  const weight = graph.initializer?.find((t) => t.name === node.input?.[1]);
  return weight?.dims && weight.dims.length > 2 ? weight.dims.slice(2).map((d) => Number(d)) : undefined;
}

/**
 * Whether every input position of a Conv or AveragePool lies in at least one window, whatever the input length L.
 *
 * Per spatial axis, with kernel K, stride s, dilation 1 and explicit padding (begin b, end e): windows start at
 * −b, −b + s, …, so with s ≤ K they touch or overlap and cover [−b, (O−1)s − b + K − 1], where the output length
 * O = ⌊(L + b + e − K)/s⌋ + 1 gives (O−1)s ≥ L + b + e − K − (s − 1). The last covered position is then at least
 * L + e − s, which reaches L − 1 when e ≥ s − 1. ceil_mode only adds windows. `auto_pad` SAME_* and dilations other
 * than 1 are not proven (the walk stops there).
 */
export function windowsCoverEveryPosition(node: onnx.INodeProto, graph: onnx.IGraphProto): boolean {
  const kernel = kernelShape(node, graph);
  if (!kernel || kernel.length === 0) return false;
  const autoPad = stringAttribute(node, 'auto_pad') ?? 'NOTSET';
  if (autoPad !== 'NOTSET' && autoPad !== 'VALID') return false;
  const axes = kernel.length;
  const strides = intsAttribute(node, 'strides') ?? new Array<number>(axes).fill(1);
  const dilations = intsAttribute(node, 'dilations') ?? new Array<number>(axes).fill(1);
  const pads = autoPad === 'VALID' ? undefined : intsAttribute(node, 'pads');
  const padsOrZero = pads ?? new Array<number>(2 * axes).fill(0);
  if (strides.length !== axes || dilations.length !== axes || padsOrZero.length !== 2 * axes) return false;
  for (let i = 0; i < axes; i++) {
    const k = kernel[i] as number;
    const s = strides[i] as number;
    const begin = padsOrZero[i] as number;
    const end = padsOrZero[axes + i] as number;
    if (dilations[i] !== 1 || s < 1 || s > k || begin < 0 || end < s - 1) return false;
  }
  return true;
}

/** Node → the positions at which it reads each tensor, for the nodes of the default domain. */
function consumersOf(graph: onnx.IGraphProto): Map<string, Array<{ node: onnx.INodeProto; position: number }>> {
  const consumers = new Map<string, Array<{ node: onnx.INodeProto; position: number }>>();
  for (const node of graph.node ?? []) {
    if (node.domain && node.domain !== 'ai.onnx') continue;
    (node.input ?? []).forEach((name, position) => {
      if (!name) return;
      const list = consumers.get(name) ?? [];
      list.push({ node, position });
      consumers.set(name, list);
    });
  }
  return consumers;
}

/**
 * The farthest tensor downstream of `input` along a chain of non-finite-preserving nodes (see the file comment), or
 * undefined when the input's first consumers already break the chain (the input must then be scanned as it is).
 *
 * @param graph - the perception graph
 * @param input - a graph input name
 */
export function findGuardTap(graph: onnx.IGraphProto, input: string): GuardTap | undefined {
  const consumers = consumersOf(graph);
  let tensor = input;
  const nodes: onnx.INodeProto[] = [];
  const seen = new Set<string>([input]);
  for (;;) {
    const next = (consumers.get(tensor) ?? []).find(({ node, position }) => {
      const rule = PRESERVING[node.opType ?? ''];
      const output = node.output?.[0];
      return rule !== undefined && output !== undefined && output !== '' && rule(node, position, graph);
    });
    const output = next?.node.output?.[0];
    // A well-formed graph is acyclic; `seen` only keeps a malformed one from looping here.
    if (!next || output === undefined || seen.has(output)) break;
    seen.add(output);
    nodes.push(next.node);
    tensor = output;
  }
  return nodes.length === 0 ? undefined : { input, tensor, path: nodes.map((n) => n.opType as string), nodes };
}

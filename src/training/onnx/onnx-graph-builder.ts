/**
 * Builds one ONNX model (opset 20, IR version 9) node by node and serialises it with onnx-proto.
 *
 * Why these versions: `Gelu` exists from opset 20; from opset 18 the Reduce* ops take their axes as an int64 input,
 * not an attribute; IR 9 is what opset 20 requires. onnxruntime-node 1.30 runs all of it.
 *
 * Values are named strings. Inputs and outputs carry shapes whose symbolic dimensions (the batch `B`) are strings.
 */
import { onnx } from 'onnx-proto';
import type { HostTensor } from '../engine/host-tensor';
import { type OnnxAttributes, toAttributeProto } from './onnx-attribute';
import { floatTensorProto, int64TensorProto } from './onnx-tensor';

/** The operator set every graph is written for. */
export const ONNX_OPSET = 20;
/** The IR version that goes with opset 20. */
export const ONNX_IR_VERSION = 9;

/** A dimension of a graph input or output: fixed, or symbolic (`'B'`). */
export type OnnxDim = number | string;

/** Geometry of a 1-D `Conv` or pooling node. */
export interface OnnxWindow1d {
  kernel: number;
  stride: number;
  padBefore: number;
  padAfter: number;
}

export class OnnxGraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers = new Map<string, onnx.ITensorProto>();
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly int64Cache = new Map<string, string>();
  private counter = 0;

  /**
   * @param graphName - The graph's name inside the model (`perception`, `ecg_encoder`).
   * @param docString - What the graph computes, stored in the model for readers such as Netron.
   */
  constructor(
    private readonly graphName: string,
    private readonly docString = '',
  ) {}

  /** Declares a float32 graph input and returns its name. */
  input(name: string, dims: readonly OnnxDim[]): string {
    this.inputs.push(valueInfo(name, dims));
    return name;
  }

  /** Makes `value` a float32 graph output called `name` (through an Identity node when the names differ). */
  output(name: string, value: string, dims: readonly OnnxDim[]): void {
    if (value !== name)
      this.nodes.push({ opType: 'Identity', input: [value], output: [name], name: `${name}_identity` });
    this.outputs.push(valueInfo(name, dims));
  }

  /** Adds a float32 initializer once (later calls with the same name reuse it) and returns its name. */
  initializer(name: string, tensor: HostTensor): string {
    if (!this.initializers.has(name)) this.initializers.set(name, floatTensorProto(name, tensor));
    return name;
  }

  /** True when an initializer of that name has been added. */
  hasInitializer(name: string): boolean {
    return this.initializers.has(name);
  }

  /** A float32 constant initializer with a fresh name. */
  floatConstant(values: readonly number[], shape: readonly number[]): string {
    const name = this.freshName('const');
    this.initializers.set(name, floatTensorProto(name, { shape: [...shape], data: Float32Array.from(values) }));
    return name;
  }

  /** A 1-D int64 constant (axes, shapes, bounds); identical values share one initializer. */
  int64Constant(values: readonly number[]): string {
    const key = values.join(',');
    const cached = this.int64Cache.get(key);
    if (cached !== undefined) return cached;
    const name = this.freshName('i64');
    this.initializers.set(name, int64TensorProto(name, values, [values.length]));
    this.int64Cache.set(key, name);
    return name;
  }

  /** Appends a node and returns its output names (one per `outputCount`). */
  node(opType: string, inputs: readonly string[], attributes: OnnxAttributes = {}, outputCount = 1): string[] {
    const name = this.freshName(opType.toLowerCase());
    const output = Array.from({ length: outputCount }, (_, i) => (outputCount === 1 ? name : `${name}_${i}`));
    const attribute = Object.entries(attributes).map(([key, value]) => toAttributeProto(key, value));
    this.nodes.push({ opType, input: [...inputs], output, name, attribute });
    return output;
  }

  /** Appends a single-output node and returns its output name. */
  op(opType: string, inputs: readonly string[], attributes: OnnxAttributes = {}): string {
    const [out] = this.node(opType, inputs, attributes, 1);
    if (out === undefined) throw new Error(`ONNX ${opType}: no output name`);
    return out;
  }

  /** Exact GELU (`approximate = "none"`), the ONNX default, spelled out. */
  gelu(x: string): string {
    return this.op('Gelu', [x], { approximate: { string: 'none' } });
  }

  /** A Reduce* node with its axes as an input (opset ≥ 18). */
  reduce(
    opType: 'ReduceMean' | 'ReduceSum' | 'ReduceMax',
    x: string,
    axes: readonly number[],
    keepDims: boolean,
  ): string {
    return this.op(opType, [x, this.int64Constant(axes)], { keepdims: { int: keepDims ? 1 : 0 } });
  }

  reshape(x: string, shape: readonly number[]): string {
    return this.op('Reshape', [x, this.int64Constant(shape)]);
  }

  /** Slice with explicit bounds per listed axis, step 1. */
  slice(x: string, axes: readonly number[], starts: readonly number[], ends: readonly number[]): string {
    return this.op('Slice', [x, this.int64Constant(starts), this.int64Constant(ends), this.int64Constant(axes)]);
  }

  /** Zero padding of the listed axes (`Pad` mode constant; pads are all begins, then all ends). */
  pad(x: string, axes: readonly number[], before: readonly number[], after: readonly number[]): string {
    return this.op('Pad', [x, this.int64Constant([...before, ...after]), '', this.int64Constant(axes)], {
      mode: { string: 'constant' },
    });
  }

  unsqueeze(x: string, axes: readonly number[]): string {
    return this.op('Unsqueeze', [x, this.int64Constant(axes)]);
  }

  squeeze(x: string, axes: readonly number[]): string {
    return this.op('Squeeze', [x, this.int64Constant(axes)]);
  }

  /** `Gather` along one axis with constant int64 indices. */
  gather(x: string, indices: readonly number[], axis: number): string {
    return this.op('Gather', [x, this.int64Constant(indices)], { axis: { int: axis } });
  }

  /** 1-D `Conv` over `[B, Cin, T]` with weight `[Cout, Cin, K]`; pads are [begin, end]. */
  conv1d(x: string, weight: string, bias: string | undefined, window: OnnxWindow1d): string {
    return this.op('Conv', bias === undefined ? [x, weight] : [x, weight, bias], {
      kernel_shape: { ints: [window.kernel] },
      strides: { ints: [window.stride] },
      pads: { ints: [window.padBefore, window.padAfter] },
      dilations: { ints: [1] },
      group: { int: 1 },
    });
  }

  /** 1-D `MaxPool` over `[B, C, T]` (padding never wins, as ONNX specifies). */
  maxPool1d(x: string, window: OnnxWindow1d): string {
    return this.op('MaxPool', [x], {
      kernel_shape: { ints: [window.kernel] },
      strides: { ints: [window.stride] },
      pads: { ints: [window.padBefore, window.padAfter] },
    });
  }

  /** The model as a protobuf message. */
  toModel(): onnx.ModelProto {
    return onnx.ModelProto.create({
      irVersion: ONNX_IR_VERSION,
      opsetImport: [{ domain: '', version: ONNX_OPSET }],
      producerName: 'medtvt-fhir',
      producerVersion: '0.1.0',
      docString: this.docString,
      graph: {
        name: this.graphName,
        node: this.nodes,
        initializer: [...this.initializers.values()],
        input: this.inputs,
        output: this.outputs,
      },
    });
  }

  /** The serialised model, ready for onnxruntime or a file. */
  toBytes(): Uint8Array {
    return onnx.ModelProto.encode(this.toModel()).finish();
  }

  private freshName(prefix: string): string {
    this.counter += 1;
    return `${prefix}_${this.counter}`;
  }
}

function valueInfo(name: string, dims: readonly OnnxDim[]): onnx.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim } } } };
}

/**
 * `TensorOps` that emit ONNX nodes: running a model function with these ops writes its graph. Values are node output
 * names. Parameters become initializers the first time a layer asks for them, so a graph holds exactly the weights it
 * uses (the ECG encoder graph carries no CXR weights).
 */
import type { HostTensor } from '../engine/host-tensor';
import { TrainingError } from '../engine/training-error';
import type { Conv1dOptions, Pool1dOptions, TensorOps } from '../model/tensor-ops';
import type { OnnxGraphBuilder } from './onnx-graph-builder';

export class OnnxTensorOps implements TensorOps<string> {
  /**
   * @param graph - Where nodes and initializers go.
   * @param params - The model's parameters at rest, by dotted name.
   */
  constructor(
    private readonly graph: OnnxGraphBuilder,
    private readonly params: Readonly<Record<string, HostTensor>>,
  ) {}

  param(name: string): string {
    const tensor = this.params[name];
    if (tensor === undefined) throw new TrainingError(`ONNX export: parameter ${name} is missing`);
    return this.graph.initializer(name, tensor);
  }

  constant(values: readonly number[], shape: readonly number[]): string {
    return this.graph.floatConstant(values, shape);
  }

  add(a: string, b: string): string {
    return this.graph.op('Add', [a, b]);
  }

  sub(a: string, b: string): string {
    return this.graph.op('Sub', [a, b]);
  }

  mul(a: string, b: string): string {
    return this.graph.op('Mul', [a, b]);
  }

  div(a: string, b: string): string {
    return this.graph.op('Div', [a, b]);
  }

  matmul(a: string, b: string): string {
    return this.graph.op('MatMul', [a, b]);
  }

  sigmoid(x: string): string {
    return this.graph.op('Sigmoid', [x]);
  }

  tanh(x: string): string {
    return this.graph.op('Tanh', [x]);
  }

  relu(x: string): string {
    return this.graph.op('Relu', [x]);
  }

  gelu(x: string): string {
    return this.graph.gelu(x);
  }

  sqrt(x: string): string {
    return this.graph.op('Sqrt', [x]);
  }

  softmax(x: string, axis: number): string {
    return this.graph.op('Softmax', [x], { axis: { int: axis } });
  }

  layerNorm(x: string, gamma: string, beta: string, epsilon: number): string {
    return this.graph.op('LayerNormalization', [x, gamma, beta], { axis: { int: -1 }, epsilon: { float: epsilon } });
  }

  reduceMean(x: string, axes: readonly number[], keepDims: boolean): string {
    return this.graph.reduce('ReduceMean', x, axes, keepDims);
  }

  reduceSum(x: string, axes: readonly number[], keepDims: boolean): string {
    return this.graph.reduce('ReduceSum', x, axes, keepDims);
  }

  reduceMax(x: string, axes: readonly number[], keepDims: boolean): string {
    return this.graph.reduce('ReduceMax', x, axes, keepDims);
  }

  reshape(x: string, shape: readonly number[]): string {
    return this.graph.reshape(x, shape);
  }

  transpose(x: string, perm: readonly number[]): string {
    return this.graph.op('Transpose', [x], { perm: { ints: perm } });
  }

  concat(xs: readonly string[], axis: number): string {
    return this.graph.op('Concat', xs, { axis: { int: axis } });
  }

  slice(x: string, axis: number, start: number, end: number): string {
    return this.graph.slice(x, [axis], [start], [end]);
  }

  pad(x: string, axis: number, before: number, after: number): string {
    return this.graph.pad(x, [axis], [before], [after]);
  }

  select(mask: string, a: string, b: string): string {
    const condition = this.graph.op('Greater', [mask, this.graph.floatConstant([0.5], [])]);
    return this.graph.op('Where', [condition, a, b]);
  }

  conv1d(x: string, weight: string, bias: string | undefined, options: Conv1dOptions): string {
    return this.graph.conv1d(x, weight, bias, options);
  }

  maxPool1d(x: string, options: Pool1dOptions): string {
    return this.graph.maxPool1d(x, options);
  }
}

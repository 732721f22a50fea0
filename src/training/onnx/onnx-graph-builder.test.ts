/** @jest-environment ./src/model/runtime/testing/onnxruntime-jest-environment.js */
import { onnx } from 'onnx-proto';
import type { HostTensor } from '../engine/host-tensor';
import { toAttributeProto } from './onnx-attribute';
import { OnnxGraphBuilder } from './onnx-graph-builder';
import { maxAbsDiff, runOnnx } from './testing/run-onnx';

/** Row-major tensor from a generator over the flat index. */
function tensor(shape: number[], at: (i: number) => number): HostTensor {
  const size = shape.reduce((n, d) => n * d, 1);
  return { shape, data: Float32Array.from({ length: size }, (_, i) => at(i)) };
}

// Expected values below were computed with numpy 1.x / scipy (float64, printed as float32) from the same input formulas,
// e.g. GELU as 0.5·h·(1 + scipy.special.erf(h/√2)), LayerNorm with the biased variance, Conv by explicit loops over
// np.pad(x, (1, 2)), MaxPool over np.pad(..., constant_values=-inf).
const SMALL = 1e-6;

describe('OnnxGraphBuilder', () => {
  it('writes an opset-20, IR-9 model whose symbolic batch runs at batch 1 and batch 3', async () => {
    const graph = new OnnxGraphBuilder('dense');
    const x = graph.input('x', ['B', 3]);
    const w = graph.initializer(
      'w',
      tensor([3, 2], (i) => i / 5 - 0.5),
    );
    const b = graph.initializer('b', { shape: [2], data: Float32Array.from([0.1, -0.2]) });
    graph.output('y', graph.gelu(graph.op('Add', [graph.op('MatMul', [x, w]), b])), ['B', 2]);
    const bytes = graph.toBytes();
    const input = tensor([3, 3], (i) => i / 4 - 1);

    const decoded = onnx.ModelProto.decode(bytes);
    const all = await runOnnx(bytes, { x: input });
    const first = await runOnnx(bytes, { x: { shape: [1, 3], data: input.data.slice(0, 3) } });

    expect(Number(decoded.irVersion)).toBe(9);
    expect(decoded.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 20]]);
    expect(decoded.graph?.input?.[0]?.type?.tensorType?.shape?.dim?.[0]?.dimParam).toBe('B');
    const expected = [
      0.3676094114780426, -0.09247266501188278, 0.1853734254837036, 0.0, 0.03974194824695587, 0.13252733647823334,
    ];
    expect(all.y?.shape).toEqual([3, 2]);
    expect(maxAbsDiff(all.y?.data ?? [], expected)).toBeLessThan(SMALL);
    expect(maxAbsDiff(first.y?.data ?? [], expected.slice(0, 2))).toBeLessThan(SMALL);
  });

  it('computes LayerNormalization, Reduce* with axes as an input, Softmax and the elementwise ops as numpy does', async () => {
    const graph = new OnnxGraphBuilder('elementwise');
    const v = graph.input('v', [2, 4]);
    const gamma = graph.initializer('gamma', { shape: [4], data: Float32Array.from([1, 0.5, -1, 2]) });
    const beta = graph.initializer('beta', { shape: [4], data: Float32Array.from([0, 0.1, 0.2, -0.3]) });
    graph.output(
      'ln',
      graph.op('LayerNormalization', [v, gamma, beta], { axis: { int: -1 }, epsilon: { float: 1e-5 } }),
      [2, 4],
    );
    graph.output('mean0', graph.reduce('ReduceMean', v, [0], false), [4]);
    graph.output('max1', graph.reduce('ReduceMax', v, [1], false), [2]);
    graph.output('sum1', graph.reduce('ReduceSum', v, [1], false), [2]);
    graph.output('softmax', graph.op('Softmax', [v], { axis: { int: -1 } }), [2, 4]);
    graph.output('sigmoid', graph.op('Sigmoid', [v]), [2, 4]);
    graph.output('tanh', graph.op('Tanh', [v]), [2, 4]);
    graph.output('relu', graph.op('Relu', [v]), [2, 4]);
    const one = graph.floatConstant([1], []);
    const three = graph.floatConstant([3], []);
    const root = graph.op('Sqrt', [graph.op('Add', [graph.op('Mul', [v, v]), one])]);
    graph.output('ratio', graph.op('Div', [root, graph.op('Sub', [v, three])]), [2, 4]);
    const input = tensor([2, 4], (i) => Math.sin(i + 1) * 1.5);

    const out = await runOnnx(graph.toBytes(), { v: input });

    const expected: Record<string, number[]> = {
      ln: [
        0.8301082849502563, 0.5655323266983032, 0.4123297333717346, -3.39768648147583, -1.3793177604675293,
        -0.1479414999485016, -0.5215408802032471, 2.007319927215576,
      ],
      mean0: [-0.08809000253677368, 0.47241145372390747, 0.5985799431800842, 0.17441684007644653],
      max1: [1.3639461994171143, 1.4840373992919922],
      sum1: [1.7026289701461792, 0.6120076179504395],
      softmax: [
        0.39249515533447266, 0.434529572725296, 0.13727658987045288, 0.03569869324564934, 0.029720455408096313,
        0.0823599100112915, 0.33552682399749756, 0.552392840385437,
      ],
      sigmoid: [
        0.7794057130813599, 0.7964003086090088, 0.5527232885360718, 0.24320204555988312, 0.19179534912109375,
        0.3967265784740448, 0.7281941771507263, 0.8151816129684448,
      ],
      tanh: [
        0.8516712784767151, 0.8773051500320435, 0.20857398211956024, -0.8127927184104919, -0.8933724164962769,
        -0.3961915671825409, 0.7554283142089844, 0.9022216796875,
      ],
      relu: [
        1.2622064352035522, 1.3639461994171143, 0.21168000996112823, 0, 0, 0, 0.9854798913002014, 1.4840373992919922,
      ],
      ratio: [
        -0.9266524910926819, -1.0337414741516113, -0.3665858805179596, -0.36584433913230896, -0.3947027921676636,
        -0.3171223998069763, -0.6969321370124817, -1.1804485321044922,
      ],
    };
    for (const [name, values] of Object.entries(expected)) {
      expect([name, maxAbsDiff(out[name]?.data ?? [], values) < 1e-5]).toEqual([name, true]);
    }
  });

  it('pads Conv and MaxPool as [begin, end] and strides them', async () => {
    const graph = new OnnxGraphBuilder('conv');
    const x = graph.input('x', ['B', 2, 7]);
    const w = graph.initializer(
      'w',
      tensor([3, 2, 3], (i) => (i % 5) / 4 - 0.5),
    );
    const b = graph.initializer('b', { shape: [3], data: Float32Array.from([0.1, 0, -0.1]) });
    graph.output('conv', graph.conv1d(x, w, b, { kernel: 3, stride: 2, padBefore: 1, padAfter: 2 }), ['B', 3, 4]);
    graph.output('pool', graph.maxPool1d(x, { kernel: 3, stride: 2, padBefore: 1, padAfter: 1 }), ['B', 2, 4]);
    const input = tensor([1, 2, 7], (i) => Math.sin(0.7 * i));

    const out = await runOnnx(graph.toBytes(), { x: input });

    expect(out.conv?.shape).toEqual([1, 3, 4]);
    expect(
      maxAbsDiff(
        out.conv?.data ?? [],
        [
          -0.07559298723936081, -0.9463742971420288, -0.18432040512561798, 0.8664844632148743, 0.8100973963737488,
          -0.4335390031337738, -0.682738721370697, 0.35544607043266296, 0.46772199869155884, 0.8893969655036926,
          -0.7671799063682556, -0.8249679803848267,
        ],
      ),
    ).toBeLessThan(SMALL);
    expect(
      maxAbsDiff(
        out.pool?.data ?? [],
        [
          0.6442176699638367, 0.9854497313499451, 0.8632093667984009, -0.35078322887420654, -0.6312666535377502,
          0.6569865942001343, 0.9881682395935059, 0.854598879814148,
        ],
      ),
    ).toBeLessThan(SMALL);
  });

  it('moves data with Transpose, Reshape, Slice, Pad, Gather, Concat, Unsqueeze, Squeeze and Where', async () => {
    const graph = new OnnxGraphBuilder('shapes');
    const a = graph.input('a', [2, 3, 4]);
    graph.output('flat', graph.reshape(graph.op('Transpose', [a], { perm: { ints: [0, 2, 1] } }), [-1, 12]), [2, 12]);
    graph.output('slice', graph.slice(a, [2], [1], [3]), [2, 3, 2]);
    graph.output('pad', graph.pad(a, [1], [1], [0]), [2, 4, 4]);
    graph.output('gather', graph.gather(a, [2, 0], 1), [2, 2, 4]);
    const column = graph.unsqueeze(graph.squeeze(graph.slice(a, [2], [0], [1]), [2]), [2]);
    graph.output('concat', graph.op('Concat', [column, column], { axis: { int: 2 } }), [2, 3, 2]);
    const positive = graph.op('Greater', [a, graph.floatConstant([11.5], [])]);
    graph.output('where', graph.op('Where', [positive, a, graph.floatConstant([-1], [])]), [2, 3, 4]);
    const input = tensor([2, 3, 4], (i) => i);

    const out = await runOnnx(graph.toBytes(), { a: input });

    // numpy: a.transpose(0,2,1).reshape(2,12), a[:,:,1:3], np.pad(a, ((0,0),(1,0),(0,0))), a[:,[2,0],:].
    expect(Array.from(out.flat?.data ?? [])).toEqual([
      0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11, 12, 16, 20, 13, 17, 21, 14, 18, 22, 15, 19, 23,
    ]);
    expect(Array.from(out.slice?.data ?? [])).toEqual([1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22]);
    expect(Array.from(out.pad?.data ?? [])).toEqual([
      0,
      0,
      0,
      0,
      ...Array.from({ length: 12 }, (_, i) => i),
      0,
      0,
      0,
      0,
      ...Array.from({ length: 12 }, (_, i) => 12 + i),
    ]);
    expect(Array.from(out.gather?.data ?? [])).toEqual([8, 9, 10, 11, 0, 1, 2, 3, 20, 21, 22, 23, 12, 13, 14, 15]);
    expect(Array.from(out.concat?.data ?? [])).toEqual([0, 0, 4, 4, 8, 8, 12, 12, 16, 16, 20, 20]);
    expect(Array.from(out.where?.data ?? [])).toEqual([
      ...Array.from({ length: 12 }, () => -1),
      ...Array.from({ length: 12 }, (_, i) => 12 + i),
    ]);
  });

  it('writes attributes with their exact ONNX types and refuses a fractional integer', () => {
    const Type = onnx.AttributeProto.AttributeType;

    const axis = toAttributeProto('axis', { int: -1 });
    const epsilon = toAttributeProto('epsilon', { float: 1e-5 });
    const pads = toAttributeProto('pads', { ints: [1, 2] });
    const mode = toAttributeProto('approximate', { string: 'none' });

    expect([axis.type, epsilon.type, pads.type, mode.type]).toEqual([Type.INT, Type.FLOAT, Type.INTS, Type.STRING]);
    expect(() => toAttributeProto('axis', { int: 0.5 })).toThrow('axis');
  });
});

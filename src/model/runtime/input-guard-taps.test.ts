import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';
import { findGuardTap, windowsCoverEveryPosition } from './input-guard-taps';

const INT = onnx.AttributeProto.AttributeType.INT;
const INTS = onnx.AttributeProto.AttributeType.INTS;
const STRING = onnx.AttributeProto.AttributeType.STRING;

function node(opType: string, input: string[], output: string, attribute: onnx.IAttributeProto[] = []) {
  return { opType, input, output: [output], name: output, attribute };
}

function ints(name: string, values: number[]): onnx.IAttributeProto {
  return { name, type: INTS, ints: values };
}

function graph(nodes: onnx.INodeProto[], initializer: onnx.ITensorProto[] = []): onnx.IGraphProto {
  return { node: nodes, initializer, input: [{ name: 'x' }], output: [] };
}

/** A Conv or AveragePool node on one spatial axis. */
function window1d(opType: 'Conv' | 'AveragePool', k: number, s: number, pads: [number, number], extra = {}) {
  return node(opType, ['x', 'w'], 'y', [
    ints('kernel_shape', [k]),
    ints('strides', [s]),
    ints('pads', pads),
    ...Object.entries(extra).map(([name, v]) =>
      typeof v === 'string' ? { name, type: STRING, s: new TextEncoder().encode(v) } : ints(name, v as number[]),
    ),
  ]);
}

/**
 * Brute force: the input positions 0 … L−1 that no window of (K, s, pad begin b, pad end e, dilation 1) reads, with
 * onnxruntime's output length ⌊(L + b + e − K)/s⌋ + 1.
 */
function uncovered(length: number, k: number, s: number, b: number, e: number): number[] {
  const outputs = Math.floor((length + b + e - k) / s) + 1;
  const read = new Array<boolean>(length).fill(false);
  for (let o = 0; o < outputs; o++) {
    for (let j = 0; j < k; j++) {
      const p = o * s - b + j;
      if (p >= 0 && p < length) read[p] = true;
    }
  }
  return read.flatMap((r, p) => (r ? [] : [p]));
}

describe('windowsCoverEveryPosition', () => {
  it('claims coverage only where every position of every length is read (brute force over K, s ≤ 6, pads ≤ 5, L ≤ 40)', () => {
    let claimed = 0;
    const failures: string[] = [];

    for (let k = 1; k <= 6; k++) {
      for (let s = 1; s <= 6; s++) {
        for (let b = 0; b <= 5; b++) {
          for (let e = 0; e <= 5; e++) {
            if (!windowsCoverEveryPosition(window1d('AveragePool', k, s, [b, e]), graph([]))) continue;
            claimed += 1;
            for (let length = Math.max(1, k - b - e); length <= 40; length++) {
              const gaps = uncovered(length, k, s, b, e);
              if (gaps.length > 0) failures.push(`K ${k} s ${s} pads ${b}/${e} L ${length}: ${gaps.join(',')}`);
            }
          }
        }
      }
    }

    expect(failures).toEqual([]);
    // The rule is a sufficient condition; it must still claim the common cases (s ≤ K with enough end padding).
    expect(claimed).toBeGreaterThan(300);
  });

  it.each([
    ['the ECG stem of the default preset (K 9, s 4, pads 4/4)', 9, 4, [4, 4], true],
    ['the ECG stem of the paper preset (K 5, s 2, pads 2/2)', 5, 2, [2, 2], true],
    ['a same-size convolution (K 5, s 1, pads 2/2)', 5, 1, [2, 2], true],
    ['windows that skip positions (K 3, s 4)', 3, 4, [1, 1], false],
    [
      'stride = kernel without end padding (K 8, s 8), which misses the tail when L is not a multiple of 8',
      8,
      8,
      [0, 0],
      false,
    ],
  ] as const)('on %s', (_name, k, s, pads, covers) => {
    expect(windowsCoverEveryPosition(window1d('Conv', k, s, [...pads]), graph([]))).toBe(covers);
  });

  it('finds a real gap where it refuses: K 8, s 8, no padding, L 230 leaves positions 224–229 unread', () => {
    expect(uncovered(230, 8, 8, 0, 0)).toEqual([224, 225, 226, 227, 228, 229]);
  });

  it('refuses dilations other than 1 and auto_pad SAME_*, and treats VALID as no padding', () => {
    const g = graph([]);

    expect(windowsCoverEveryPosition(window1d('Conv', 3, 1, [1, 1], { dilations: [2] }), g)).toBe(false);
    expect(windowsCoverEveryPosition(window1d('Conv', 3, 1, [1, 1], { auto_pad: 'SAME_UPPER' }), g)).toBe(false);
    expect(windowsCoverEveryPosition(window1d('Conv', 3, 1, [0, 0], { auto_pad: 'VALID' }), g)).toBe(true);
    expect(windowsCoverEveryPosition(window1d('Conv', 3, 2, [0, 0], { auto_pad: 'VALID' }), g)).toBe(false);
  });

  it('takes a Conv kernel from its weight initializer when kernel_shape is absent, and checks every axis', () => {
    const weight: onnx.ITensorProto = { name: 'w', dims: [8, 3, 3, 5], dataType: onnx.TensorProto.DataType.FLOAT };
    const conv = (strides: number[]) =>
      node('Conv', ['x', 'w'], 'y', [ints('strides', strides), ints('pads', [1, 2, 1, 2])]);

    expect(windowsCoverEveryPosition(conv([2, 3]), graph([], [weight]))).toBe(true);
    // Height: K 3, s 3 needs an end pad of 2; it has 1.
    expect(windowsCoverEveryPosition(conv([3, 1]), graph([], [weight]))).toBe(false);
    expect(windowsCoverEveryPosition(conv([1, 1]), graph([]))).toBe(false);
  });
});

describe('findGuardTap', () => {
  const shape: onnx.ITensorProto = { name: 'shape', dims: [2], dataType: onnx.TensorProto.DataType.INT64 };

  it('walks data movement, reductions and a linear layer to the last tensor before the activation', () => {
    const g = graph([
      node('Reshape', ['x', 'shape'], 'flat'),
      node('ReduceMean', ['flat', 'axes'], 'pooled', [{ name: 'keepdims', type: INT, i: 0 }]),
      node('Transpose', ['pooled'], 'moved', [ints('perm', [0, 1])]),
      node('MatMul', ['moved', 'weight'], 'mm'),
      node('Add', ['bias', 'mm'], 'pre'),
      node('Relu', ['pre'], 'act'),
      node('MatMul', ['act', 'weight2'], 'mm2'),
    ]);

    const tap = findGuardTap(g, 'x');

    expect(tap && [tap.tensor, tap.path]).toEqual(['pre', ['Reshape', 'ReduceMean', 'Transpose', 'MatMul', 'Add']]);
  });

  it.each(['Relu', 'MaxPool', 'Slice', 'Where', 'Cast', 'Clip', 'ReduceMax', 'Softmax'])(
    'has no tap when the input goes straight into %s, which can drop or hide a NaN',
    (opType) => {
      expect(findGuardTap(graph([node(opType, ['x'], 'y'), node('Add', ['y', 'b'], 'z')]), 'x')).toBeUndefined();
    },
  );

  it('follows a Div by its numerator but not by its denominator (1 / Infinity = 0)', () => {
    expect(findGuardTap(graph([node('Div', ['x', 'd'], 'q')]), 'x')?.tensor).toBe('q');
    expect(findGuardTap(graph([node('Div', ['n', 'x'], 'q')]), 'x')).toBeUndefined();
  });

  it('follows a MatMul by its left operand only', () => {
    expect(findGuardTap(graph([node('MatMul', ['x', 'w'], 'y')]), 'x')?.tensor).toBe('y');
    expect(findGuardTap(graph([node('MatMul', ['w', 'x'], 'y')]), 'x')).toBeUndefined();
  });

  it('takes the first consumer that preserves non-finite values when the input has several', () => {
    const g = graph(
      [node('Relu', ['x'], 'r'), node('Reshape', ['x', 'shape'], 'flat'), node('Relu', ['flat'], 's')],
      [shape],
    );

    expect(findGuardTap(g, 'x')).toMatchObject({ tensor: 'flat', path: ['Reshape'] });
  });

  it('does not follow nodes of other domains, or a Reshape of something else by the input as its shape', () => {
    const fused = { ...node('FusedMatMul', ['x', 'w'], 'y'), domain: 'com.microsoft' };
    const renamed = { ...node('Add', ['x', 'b'], 'y'), domain: 'com.example' };

    expect(findGuardTap(graph([fused]), 'x')).toBeUndefined();
    expect(findGuardTap(graph([renamed]), 'x')).toBeUndefined();
    expect(findGuardTap(graph([node('Reshape', ['data', 'x'], 'y')]), 'x')).toBeUndefined();
  });

  it('stops at a Conv whose windows do not cover every position', () => {
    const skipping = node('Conv', ['x', 'w'], 'y', [ints('kernel_shape', [3]), ints('strides', [4])]);

    expect(findGuardTap(graph([skipping]), 'x')).toBeUndefined();
  });

  it('finds the first linear layer of each input of the default model package', () => {
    const bytes = readFileSync(join(__dirname, '..', '..', '..', 'models', 'default', 'perception.onnx'));
    const g = onnx.ModelProto.decode(bytes).graph as onnx.IGraphProto;

    const paths = Object.fromEntries(['ecg', 'cxr', 'labs'].map((input) => [input, findGuardTap(g, input)?.path]));

    expect(paths).toEqual({
      // The stem convolution (kernel 9, stride 4, pads 4/4), before its ReLU.
      ecg: ['Conv'],
      // 2×2 average pooling, 16² patches, the patch embedding and its bias, before the CLS padding.
      cxr: ['Reshape', 'ReduceMean', 'Reshape', 'Transpose', 'Reshape', 'MatMul', 'Add'],
      // The first Linear, before its GELU.
      labs: ['MatMul', 'Add'],
    });
  });
});

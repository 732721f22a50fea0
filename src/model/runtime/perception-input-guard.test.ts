/** @jest-environment ./src/model/runtime/testing/onnxruntime-jest-environment.js */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { isModelInputError, type ModelInputError } from '../../shared';
import { buildTinyPerceptionGraph } from '../package/testing/tiny-perception-graph';
import type { HostTensor, PerceptionInput } from '../perception-model';
import { findGuardTap } from './input-guard-taps';
import { OnnxPerceptionModel } from './onnx-perception-model';
import { addInputGuard, INPUT_GUARD_OUTPUT, probeInputGuard, type GuardProbeSession } from './perception-input-guard';
import { lcgValues } from './testing/lcg-values';
import { validatePerceptionInput, type GuardableInput } from './validate-perception-input';

const DEFAULT_PACKAGE = join(__dirname, '..', '..', '..', 'models', 'default');
const GRAPH_FILE = join(DEFAULT_PACKAGE, 'perception.onnx');
const SPEC = { ecg: [12, 1000], cxr: [3, 224, 224], labs: [100], modalityMask: [3] };
const KEYS = ['ecg', 'cxr', 'labs'] as const;

let fileBytes: Buffer;
let model: OnnxPerceptionModel;
/** The reference: the packaged graph file as it is, without the guard. */
let bare: ort.InferenceSession;

function input(rows: number, seed: number): PerceptionInput {
  const t = (dims: number[], s: number): HostTensor => ({
    shape: [rows, ...dims],
    data: lcgValues(rows * dims.reduce((a, b) => a * b, 1), s),
  });
  return {
    ecg: t(SPEC.ecg, seed),
    cxr: t(SPEC.cxr, seed + 1),
    labs: t(SPEC.labs, seed + 2),
    modalityMask: { shape: [rows, 3], data: new Float32Array(rows * 3).fill(1) },
  };
}

function feeds(i: PerceptionInput): Record<string, ort.Tensor> {
  const t = (h: HostTensor) => new ort.Tensor('float32', h.data, h.shape);
  return { ecg: t(i.ecg), cxr: t(i.cxr), labs: t(i.labs), modality_mask: t(i.modalityMask) };
}

/** The requests' rows joined along the batch axis. */
function joinRows(inputs: PerceptionInput[]): PerceptionInput {
  const cat = (key: keyof PerceptionInput): HostTensor => {
    const parts = inputs.map((i) => i[key]);
    const data = new Float32Array(parts.reduce((n, t) => n + t.data.length, 0));
    parts.reduce((offset, t) => (data.set(t.data, offset), offset + t.data.length), 0);
    return {
      shape: [parts.reduce((n, t) => n + (t.shape[0] as number), 0), ...(parts[0]?.shape.slice(1) ?? [])],
      data,
    };
  };
  return { ecg: cat('ecg'), cxr: cat('cxr'), labs: cat('labs'), modalityMask: cat('modalityMask') };
}

/** Row `row` of a batch output, as a plain array. */
function rowOf(value: ort.OnnxValue | undefined, row: number): number[] {
  const data = value?.data as Float32Array;
  const size = data.length / (value?.dims[0] as number);
  return Array.from(data.subarray(row * size, (row + 1) * size));
}

function maxAbsDiff(actual: Float32Array, expected: unknown): number {
  if (!(expected instanceof Float32Array) || expected.length !== actual.length) return Number.POSITIVE_INFINITY;
  return actual.reduce((max, v, i) => Math.max(max, Math.abs(v - (expected[i] as number))), 0);
}

/** What the JavaScript check (validatePerceptionInput scanning every input) throws for `i`. */
function jsError(i: PerceptionInput): ModelInputError {
  try {
    validatePerceptionInput(i, SPEC);
  } catch (error) {
    if (isModelInputError(error)) return error;
    throw error;
  }
  throw new Error('the JavaScript check accepted the input');
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

/** float32 values of an initializer stored as little-endian raw_data. */
function initializerValues(graph: onnx.IGraphProto, name: string): Float32Array {
  const raw = graph.initializer?.find((t) => t.name === name)?.rawData;
  if (!raw) throw new Error(`no raw initializer ${name}`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return Float32Array.from({ length: raw.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true));
}

/**
 * Σ over every element of the default ECG stem convolution (12 → 32 channels, kernel 9, stride 4, pads 4/4, 1000 →
 * 250 samples) for `rows` ECGs, and Σ of the magnitudes of the products, in float64.
 */
function ecgStemSum(graph: onnx.IGraphProto, ecg: Float32Array, rows: number): { sum: number; abs: number } {
  const w = initializerValues(graph, 'ecg_encoder.stem.0.weight');
  const b = initializerValues(graph, 'ecg_encoder.stem.0.bias');
  let sum = 0;
  let abs = 0;
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < 32; o++) {
      for (let t = 0; t < 250; t++) {
        let v = b[o] as number;
        for (let c = 0; c < 12; c++) {
          for (let k = 0; k < 9; k++) {
            const p = 4 * t + k - 4;
            if (p < 0 || p >= 1000) continue;
            const term = (w[(o * 12 + c) * 9 + k] as number) * (ecg[r * 12_000 + c * 1000 + p] as number);
            v += term;
            abs += Math.abs(term);
          }
        }
        sum += v;
      }
    }
  }
  return { sum, abs };
}

/**
 * Σ over every element of the default CXR patch embedding with its bias (2×2 average pooling to 112², 49 patches of
 * 16², each flattened channel, row, column, times a [768, 64] weight) for `rows` images, in float64.
 */
function patchEmbeddingSum(graph: onnx.IGraphProto, cxr: Float32Array, rows: number): { sum: number; abs: number } {
  const w = initializerValues(graph, 'cxr_encoder.patch_embed.weight');
  const b = initializerValues(graph, 'cxr_encoder.patch_embed.bias');
  const dim = b.length;
  let sum = 0;
  let abs = 0;
  for (let r = 0; r < rows; r++) {
    const pixel = (c: number, y: number, x: number) => cxr[r * 150_528 + c * 50_176 + y * 224 + x] as number;
    for (let py = 0; py < 7; py++) {
      for (let px = 0; px < 7; px++) {
        const features: number[] = [];
        for (let c = 0; c < 3; c++) {
          for (let i = 0; i < 16; i++) {
            for (let j = 0; j < 16; j++) {
              const y = 2 * (py * 16 + i);
              const x = 2 * (px * 16 + j);
              features.push((pixel(c, y, x) + pixel(c, y, x + 1) + pixel(c, y + 1, x) + pixel(c, y + 1, x + 1)) / 4);
            }
          }
        }
        for (let o = 0; o < dim; o++) {
          let v = b[o] as number;
          features.forEach((f, k) => {
            const term = f * (w[k * dim + o] as number);
            v += term;
            abs += Math.abs(term);
          });
          sum += v;
        }
      }
    }
  }
  return { sum, abs };
}

beforeAll(async () => {
  fileBytes = await readFile(GRAPH_FILE);
  model = await OnnxPerceptionModel.load(DEFAULT_PACKAGE);
  bare = await ort.InferenceSession.create(GRAPH_FILE);
});

afterAll(async () => {
  await model.close();
  await bare.release();
});

describe('addInputGuard on the default model package', () => {
  it('keeps every output of the packaged graph and adds input_guard, the sum of the ECG and CXR taps', async () => {
    const { bytes, guarded } = addInputGuard(fileBytes, SPEC);
    const patched = await ort.InferenceSession.create(bytes);
    const batch = input(2, 41);

    const got = await patched.run(feeds(batch));
    const want = await bare.run(feeds(batch));
    await patched.release();

    // The 100 lab values are below MIN_GUARDED_VALUES: JavaScript scans them.
    expect(guarded).toEqual(['ecg', 'cxr']);
    expect(Object.keys(got).sort()).toEqual([...Object.keys(want), INPUT_GUARD_OUTPUT].sort());
    for (const name of Object.keys(want)) {
      expect(maxAbsDiff(got[name]?.data as Float32Array, want[name]?.data)).toBeLessThanOrEqual(1e-6);
    }
    const guard = got[INPUT_GUARD_OUTPUT];
    expect(guard?.dims).toEqual([]);
    // The same sum computed here in float64 without onnxruntime, from the graph's initializers.
    const graph = onnx.ModelProto.decode(fileBytes).graph as onnx.IGraphProto;
    const ecg = ecgStemSum(graph, batch.ecg.data, 2);
    const cxr = patchEmbeddingSum(graph, batch.cxr.data, 2);
    expect(Math.abs((guard?.data[0] as number) - (ecg.sum + cxr.sum))).toBeLessThan(1e-5 * (ecg.abs + cxr.abs));
  });

  it('loads without changing the package file, whose SHA-256 the manifest pins', async () => {
    const manifest = JSON.parse(await readFile(join(DEFAULT_PACKAGE, 'manifest.json'), 'utf8')) as {
      files: Record<string, string>;
    };

    const loaded = await OnnxPerceptionModel.load(DEFAULT_PACKAGE);
    await loaded.close();

    expect(
      createHash('sha256')
        .update(await readFile(GRAPH_FILE))
        .digest('hex'),
    ).toBe(manifest.files['perception.onnx']);
  });

  // Every position of the ECG and the labs, and a sample of the CXR's, each in a row of its own, through the walked
  // part of the graph only (input → tap), reduced per row: each row's sum must be non-finite. The values cycle
  // through NaN, +Infinity and −Infinity with the position.
  it.each<[GuardableInput, (size: number) => number[], number]>([
    ['ecg', (size) => Array.from({ length: size }, (_, p) => p), 500],
    [
      'cxr',
      (size) => [
        ...Array.from({ length: 64 }, (_, p) => p),
        ...Array.from({ length: Math.floor(size / 149) }, (_, k) => 64 + k * 149),
        ...Array.from({ length: 64 }, (_, p) => size - 64 + p),
      ],
      120,
    ],
    ['labs', (size) => Array.from({ length: size }, (_, p) => p), 100],
  ])(
    'turns the %s tap non-finite for a NaN or an Infinity at each position tried',
    async (key, positionsOf, rowsPerRun) => {
      const graph = onnx.ModelProto.decode(fileBytes).graph as onnx.IGraphProto;
      const tap = findGuardTap(graph, key);
      if (!tap) throw new Error(`no tap for ${key}`);
      const session = await ort.InferenceSession.create(tapSubgraph(graph, key, tap.nodes, tap.tensor));
      const rowSize = SPEC[key].reduce((a, b) => a * b, 1);
      const positions = positionsOf(rowSize);
      const bad = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
      const missed: number[] = [];

      for (let start = 0; start < positions.length; start += rowsPerRun) {
        const chunk = positions.slice(start, start + rowsPerRun);
        // Finite values in [-1, 1) from a cheap pattern (lcgValues is slow for millions of values under jest).
        const data = new Float32Array(chunk.length * rowSize);
        for (let i = 0; i < data.length; i++) data[i] = ((i * 7919) % 2000) / 1000 - 1;
        chunk.forEach((p, r) => (data[r * rowSize + p] = bad[p % 3] as number));
        const out = await session.run({ [key]: new ort.Tensor('float32', data, [chunk.length, ...SPEC[key]]) });
        const perRow = out.per_row?.data as Float32Array;
        expect(perRow.length).toBe(chunk.length);
        chunk.forEach((p, r) => Number.isFinite(perRow[r] as number) && missed.push(p));
      }
      await session.release();

      expect(missed).toEqual([]);
      expect(positions.length).toBeGreaterThanOrEqual(key === 'cxr' ? 1000 : rowSize);
    },
  );
});

/** The nodes from `input` to the tap, with their initializers, and an output `per_row` = Σ of each row of the tap. */
function tapSubgraph(graph: onnx.IGraphProto, input: string, nodes: onnx.INodeProto[], tap: string): Uint8Array {
  const used = new Set(nodes.flatMap((n) => n.input ?? []));
  const axes: onnx.ITensorProto = {
    name: 'axes_1',
    dims: [1],
    dataType: onnx.TensorProto.DataType.INT64,
    int64Data: [1],
  };
  const model: onnx.IModelProto = {
    irVersion: 9,
    opsetImport: [{ domain: '', version: 20 }],
    graph: {
      name: 'tap',
      input: graph.input?.filter((v) => v.name === input),
      initializer: [...(graph.initializer ?? []).filter((t) => used.has(t.name ?? '')), axes],
      node: [
        ...nodes,
        { opType: 'Flatten', input: [tap], output: ['flat'], attribute: [{ name: 'axis', type: 2, i: 1 }] },
        {
          opType: 'ReduceSum',
          input: ['flat', 'axes_1'],
          output: ['per_row'],
          attribute: [{ name: 'keepdims', type: 2, i: 0 }],
        },
      ],
      output: [{ name: 'per_row', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'B' }] } } } }],
    },
  };
  return onnx.ModelProto.encode(model).finish();
}

describe('addInputGuard on graphs it cannot guard', () => {
  it('returns the bytes as given when no input has a tap (each input first goes through a Relu)', () => {
    const model = onnx.ModelProto.decode(buildTinyPerceptionGraph());
    const graph = model.graph as onnx.IGraphProto;
    for (const key of KEYS) {
      for (const n of graph.node ?? []) n.input = (n.input ?? []).map((name) => (name === key ? `${key}.relu` : name));
      graph.node?.unshift({ opType: 'Relu', name: `${key}.relu`, input: [key], output: [`${key}.relu`] });
    }
    const bytes = onnx.ModelProto.encode(model).finish();

    const result = addInputGuard(bytes, SPEC);

    expect(result.guarded).toEqual([]);
    expect(result.bytes).toBe(bytes);
  });

  it('returns the bytes as given when the graph already has a tensor named input_guard', () => {
    const model = onnx.ModelProto.decode(buildTinyPerceptionGraph());
    model.graph?.node?.push({ opType: 'Identity', name: 'mine', input: ['logits'], output: [INPUT_GUARD_OUTPUT] });
    const bytes = onnx.ModelProto.encode(model).finish();

    expect(addInputGuard(bytes, SPEC)).toEqual({ bytes, guarded: [], taps: [] });
  });

  it('returns bytes that are not an ONNX model as given, for onnxruntime to refuse with its own message', () => {
    const bytes = new TextEncoder().encode('not a model, just text');

    expect(addInputGuard(bytes, SPEC).bytes).toBe(bytes);
  });
});

describe('probeInputGuard', () => {
  const tensor = (t: HostTensor) => new ort.Tensor('float32', t.data, t.shape);

  it('confirms the ECG and the CXR of the default package on onnxruntime cpu', async () => {
    const { bytes, guarded } = addInputGuard(fileBytes, SPEC);
    const session = await ort.InferenceSession.create(bytes);

    const probe = await probeInputGuard(session, SPEC, guarded, tensor);
    await session.release();

    expect(probe).toEqual({ confirmed: ['ecg', 'cxr'], rejected: [] });
  });

  /** A session double whose scalar guard is `answer(the input holding a non-finite value, that value)`. */
  function fakeSession(answer: (planted: string | undefined, value: number | undefined) => number): GuardProbeSession {
    return {
      async run(inputs) {
        let planted: string | undefined;
        let value: number | undefined;
        for (const [name, tensor] of Object.entries(inputs)) {
          const bad = (tensor.data as Float32Array).find((v) => !Number.isFinite(v));
          if (bad !== undefined) [planted, value] = [name, bad];
        }
        return { [INPUT_GUARD_OUTPUT]: { data: Float32Array.of(answer(planted, value)) } };
      },
    };
  }

  it('rejects every input when the guard is not finite even on a clean input', async () => {
    const probe = await probeInputGuard(
      fakeSession(() => Number.NaN),
      SPEC,
      ['ecg', 'cxr'],
      tensor,
    );

    expect(probe).toEqual({
      confirmed: [],
      rejected: ['ecg: the guard is not finite on a clean input', 'cxr: the guard is not finite on a clean input'],
    });
  });

  it('rejects an input whose guard misses the NaN, and one whose guard misses the -Infinity at the end', async () => {
    // ecg never fires; cxr fires for NaN only; labs passes any non-finite value on.
    const session = fakeSession((planted, value) => {
      if (planted === 'cxr') return value !== undefined && Number.isNaN(value) ? value : 0;
      if (planted === 'labs') return value ?? 0;
      return 0;
    });

    const probe = await probeInputGuard(session, SPEC, KEYS, tensor);

    expect(probe).toEqual({
      confirmed: ['labs'],
      rejected: [
        'ecg: the guard stayed finite with a NaN at index 0',
        'cxr: the guard stayed finite with -Infinity at the last index',
      ],
    });
  });

  it('rejects every input when the session has no scalar input_guard output', async () => {
    const session: GuardProbeSession = { run: async () => ({ [INPUT_GUARD_OUTPUT]: { data: [Number.NaN] } }) };

    const probe = await probeInputGuard(session, SPEC, ['ecg'], tensor);

    expect(probe).toEqual({ confirmed: [], rejected: ['ecg: the guard stayed finite with a NaN at index 0'] });
  });
});

const BAD_VALUES: Array<[string, number]> = [
  ['NaN', Number.NaN],
  ['+Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
];
const POSITIONS: Array<[string, (size: number) => number]> = [
  ['first', () => 0],
  ['middle', (size) => Math.floor(size / 2)],
  ['last', (size) => size - 1],
];
const CASES = KEYS.flatMap((key) =>
  BAD_VALUES.flatMap(([valueName, value]) =>
    POSITIONS.map(([where, at]) => [key, valueName, where, value, at] as const),
  ),
);

describe('OnnxPerceptionModel.infer on the default package, with the input guard', () => {
  it('checks the ECG and the CXR in the session (the labs in JavaScript)', () => {
    expect(model.guardedInputs).toEqual(['ecg', 'cxr']);
  });

  it.each(CASES)(
    'rejects %s holding %s at its %s position at batch 1 with the message of the JavaScript check',
    async (key, _valueName, _where, value, at) => {
      const bad = input(1, 7);
      bad[key].data[at(bad[key].data.length)] = value;
      const expected = jsError(bad);

      const error: unknown = await rejection(model.infer(bad));

      expect(isModelInputError(error) && [error.modality, error.message]).toEqual([key, expected.message]);
    },
  );

  it.each((['ecg', 'cxr'] as const).flatMap((key) => BAD_VALUES.map(([name, value]) => [key, name, value] as const)))(
    'in a micro-batch of three, rejects only the request whose %s holds %s; the others get the bare outputs',
    async (key, _valueName, value) => {
      const inputs = [input(1, 100), input(1, 200), input(1, 300)];
      const bad = inputs[1] as PerceptionInput;
      bad[key].data[12_345 % bad[key].data.length] = value;
      const expected = jsError(bad);
      // The reference: the bare session on the same three rows joined, the bad one included, so that the good rows
      // must come back bit for bit as a bare run of that batch gives them.
      const want = await bare.run(feeds(joinRows(inputs)));

      // Submitted in the same tick, so the batcher runs the three together (batchRows below).
      const [first, middle, last] = await Promise.allSettled(inputs.map((i) => model.infer(i)));

      expect(middle?.status).toBe('rejected');
      const error = (middle as PromiseRejectedResult).reason as unknown;
      expect(isModelInputError(error) && error.message).toBe(expected.message);
      for (const [result, row] of [
        [first, 0],
        [last, 2],
      ] as const) {
        expect(result?.status).toBe('fulfilled');
        const output = (result as PromiseFulfilledResult<Awaited<ReturnType<typeof model.infer>>>).value;
        expect(output.run.batchRows).toBe(3);
        expect(Array.from(output.logits.data)).toEqual(rowOf(want.logits, row));
        expect(Array.from(output.modalityWeights.data)).toEqual(rowOf(want.modality_weights, row));
        expect(Array.from(output.tokens.data)).toEqual(rowOf(want.tokens, row));
      }
    },
  );

  it('rejects a request with a NaN in its labs before the run, and runs the other two requests together', async () => {
    const inputs = [input(1, 100), input(1, 200), input(1, 300)];
    (inputs[1] as PerceptionInput).labs.data[17] = Number.NaN;
    const want = await bare.run(feeds(joinRows([inputs[0], inputs[2]] as PerceptionInput[])));

    const [first, middle, last] = await Promise.allSettled(inputs.map((i) => model.infer(i)));

    const error = (middle as PromiseRejectedResult).reason as unknown;
    expect(isModelInputError(error) && error.message).toBe('labs: NaN at flat index 17 of [1,100]');
    for (const [result, row] of [
      [first, 0],
      [last, 1],
    ] as const) {
      const output = (result as PromiseFulfilledResult<Awaited<ReturnType<typeof model.infer>>>).value;
      expect(output.run.batchRows).toBe(2);
      expect(Array.from(output.logits.data)).toEqual(rowOf(want.logits, row));
    }
  });

  it('names the flat index in the whole request when the bad values are in its third row', async () => {
    const bad = input(3, 55);
    bad.ecg.data[2 * 12_000 + 999] = Number.NEGATIVE_INFINITY;
    bad.cxr.data[2 * 3 * 224 * 224 + 777] = Number.NaN;

    const error: unknown = await rejection(model.infer(bad));

    // ecg before cxr, as the JavaScript check: the ECG at 2·12,000 + 999.
    expect(isModelInputError(error) && [error.modality, error.message]).toEqual([
      'ecg',
      'ecg: an infinite value at flat index 24999 of [3,12,1000]',
    ]);
  });

  it('rejects a NaN in a modality that the mask marks absent, as the JavaScript check does', async () => {
    const bad = input(1, 11);
    bad.modalityMask.data[1] = 0;
    bad.cxr.data[42] = Number.NaN;

    const error: unknown = await rejection(model.infer(bad));

    expect(isModelInputError(error) && error.message).toBe('cxr: NaN at flat index 42 of [1,3,224,224]');
  });

  it('accepts huge finite values (±3.4e38) that overflow the float32 guard, and returns what a bare session does', async () => {
    const huge = input(1, 9);
    huge.ecg.data.forEach((_, i) => (huge.ecg.data[i] = i % 2 === 0 ? 3.4e38 : -3.4e38));
    huge.labs.data[3] = 3.4e38;
    const want = await bare.run(feeds(huge));

    const output = await model.infer(huge);

    expect(Array.from(output.logits.data)).toEqual(Array.from(want.logits?.data as Float32Array));
    expect(Array.from(output.tokens.data)).toEqual(Array.from(want.tokens?.data as Float32Array));
  });

  it('still rejects a NaN in the modality mask before any session run', async () => {
    const bad = input(1, 3);
    bad.modalityMask.data[1] = Number.NaN;
    const runsBefore = model.stats().runs;

    const error: unknown = await rejection(model.infer(bad));

    expect(isModelInputError(error) && [error.modality, error.message]).toEqual(['mask', jsError(bad).message]);
    expect(model.stats().runs).toBe(runsBefore);
  });
});

/** @jest-environment ./src/model/runtime/testing/onnxruntime-jest-environment.js */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import * as ort from 'onnxruntime-node';
import pino from 'pino';
import {
  AppError,
  isModelInputError,
  MODEL_LEAD_ORDER,
  type Modality,
  type ModelInputError,
  type MultimodalRecord,
} from '../../shared';
import { isModelPackageError } from '../package/model-package-error';
import { testLabEcdfJson, writeTestPackage } from '../package/testing/write-test-package';
import { labEcdfFromJson } from '../preprocess/lab-ecdf-json';
import { CXR_PREPROCESSING, preprocessCxr } from '../preprocess/preprocess-cxr';
import { preprocessEcg } from '../preprocess/preprocess-ecg';
import { vectoriseLabs } from '../preprocess/vectorise-labs';
import type { HostTensor, PerceptionInput } from '../perception-model';
import { OnnxPerceptionModel } from './onnx-perception-model';
import type { RecordPreprocessor, RecordTensors } from './record-preprocessor';
import { lcgValues } from './testing/lcg-values';

const ECG = [12, 1000];
const CXR = [3, 224, 224];
const LABS = [100];

let root: string;
let packageDir: string;
let model: OnnxPerceptionModel;
/** The reference: the same graph in a session opened directly, with onnxruntime's defaults. */
let bare: ort.InferenceSession;

const values = lcgValues;

function tensor(rows: number, dims: number[], seed: number): HostTensor {
  return { shape: [rows, ...dims], data: values(rows * dims.reduce((a, b) => a * b, 1), seed) };
}

function mask(rows: number[][]): HostTensor {
  return { shape: [rows.length, 3], data: Float32Array.from(rows.flat()) };
}

function randomInput(rows: number, seed: number, maskRows?: number[][]): PerceptionInput {
  return {
    ecg: tensor(rows, ECG, seed),
    cxr: tensor(rows, CXR, seed + 1),
    labs: tensor(rows, LABS, seed + 2),
    modalityMask: mask(maskRows ?? Array.from({ length: rows }, () => [1, 1, 1])),
  };
}

async function runBare(input: PerceptionInput): Promise<Record<string, Float32Array>> {
  const t = (h: HostTensor) => new ort.Tensor('float32', h.data, h.shape);
  const out = await bare.run({
    ecg: t(input.ecg),
    cxr: t(input.cxr),
    labs: t(input.labs),
    modality_mask: t(input.modalityMask),
  });
  return Object.fromEntries(Object.entries(out).map(([name, value]) => [name, value.data as Float32Array]));
}

/** Largest absolute difference; Infinity when the lengths differ. */
function maxAbsDiff(actual: Float32Array, expected: Float32Array | undefined): number {
  if (!expected || expected.length !== actual.length) return Number.POSITIVE_INFINITY;
  return actual.reduce((max, v, i) => Math.max(max, Math.abs(v - (expected[i] as number))), 0);
}

/** A logger whose JSON lines land in `lines`. */
function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'onnx-perception-'));
  packageDir = await writeTestPackage(join(root, 'good'));
  model = await OnnxPerceptionModel.load(packageDir);
  bare = await ort.InferenceSession.create(join(packageDir, 'perception.onnx'));
});

afterAll(async () => {
  await model.close();
  await bare.release();
  await rm(root, { recursive: true, force: true });
});

describe('OnnxPerceptionModel.infer', () => {
  it('returns exactly what a bare onnxruntime session returns for the same batch of one', async () => {
    const input = randomInput(1, 11, [[1, 0, 1]]);

    const output = await model.infer(input);
    const expected = await runBare(input);

    expect(output.logits.shape).toEqual([1, 7]);
    expect(output.modalityWeights.shape).toEqual([1, 3]);
    expect(output.tokens.shape).toEqual([1, 3, 8]);
    expect(Array.from(output.logits.data)).toEqual(Array.from(expected.logits ?? []));
    expect(Array.from(output.modalityWeights.data)).toEqual(Array.from(expected.modality_weights ?? []));
    expect(Array.from(output.tokens.data)).toEqual(Array.from(expected.tokens ?? []));
    expect(output.modalityWeights.data[1]).toBe(0);
  });

  it('returns exactly what a bare session returns for a batch of several rows', async () => {
    const input = randomInput(3, 21, [
      [1, 1, 1],
      [0, 1, 1],
      [1, 1, 0],
    ]);

    const output = await model.infer(input);
    const expected = await runBare(input);

    expect(Array.from(output.logits.data)).toEqual(Array.from(expected.logits ?? []));
    expect(Array.from(output.tokens.data)).toEqual(Array.from(expected.tokens ?? []));
  });

  it('batches 50 concurrent calls into fewer session runs and gives each caller the result of its own batch-1 run', async () => {
    const inputs = Array.from({ length: 50 }, (_, i) => randomInput(1, 1000 + i * 7, [[1, i % 3 === 0 ? 0 : 1, 1]]));
    const expected: Array<Record<string, Float32Array>> = [];
    for (const input of inputs) expected.push(await runBare(input));
    const runsBefore = model.stats().runs;

    const outputs = await Promise.all(inputs.map((input) => model.infer(input)));

    const runs = model.stats().runs - runsBefore;
    expect(runs).toBeLessThan(50);
    expect(Math.max(...outputs.map((o) => o.run.batchRows))).toBeGreaterThan(1);
    outputs.forEach((output, i) => {
      // Measured here: identical to the last bit. A batched GEMM may sum in another order than a batch-1 one on
      // other CPUs, so allow float32 rounding (1e-6 on values of order 1), nothing more.
      const want = expected[i];
      expect(maxAbsDiff(output.logits.data, want?.logits)).toBeLessThanOrEqual(1e-6);
      expect(maxAbsDiff(output.modalityWeights.data, want?.modality_weights)).toBeLessThanOrEqual(1e-6);
      expect(maxAbsDiff(output.tokens.data, want?.tokens)).toBeLessThanOrEqual(1e-6);
      expect(output.logits.shape).toEqual([1, 7]);
      expect(output.tokens.shape).toEqual([1, 3, 8]);
    });
  });

  it.each<[string, (input: PerceptionInput) => void, Modality | 'mask', string]>([
    [
      'an ECG of 11 leads',
      (i) => (i.ecg = tensor(1, [11, 1000], 1)),
      'ecg',
      'wrong shape [1,11,1000], expected [B,12,1000]',
    ],
    ['a CXR of 3×200×200', (i) => (i.cxr = tensor(1, [3, 200, 200], 1)), 'cxr', 'wrong shape [1,3,200,200]'],
    ['labs of 99 values', (i) => (i.labs = tensor(1, [99], 1)), 'labs', 'wrong shape [1,99], expected [B,100]'],
    ['a mask value of 0.5', (i) => (i.modalityMask.data[2] = 0.5), 'mask', 'values must be 0 or 1'],
    [
      'data shorter than the shape',
      (i) => (i.labs = { shape: [1, 100], data: new Float32Array(50) }),
      'labs',
      '50 values',
    ],
    ['two ECG rows for one of everything else', (i) => (i.ecg = tensor(2, ECG, 1)), 'cxr', 'batch size 1 differs'],
    [
      'a plain array instead of a Float32Array',
      (i) => (i.labs = { shape: [1, 100], data: [] as unknown as Float32Array }),
      'labs',
      'Float32Array',
    ],
  ])(
    'rejects %s with a ModelInputError naming the modality, before any session run',
    async (_name, corrupt, modality, reason) => {
      const input = randomInput(1, 5);
      corrupt(input);
      const runsBefore = model.stats().runs;

      const error: unknown = await model.infer(input).then(
        () => undefined,
        (e: unknown) => e,
      );

      expect(isModelInputError(error)).toBe(true);
      expect((error as ModelInputError).modality).toBe(modality);
      expect((error as ModelInputError).message).toContain(reason);
      expect(model.stats().runs).toBe(runsBefore);
      await expect(model.infer(randomInput(1, 6))).resolves.toBeDefined();
    },
  );

  it("checks the tiny graph's ECG for NaN/Infinity in the session, and its CXR and labs in JavaScript", () => {
    // The tiny graph's ECG goes straight into a MatMul. Its CXR goes through an 8×8 AveragePool without padding,
    // whose coverage of every pixel depends on the image size, so input-guard-taps.ts does not claim it; the 100
    // lab values are below MIN_GUARDED_VALUES, cheaper to scan than to give a session node.
    expect(model.guardedInputs).toEqual(['ecg']);
  });

  it.each<[string, 'ecg' | 'cxr' | 'labs', number, number, string]>([
    ['a NaN in the ECG', 'ecg', 5, Number.NaN, 'NaN at flat index 5 of [1,12,1000]'],
    ['an Infinity in the labs', 'labs', 99, Number.POSITIVE_INFINITY, 'an infinite value at flat index 99 of [1,100]'],
    [
      'a -Infinity in the CXR',
      'cxr',
      0,
      Number.NEGATIVE_INFINITY,
      'an infinite value at flat index 0 of [1,3,224,224]',
    ],
  ])(
    'rejects %s with a ModelInputError naming the modality and the index, and returns no output',
    async (_name, key, index, value, reason) => {
      const input = randomInput(1, 5);
      input[key].data[index] = value;
      const runsBefore = model.stats().runs;

      const error: unknown = await model.infer(input).then(
        () => undefined,
        (e: unknown) => e,
      );

      expect(isModelInputError(error) && [error.modality, error.message]).toEqual([key, `${key}: ${reason}`]);
      // A guarded input is found by the run's input_guard; the others before any run.
      expect(model.stats().runs).toBe(runsBefore + (model.guardedInputs.includes(key) ? 1 : 0));
      await expect(model.infer(randomInput(1, 6))).resolves.toBeDefined();
    },
  );
});

/** A preprocessor double: fixed tensors per modality, present when the record has the modality. */
const fakePreprocessor: RecordPreprocessor = {
  preprocess(record, modalities): RecordTensors {
    const out: RecordTensors = { issues: [] };
    if (modalities.includes('ecg') && record.ecg) out.ecg = values(12_000, 101);
    if (modalities.includes('cxr') && record.cxr) out.cxr = values(3 * 224 * 224, 102);
    if (modalities.includes('labs') && record.labs) {
      out.labs = values(100, 103);
      out.issues.push({ modality: 'labs', kind: 'partial', message: 'lactate not measured' });
    }
    return out;
  },
};

const provenance = { source: 'synthetic' as const, references: [] };

function record(modalities: Modality[]): MultimodalRecord {
  return {
    patientId: 'synthetic-1',
    issues: [],
    provenance,
    ...(modalities.includes('ecg') ? { ecg: { samplingRateHz: 100, leads: [], provenance } } : {}),
    ...(modalities.includes('cxr')
      ? {
          cxr: {
            width: 1,
            height: 1,
            pixels: new Float32Array(1),
            sourceBitDepth: 8,
            sourceFormat: 'png' as const,
            provenance,
          },
        }
      : {}),
    ...(modalities.includes('labs') ? { labs: { values: {}, provenance } } : {}),
  };
}

describe('OnnxPerceptionModel.assess', () => {
  let withPreprocessor: OnnxPerceptionModel;

  beforeAll(async () => {
    withPreprocessor = await OnnxPerceptionModel.load(packageDir, { preprocessor: fakePreprocessor });
  });

  afterAll(async () => {
    await withPreprocessor.close();
  });

  it('when the CXR is missing, assesses from ECG and labs with zeros and mask 0 for the CXR, and says so', async () => {
    const result = await withPreprocessor.assess(record(['ecg', 'labs']));

    // Reference: the bare session on the same tensors, CXR zeros and mask [1, 0, 1]; calibration by the closed form.
    const expected = await runBare({
      ecg: { shape: [1, ...ECG], data: values(12_000, 101) },
      cxr: { shape: [1, ...CXR], data: new Float32Array(3 * 224 * 224) },
      labs: { shape: [1, ...LABS], data: values(100, 103) },
      modalityMask: mask([[1, 0, 1]]),
    });
    const logits = expected.logits ?? new Float32Array();
    const weights = expected.modality_weights ?? new Float32Array();
    expect(result.modalitiesUsed).toEqual(['ecg', 'labs']);
    expect(result.modalitiesMissing).toEqual(['cxr']);
    expect(result.modalityWeights).toEqual({ ecg: weights[0], labs: weights[2] });
    expect(result.diseases.map((d) => d.id)).toEqual([
      'coronary-artery-disease',
      'acute-renal-failure',
      'hypertension',
      'atrial-fibrillation',
      'pneumonia',
      'diabetes-mellitus',
      'sepsis',
    ]);
    result.diseases.forEach((d, i) => {
      // The test package's temperatures are 0.5 + 0.25 i and thresholds 0.3 + 0.05 i.
      const temperature = 0.5 + 0.25 * i;
      const probability = 1 / (1 + Math.exp(-(logits[i] as number) / temperature));
      expect(d.logit).toBe(logits[i]);
      expect(d.probability).toBeCloseTo(probability, 12);
      expect(d.threshold).toBeCloseTo(0.3 + 0.05 * i, 12);
      expect(d.likely).toBe(probability >= 0.3 + 0.05 * i);
    });
    expect(result.issues).toEqual([
      { modality: 'labs', kind: 'partial', message: 'lactate not measured' },
      { modality: 'cxr', kind: 'absent', message: 'no cxr in the record' },
    ]);
    expect(result.model).toEqual({ name: 'tiny-test-perception', version: '0.0.1' });
  });

  it('reports preprocessing, queue, inference and total times', async () => {
    const { timings } = await withPreprocessor.assess(record(['ecg', 'cxr', 'labs']));

    for (const value of Object.values(timings)) expect(Number.isFinite(value) && value >= 0).toBe(true);
    expect(timings.inferenceMs).toBeGreaterThan(0);
    expect(timings.totalMs).toBeGreaterThanOrEqual(timings.preprocessMs + timings.inferenceMs);
  });

  it('leaves out a modality the caller excludes, and says why', async () => {
    const result = await withPreprocessor.assess(record(['ecg', 'cxr', 'labs']), { modalities: ['cxr', 'labs'] });

    expect(result.modalitiesUsed).toEqual(['cxr', 'labs']);
    expect(result.issues).toContainEqual({ modality: 'ecg', kind: 'absent', message: 'ecg left out by the caller' });
  });

  it('rejects a record with no modality as a ModelInputError on the mask', async () => {
    const error: unknown = await withPreprocessor.assess(record([])).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(isModelInputError(error) && error.modality).toBe('mask');
  });

  it('rejects a preprocessor tensor with a NaN as a ModelInputError, not a crash', async () => {
    const broken = await OnnxPerceptionModel.load(packageDir, {
      preprocessor: { preprocess: () => ({ ecg: new Float32Array(12_000).fill(Number.NaN), issues: [] }) },
    });

    const error: unknown = await broken.assess(record(['ecg'])).then(
      () => undefined,
      (e: unknown) => e,
    );
    await broken.close();

    expect(isModelInputError(error) && error.modality).toBe('ecg');
  });
});

describe('OnnxPerceptionModel.assess with the package preprocessing', () => {
  it('gives the numbers of a bare session fed with src/model/preprocess outputs for the same record', async () => {
    const rate = 500;
    const ecg = {
      samplingRateHz: rate,
      // 10 s at 500 Hz, a different sine per lead, leads given in reverse model order.
      leads: [...MODEL_LEAD_ORDER].reverse().map((name, k) => ({
        name,
        samples: Float32Array.from({ length: 5000 }, (_, t) => Math.sin((2 * Math.PI * (k + 1) * t) / rate)),
      })),
      provenance,
    };
    const cxr = {
      width: 320,
      height: 256,
      pixels: Float32Array.from({ length: 320 * 256 }, (_, i) => (i % 320) / 320),
      sourceBitDepth: 8,
      sourceFormat: 'png' as const,
      provenance,
    };
    const labs = { values: { sodium: { lab: 'sodium' as const, value: 131, unit: 'meq/L' } }, provenance };
    const patient: MultimodalRecord = { patientId: 'synthetic-3', issues: [], provenance, ecg, cxr, labs };
    const packaged = await OnnxPerceptionModel.load(packageDir);

    const result = await packaged.assess(patient);
    await packaged.close();

    const expected = await runBare({
      ecg: { shape: [1, ...ECG], data: preprocessEcg(ecg, { windowSeconds: 10, samples: 1000 }).tensor },
      cxr: { shape: [1, ...CXR], data: preprocessCxr(cxr, CXR_PREPROCESSING) },
      labs: { shape: [1, ...LABS], data: vectoriseLabs(labs, labEcdfFromJson(testLabEcdfJson())) },
      modalityMask: mask([[1, 1, 1]]),
    });
    expect(result.modalitiesUsed).toEqual(['ecg', 'cxr', 'labs']);
    expect(result.diseases.map((d) => d.logit)).toEqual(Array.from(expected.logits ?? []));
    expect(result.issues).toEqual([]);
  });
});

describe('OnnxPerceptionModel.load', () => {
  // The CUDA provider library is only present where onnxruntime-node was installed with ONNXRUNTIME_NODE_INSTALL=cuda12.
  const binding = require.resolve('onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node');
  const cudaInstalled = existsSync(join(dirname(binding), 'libonnxruntime_providers_cuda.so'));

  (cudaInstalled ? it.skip : it)(
    'when CUDA is requested on a machine without it, runs on cpu, logs a warning naming cuda and the error, and says cpu',
    async () => {
      const { logger, lines } = capturingLogger();

      const cudaModel = await OnnxPerceptionModel.load(packageDir, { executionProvider: 'cuda', logger });
      const input = randomInput(1, 77);
      const [output, expected] = [await cudaModel.infer(input), await runBare(input)];
      await cudaModel.close();

      expect(cudaModel.executionProvider).toBe('cpu');
      const warnings = lines.filter((l) => l.level === 40);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.requestedExecutionProvider).toBe('cuda');
      expect(String(warnings[0]?.msg)).toMatch(/"cuda" unavailable, falling back to cpu: .+/);
      expect(Array.from(output.logits.data)).toEqual(Array.from(expected.logits ?? []));
    },
  );

  it('when asked for cpu, says cpu and logs no warning', async () => {
    const { logger, lines } = capturingLogger();

    const cpuModel = await OnnxPerceptionModel.load(packageDir, { logger });
    await cpuModel.close();

    expect(cpuModel.executionProvider).toBe('cpu');
    expect(lines.filter((l) => l.level === 40)).toEqual([]);
  });

  it('refuses a graph whose ECG input is not [B,12,1000], naming the graph file and the input', async () => {
    const dir = await writeTestPackage(join(root, 'eleven-leads'), { graph: { ecgLeads: 11 } });

    const error: unknown = await OnnxPerceptionModel.load(dir).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(isModelPackageError(error)).toBe(true);
    expect(isModelPackageError(error) && [error.file, error.field]).toEqual(['perception.onnx', 'input "ecg"']);
    expect((error as Error).message).toContain('[B,11,1000], expected [B,12,1000]');
  });

  it('after close, refuses calls with a model-closed error', async () => {
    const closing = await OnnxPerceptionModel.load(packageDir);
    await closing.close();

    const error: unknown = await closing.infer(randomInput(1, 3)).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error instanceof AppError && error.code).toBe('model-closed');
  });
});

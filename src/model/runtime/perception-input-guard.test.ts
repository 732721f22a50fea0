/** @jest-environment ./src/model/runtime/testing/onnxruntime-jest-environment.js */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { isModelInputError, type ModelInputError } from '../../shared';
import { isModelPackageError } from '../package/model-package-error';
import { writeTestPackage } from '../package/testing/write-test-package';
import type { HostTensor, PerceptionInput } from '../perception-model';
import { OnnxPerceptionModel } from './onnx-perception-model';
import { addInputGuard, INPUT_GUARD_OUTPUT } from './perception-input-guard';
import { lcgValues } from './testing/lcg-values';
import { firstNonFinite, validatePerceptionInput } from './validate-perception-input';

const SPEC = { ecg: [12, 1000], cxr: [3, 224, 224], labs: [100], modalityMask: [3] };
const GUARDED = ['ecg', 'cxr', 'labs'] as const;

let root: string;
let packageDir: string;
let model: OnnxPerceptionModel;
/** The reference: the ORIGINAL graph file (no guard) in a session opened directly, with onnxruntime's defaults. */
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

function maxAbsDiff(actual: Float32Array, expected: Float32Array | undefined): number {
  if (!expected || expected.length !== actual.length) return Number.POSITIVE_INFINITY;
  return actual.reduce((max, v, i) => Math.max(max, Math.abs(v - (expected[i] as number))), 0);
}

/** What the JavaScript check (validatePerceptionInput with its full scan) throws for `i`. */
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

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'input-guard-'));
  packageDir = await writeTestPackage(join(root, 'pkg'));
  model = await OnnxPerceptionModel.load(packageDir);
  bare = await ort.InferenceSession.create(join(packageDir, 'perception.onnx'));
});

afterAll(async () => {
  await model.close();
  await bare.release();
  await rm(root, { recursive: true, force: true });
});

describe('addInputGuard', () => {
  it('gives the same outputs as the original graph for clean input, plus input_guard = Σ|x| of each row', async () => {
    const original = await readFile(join(packageDir, 'perception.onnx'));
    const patched = await ort.InferenceSession.create(addInputGuard(original, SPEC));
    const batch = input(2, 41);

    const got = await patched.run(feeds(batch));
    const want = await bare.run(feeds(batch));
    await patched.release();

    expect(Object.keys(got).sort()).toEqual([...Object.keys(want), INPUT_GUARD_OUTPUT].sort());
    for (const name of Object.keys(want)) {
      expect(maxAbsDiff(got[name]?.data as Float32Array, want[name]?.data as Float32Array)).toBeLessThanOrEqual(1e-6);
    }
    // Expected guard: a float64 sum of |x| over the row's ecg, cxr and labs values, computed here without
    // onnxruntime; the graph sums in float32 (162,628 terms of |x| < 2), so allow a relative 1e-5.
    const guard = got[INPUT_GUARD_OUTPUT];
    expect(guard?.dims).toEqual([2]);
    for (let r = 0; r < 2; r++) {
      let sum = 0;
      for (const key of GUARDED) {
        const size = batch[key].data.length / 2;
        for (const v of batch[key].data.subarray(r * size, (r + 1) * size)) sum += Math.abs(v);
      }
      expect(Math.abs((guard?.data[r] as number) - sum) / sum).toBeLessThan(1e-5);
    }
  });

  it('leaves the package file as the manifest pins it, and a tampered file is still refused at load', async () => {
    const file = join(packageDir, 'perception.onnx');
    const manifest = JSON.parse(await readFile(join(packageDir, 'manifest.json'), 'utf8')) as {
      files: Record<string, string>;
    };
    const sha = async (path: string) =>
      createHash('sha256')
        .update(await readFile(path))
        .digest('hex');

    const loaded = await OnnxPerceptionModel.load(packageDir);
    await loaded.close();
    expect(await sha(file)).toBe(manifest.files['perception.onnx']);

    const tamperedDir = await writeTestPackage(join(root, 'tampered'));
    const tamperedFile = join(tamperedDir, 'perception.onnx');
    const bytes = await readFile(tamperedFile);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
    await writeFile(tamperedFile, bytes);
    const error: unknown = await rejection(OnnxPerceptionModel.load(tamperedDir));
    expect(isModelPackageError(error) && error.file).toBe('perception.onnx');
    expect((error as Error).message).toContain('SHA-256 mismatch');
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
const CASES = GUARDED.flatMap((key) =>
  BAD_VALUES.flatMap(([valueName, value]) =>
    POSITIONS.map(([where, at]) => [key, valueName, value, where, at] as const),
  ),
);

describe('OnnxPerceptionModel.infer with the native guard', () => {
  it.each(CASES)(
    'rejects %s holding %s at its %s position at batch 1 with the message of the JavaScript check',
    async (key, _valueName, value, _where, at) => {
      const bad = input(1, 7);
      const index = at(bad[key].data.length);
      bad[key].data[index] = value;
      // The expected error comes from the exact JavaScript scan of the same data, which locates the same index.
      expect(firstNonFinite(bad[key].data)).toBe(index);
      const expected = jsError(bad);

      const error: unknown = await rejection(model.infer(bad));

      expect(isModelInputError(error)).toBe(true);
      expect((error as ModelInputError).modality).toBe(key);
      expect((error as ModelInputError).message).toBe(expected.message);
    },
  );

  it.each(CASES)(
    'in a micro-batch of three, rejects only the request whose %s holds %s at its %s position',
    async (key, _valueName, value, _where, at) => {
      const inputs = [input(1, 100), input(1, 200), input(1, 300)];
      const bad = inputs[1] as PerceptionInput;
      bad[key].data[at(bad[key].data.length)] = value;
      const expected = jsError(bad);
      const good = [inputs[0], inputs[2]] as PerceptionInput[];
      const want = await Promise.all(good.map((i) => bare.run(feeds(i))));

      // Submitted in the same tick: the batcher runs the three together (checked through batchRows below).
      const settled = await Promise.allSettled(inputs.map((i) => model.infer(i)));

      const [first, middle, last] = settled;
      expect(middle?.status).toBe('rejected');
      const error = (middle as PromiseRejectedResult).reason as unknown;
      expect(isModelInputError(error) && error.message).toBe(expected.message);
      [first, last].forEach((result, k) => {
        expect(result?.status).toBe('fulfilled');
        const output = (result as PromiseFulfilledResult<Awaited<ReturnType<typeof model.infer>>>).value;
        expect(output.run.batchRows).toBe(3);
        expect(Object.keys(output).sort()).toEqual(['logits', 'modalityWeights', 'run', 'tokens']);
        expect(maxAbsDiff(output.logits.data, want[k]?.logits?.data as Float32Array)).toBeLessThanOrEqual(1e-6);
        expect(
          maxAbsDiff(output.modalityWeights.data, want[k]?.modality_weights?.data as Float32Array),
        ).toBeLessThanOrEqual(1e-6);
        expect(maxAbsDiff(output.tokens.data, want[k]?.tokens?.data as Float32Array)).toBeLessThanOrEqual(1e-6);
      });
    },
  );

  it('rejects a three-row request with one bad row with the message of the JavaScript check (flat index in the request)', async () => {
    const bad = input(3, 55);
    bad.cxr.data[2 * 3 * 224 * 224 + 777] = Number.NaN;
    bad.labs.data[150] = Number.POSITIVE_INFINITY;
    // The JavaScript check names the cxr first (it checks ecg, cxr, labs in order), at 2·150,528 + 777 = 301,833.
    const expected = jsError(bad);
    expect(expected.message).toContain('NaN at flat index 301833 of [3,3,224,224]');

    const error: unknown = await rejection(model.infer(bad));

    expect(isModelInputError(error) && [error.modality, error.message]).toEqual(['cxr', expected.message]);
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

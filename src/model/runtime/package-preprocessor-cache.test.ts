import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LruByteCache,
  MODEL_LEAD_ORDER,
  type ChestImage,
  type EcgRecording,
  type MultimodalRecord,
} from '../../shared';
import { MODEL_CACHE_REGIONS } from '../cache/model-cache-regions';
import { loadModelPackage, type ModelPackage } from '../package/load-model-package';
import { writeTestPackage } from '../package/testing/write-test-package';
import { createPackagePreprocessor } from './package-preprocessor';
import type { RecordPreprocessor } from './record-preprocessor';

const provenance = { source: 'fhir' as const, references: ['Observation/ecg-1'] };

let root: string;
let modelPackage: ModelPackage;
let uncached: RecordPreprocessor;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'package-preprocessor-cache-'));
  modelPackage = await loadModelPackage(await writeTestPackage(join(root, 'good')));
  uncached = await createPackagePreprocessor(modelPackage);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** 10 s at 500 Hz of distinct sines per lead, V6 left out (so preprocessing raises a `partial` issue). */
function ecgWithoutV6(): EcgRecording {
  const leads = MODEL_LEAD_ORDER.filter((name) => name !== 'V6').map((name, i) => ({
    name,
    samples: Float32Array.from({ length: 5000 }, (_, t) => Math.sin((2 * Math.PI * (i + 1) * t) / 500)),
  }));
  return { samplingRateHz: 500, leads, provenance };
}

/** A 16-bit-sourced gradient, 300 × 260 (the float resize path). */
function gradientImage(): ChestImage {
  const width = 300;
  const height = 260;
  return {
    width,
    height,
    pixels: Float32Array.from({ length: width * height }, (_, i) => ((i % width) + Math.floor(i / width)) / 560),
    sourceBitDepth: 16,
    sourceFormat: 'dicom',
    provenance: { source: 'fhir', references: ['DocumentReference/cxr-1'] },
  };
}

function record(parts: Partial<MultimodalRecord>): MultimodalRecord {
  return { patientId: 'p-1', issues: [], provenance, ...parts };
}

describe('createPackagePreprocessor with a cache', () => {
  it('a hit returns the same ECG and CXR tensors and issues as a miss and as the uncached preprocessor', async () => {
    const cache = new LruByteCache(64 * 1024 * 1024);
    const cached = await createPackagePreprocessor(modelPackage, { cache });
    const input = () => record({ ecg: ecgWithoutV6(), cxr: gradientImage() });

    const miss = await cached.preprocess(input(), ['ecg', 'cxr']);
    const hit = await cached.preprocess(input(), ['ecg', 'cxr']);
    const reference = await uncached.preprocess(input(), ['ecg', 'cxr']);

    // The uncached preprocessor is the reference (its goldens against scipy and Pillow are in src/model/preprocess).
    expect(reference.ecg).toBeDefined();
    expect(reference.cxr).toBeDefined();
    expect(miss.ecg).toEqual(reference.ecg);
    expect(hit.ecg).toEqual(reference.ecg);
    expect(miss.cxr).toEqual(reference.cxr);
    expect(hit.cxr).toEqual(reference.cxr);
    expect(reference.issues.some((i) => i.modality === 'ecg' && i.kind === 'partial')).toBe(true);
    expect(hit.issues).toEqual(reference.issues);
    const stats = cache.stats().regions;
    expect(stats[MODEL_CACHE_REGIONS.ecgTensor]).toMatchObject({ hits: 1, misses: 1, entries: 1 });
    expect(stats[MODEL_CACHE_REGIONS.cxrTensor]).toMatchObject({ hits: 1, misses: 1, entries: 1 });
  });

  it('hands out copies: changing a returned tensor does not change what the next hit returns', async () => {
    const cache = new LruByteCache(64 * 1024 * 1024);
    const cached = await createPackagePreprocessor(modelPackage, { cache });
    const first = await cached.preprocess(record({ ecg: ecgWithoutV6(), cxr: gradientImage() }), ['ecg', 'cxr']);
    const expectedEcg = first.ecg?.slice();
    const expectedCxr = first.cxr?.slice();

    first.ecg?.fill(99);
    first.cxr?.fill(99);
    const second = await cached.preprocess(record({ ecg: ecgWithoutV6(), cxr: gradientImage() }), ['ecg', 'cxr']);
    second.ecg?.fill(-1);
    const third = await cached.preprocess(record({ ecg: ecgWithoutV6(), cxr: gradientImage() }), ['ecg', 'cxr']);

    expect(second.cxr).toEqual(expectedCxr);
    expect(third.ecg).toEqual(expectedEcg);
  });

  it('misses when one pixel changes, and does not cache a failure: the issue is reported every time', async () => {
    const cache = new LruByteCache(64 * 1024 * 1024);
    const cached = await createPackagePreprocessor(modelPackage, { cache });
    await cached.preprocess(record({ cxr: gradientImage() }), ['cxr']);
    const changed = gradientImage();
    changed.pixels[1000] = 0.123;
    const broken = gradientImage();
    broken.pixels[7] = Number.NaN;

    await cached.preprocess(record({ cxr: changed }), ['cxr']);
    const first = await cached.preprocess(record({ cxr: broken }), ['cxr']);
    const again = await cached.preprocess(record({ cxr: broken }), ['cxr']);

    expect(cache.stats().regions[MODEL_CACHE_REGIONS.cxrTensor]).toMatchObject({ hits: 0, misses: 4, entries: 2 });
    for (const result of [first, again]) {
      expect(result.cxr).toBeUndefined();
      expect(result.issues).toEqual([expect.objectContaining({ modality: 'cxr', kind: 'unreadable' })]);
    }
  });

  it('with a budget of 0 prepares every time and stores nothing', async () => {
    const cache = new LruByteCache(0);
    const cached = await createPackagePreprocessor(modelPackage, { cache });

    const tensors = await cached.preprocess(record({ ecg: ecgWithoutV6() }), ['ecg']);
    const reference = await uncached.preprocess(record({ ecg: ecgWithoutV6() }), ['ecg']);

    expect(tensors.ecg).toEqual(reference.ecg);
    expect(cache.stats().total.entries).toBe(0);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LABS,
  MODEL_LEAD_ORDER,
  type ChestImage,
  type EcgLeadName,
  type EcgRecording,
  type LabId,
  type LabPanel,
  type MultimodalRecord,
} from '../../shared';
import { loadModelPackage, type ModelPackage } from '../package/load-model-package';
import { isModelPackageError } from '../package/model-package-error';
import { writeTestPackage } from '../package/testing/write-test-package';
import { createPackagePreprocessor } from './package-preprocessor';
import type { RecordPreprocessor } from './record-preprocessor';

const provenance = { source: 'synthetic' as const, references: [] };

let root: string;
let modelPackage: ModelPackage;
let preprocessor: RecordPreprocessor;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'package-preprocessor-'));
  modelPackage = await loadModelPackage(await writeTestPackage(join(root, 'good')));
  preprocessor = await createPackagePreprocessor(modelPackage);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** 10 s at 100 Hz; each lead a constant equal to its 1-based position in MODEL_LEAD_ORDER (mV), given in reverse order. */
function constantEcg(omit: EcgLeadName[] = [], samplingRateHz = 100): EcgRecording {
  const leads = MODEL_LEAD_ORDER.filter((name) => !omit.includes(name))
    .map((name) => ({ name, samples: new Float32Array(1000).fill(MODEL_LEAD_ORDER.indexOf(name) + 1) }))
    .reverse();
  return { samplingRateHz, leads, provenance };
}

/** A uniform white 8-bit image, 500 × 400. */
function whiteImage(): ChestImage {
  return {
    width: 500,
    height: 400,
    pixels: new Float32Array(500 * 400).fill(1),
    sourceBitDepth: 8,
    sourceFormat: 'png',
    provenance,
  };
}

function panel(values: Partial<Record<LabId, number>>): LabPanel {
  return {
    values: Object.fromEntries(
      Object.entries(values).map(([lab, value]) => [
        lab,
        { lab, value, unit: LABS.find((l) => l.id === lab)?.unit ?? '' },
      ]),
    ),
    provenance,
  };
}

function record(parts: Partial<Pick<MultimodalRecord, 'ecg' | 'cxr' | 'labs'>>): MultimodalRecord {
  return { patientId: 'synthetic-2', issues: [], provenance, ...parts };
}

describe('createPackagePreprocessor', () => {
  it('places ECG leads by name in model order and zero-fills a missing lead, saying which', async () => {
    const tensors = await preprocessor.preprocess(record({ ecg: constantEcg(['V6']) }), ['ecg']);

    // A constant lead resampled from 1000 to 1000 samples stays that constant (scipy.signal.resample of a DC signal).
    const ecg = tensors.ecg ?? new Float32Array();
    expect(ecg).toHaveLength(12_000);
    for (let row = 0; row < 11; row++) {
      expect(ecg[row * 1000 + 500]).toBeCloseTo(row + 1, 5);
    }
    expect(Array.from(ecg.subarray(11_000)).every((v) => v === 0)).toBe(true);
    expect(tensors.issues).toEqual([
      expect.objectContaining({ modality: 'ecg', kind: 'partial', message: expect.stringContaining('V6') }),
    ]);
  });

  it('normalises a white CXR per channel with the package mean and std', async () => {
    const tensors = await preprocessor.preprocess(record({ cxr: whiteImage() }), ['cxr']);

    // (1 − mean) / std with ImageNet's mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225), by hand.
    const cxr = tensors.cxr ?? new Float32Array();
    expect(cxr).toHaveLength(3 * 224 * 224);
    expect(cxr[0]).toBeCloseTo(2.248908, 5);
    expect(cxr[224 * 224 + 1000]).toBeCloseTo(2.428571, 5);
    expect(cxr[2 * 224 * 224 + 5000]).toBeCloseTo(2.64, 5);
  });

  it('vectorises labs with the package ECDF: percentiles, the mean percentile for missing labs, and presence flags', async () => {
    const tensors = await preprocessor.preprocess(record({ labs: panel({ creatinine: 0.9, potassium: 3.6 }) }), [
      'labs',
    ]);

    // The test ECDF has five values per lab evenly over its typical range: creatinine 0.6…1.2, so 0.9 is the third
    // (3/5 = 0.6); potassium 3.5…5.0, so 3.6 is above only the first (1/5 = 0.2); a missing lab takes 0.6, flag 0.
    const labs = tensors.labs ?? new Float32Array();
    const creatinine = LABS.findIndex((l) => l.id === 'creatinine');
    const potassium = LABS.findIndex((l) => l.id === 'potassium');
    const sodium = LABS.findIndex((l) => l.id === 'sodium');
    expect(labs[creatinine]).toBeCloseTo(0.6, 6);
    expect(labs[potassium]).toBeCloseTo(0.2, 6);
    expect(labs[sodium]).toBeCloseTo(0.6, 6);
    expect([labs[50 + creatinine], labs[50 + potassium], labs[50 + sodium]]).toEqual([1, 1, 0]);
    expect(Array.from(labs.subarray(50)).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('leaves out an ECG with a bad sampling rate as unreadable and still prepares the labs', async () => {
    const tensors = await preprocessor.preprocess(record({ ecg: constantEcg([], 0), labs: panel({ sodium: 140 }) }), [
      'ecg',
      'labs',
    ]);

    expect(tensors.ecg).toBeUndefined();
    expect(tensors.labs).toBeDefined();
    expect(tensors.issues).toEqual([
      expect.objectContaining({
        modality: 'ecg',
        kind: 'unreadable',
        message: expect.stringContaining('sampling rate'),
      }),
    ]);
  });

  it('leaves out an ECG without any standard lead, and a lab panel without a finite value, saying why', async () => {
    const ecg: EcgRecording = { samplingRateHz: 100, leads: [], provenance };

    const tensors = await preprocessor.preprocess(record({ ecg, labs: panel({ sodium: Number.NaN }) }), [
      'ecg',
      'labs',
    ]);

    expect(tensors.ecg).toBeUndefined();
    expect(tensors.labs).toBeUndefined();
    expect(tensors.issues.map((i) => [i.modality, i.kind])).toEqual([
      ['ecg', 'unreadable'],
      ['labs', 'absent'],
    ]);
  });

  it('prepares only the modalities asked for', async () => {
    const tensors = await preprocessor.preprocess(
      record({ ecg: constantEcg(), cxr: whiteImage(), labs: panel({ sodium: 140 }) }),
      ['labs'],
    );

    expect([tensors.ecg, tensors.cxr, tensors.labs !== undefined]).toEqual([undefined, undefined, true]);
  });

  it('refuses a package whose ECDF file is malformed, naming the file', async () => {
    const pkg = await loadModelPackage(await writeTestPackage(join(root, 'bad-ecdf'), { ecdf: { format: 'other' } }));

    const error: unknown = await createPackagePreprocessor(pkg).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(isModelPackageError(error) && [error.file, error.field]).toEqual(['lab-ecdf.json', 'inputs.labs.ecdf']);
  });
});

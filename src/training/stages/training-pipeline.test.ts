/** @jest-environment ./src/model/runtime/testing/onnxruntime-jest-environment.js */
/**
 * A small training run end to end (tiny cohort, few steps): encoder stage, features cached through onnxruntime,
 * fusion stage with modality dropout, validation calibration, a package that the runtime loads. The losses must fall;
 * the metrics are not asserted (40 patients carry no signal worth a threshold).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnnxPerceptionModel } from '../../model/runtime/onnx-perception-model';
import { initEngine } from '../engine/engine';
import { runTrainingPipeline, type PipelineResult } from './run-training-pipeline';
import { defaultRecipe } from './training-recipe';
import { writeModelPackage } from './write-model-package';

let dir: string;
let result: PipelineResult;
beforeAll(async () => {
  await initEngine({ threads: 1 });
  dir = await mkdtemp(join(tmpdir(), 'medtvt-train-'));
  const recipe = defaultRecipe(7, 48);
  recipe.encoder = { epochs: { ecg: 1, cxr: 1, labs: 12 }, batchSize: 8, peakLr: { ecg: 1e-3, cxr: 1e-3, labs: 3e-3 } };
  recipe.fusion = { epochs: 12, batchSize: 8, peakLr: 3e-3, weightDecay: 0.01 };
  recipe.ablations = false;
  recipe.workers = 0;
  result = await runTrainingPipeline(recipe, join(dir, 'work'), { stream: false, stage: () => {}, count: () => {} });
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a small training run', () => {
  it('lowers the lab encoder loss and the fusion loss', () => {
    const labs = result.losses['encoder labs']!;
    const fusion = result.losses.fusion!;

    expect(labs.steps).toBeGreaterThanOrEqual(36);
    expect(labs.last).toBeLessThan(labs.first * 0.9);
    expect(fusion.last).toBeLessThan(fusion.first * 0.9);
  });

  it('calibrates on validation: a positive temperature and a threshold in [0, 1] per disease', () => {
    expect(result.calibration.temperatures).toHaveLength(7);
    for (const t of result.calibration.temperatures) expect(t).toBeGreaterThan(0);
    for (const t of result.calibration.thresholds) expect(t >= 0 && t <= 1).toBe(true);
    expect(result.metrics.test.samples).toBe(result.dataset.splits.test.size);
  });

  it('writes a package that loadModelPackage accepts and the runtime runs', async () => {
    const out = join(dir, 'package');
    await writeModelPackage(result, {
      dir: out,
      name: 'test-package',
      version: '0.0.1',
      command: 'test',
      wallSeconds: 1,
      createdAt: '2025-01-01T00:00:00Z',
    });

    const model = await OnnxPerceptionModel.load(out);
    const b = 2;
    const output = await model.infer({
      ecg: { shape: [b, 12, 1000], data: new Float32Array(b * 12000) },
      cxr: { shape: [b, 3, 224, 224], data: new Float32Array(b * 3 * 224 * 224) },
      labs: { shape: [b, 100], data: new Float32Array(b * 100).fill(0.5) },
      modalityMask: { shape: [b, 3], data: Float32Array.from([1, 1, 1, 0, 0, 1]) },
    });
    await model.close();

    expect(output.logits.shape).toEqual([2, 7]);
    expect(Array.from(output.logits.data).every(Number.isFinite)).toBe(true);
  });
});

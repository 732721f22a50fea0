/** @jest-environment ./src/model/runtime/testing/onnxruntime-jest-environment.js */
/**
 * The committed default package (models/default) loads through the runtime and assesses a synthetic patient from its
 * held-out test split. Nothing is retrained here. The patient is regenerated from the cohort seed the package's
 * evaluation.json records, and its split is recomputed from its id, so it is one the model never trained on.
 */
import { join } from 'node:path';
import { DISEASE_IDS } from '../../shared';
import { loadModelPackage } from '../../model/package/load-model-package';
import { OnnxPerceptionModel } from '../../model/runtime/onnx-perception-model';
import { admissionIds } from '../../synth/admission/admission-ids';
import { generateAdmission } from '../../synth/admission/generate-admission';
import { splitOf } from '../dataset/patient-split';
import { readEvaluationFile } from './evaluate-package';

const PACKAGE = join(__dirname, '../../../models/default');

describe('the default model package', () => {
  it('validates against the package contract and records test metrics for all seven diseases', async () => {
    const modelPackage = await loadModelPackage(PACKAGE);

    const { test, validation } = modelPackage.manifest.metrics;
    expect(Object.keys(test.perDisease).sort()).toEqual([...DISEASE_IDS].sort());
    expect(test.macro.auroc).toBeGreaterThan(0.5);
    expect(validation.macro.auroc).toBeGreaterThan(0.5);
    expect(modelPackage.manifest.trainingData.splits.test).toBeGreaterThan(100);
  });

  it('assesses a held-out synthetic patient from all three modalities', async () => {
    const { cohort } = await readEvaluationFile(PACKAGE);
    const index = Array.from({ length: 200 }, (_, i) => i).find(
      (i) => splitOf(admissionIds(cohort.seed, i, [], []).patient, cohort.split) === 'test',
    ) as number;
    const admission = generateAdmission(cohort.seed, index, { allModalities: true });
    const model = await OnnxPerceptionModel.load(PACKAGE);

    const result = await model.assess(admission.record);
    await model.close();

    expect(result.modalitiesUsed.sort()).toEqual(['cxr', 'ecg', 'labs']);
    expect(result.diseases.map((d) => d.id)).toEqual([...DISEASE_IDS]);
    for (const d of result.diseases) expect(d.probability >= 0 && d.probability <= 1).toBe(true);
    const weights = Object.values(result.modalityWeights) as number[];
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });
});

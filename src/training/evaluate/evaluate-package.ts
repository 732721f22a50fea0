/**
 * Evaluation of a model package on the held-out synthetic TEST split (issue 4, deliverable 8). The split is rebuilt
 * from the package's evaluation.json (cohort seed and split fractions; a patient's split depends only on their id),
 * inputs are prepared with the package's own lab ECDF, and the package's perception graph runs through the runtime
 * (OnnxPerceptionModel) with all three modalities and with each subset masked. Nothing here sees training data.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MODALITIES, type Modality } from '../../shared';
import { loadModelPackage } from '../../model/package/load-model-package';
import { labEcdfFromJson } from '../../model/preprocess/lab-ecdf-json';
import { vectoriseLabs } from '../../model/preprocess/vectorise-labs';
import { OnnxPerceptionModel } from '../../model/runtime/onnx-perception-model';
import { admissionIds } from '../../synth/admission/admission-ids';
import type { PrevalenceName } from '../../synth/admission/synthetic-admission';
import { gatherRows, LAB_VALUES } from '../dataset/cohort-dataset';
import { generateExamples } from '../dataset/generate-examples';
import { splitOf } from '../dataset/patient-split';
import { CXR_PIXELS, ECG_VALUES, expandCxr, type SyntheticExample } from '../dataset/synthetic-example';
import { TrainingError } from '../engine/training-error';
import type { DiseaseMetricsTable } from '../metrics/disease-metrics';
import { MODALITY_SUBSETS } from '../stages/run-training-pipeline';
import { PACKAGE_FILES, type EvaluationFile } from '../stages/write-model-package';
import type { AblationResult } from './ablation-types';
import { evaluateLogits } from './evaluate-logits';

export interface EvaluatePackageOptions {
  dir: string;
  /** Cohort size to draw test patients from (default: the training cohort's); test = patients whose id hashes to test. */
  patients?: number;
  workers?: number;
  onProgress?: (label: string, done: number, total: number) => void;
}

export interface PackageEvaluation {
  seed: number;
  patients: number;
  testSize: number;
  full: DiseaseMetricsTable;
  masked: AblationResult[];
  /** Retrained ablations recorded by the training run (on the training cohort's test split). */
  recorded: AblationResult[];
}

/** Rows per runtime call. */
const BATCH = 32;

/** Reads the package's evaluation.json. */
export async function readEvaluationFile(dir: string): Promise<EvaluationFile> {
  const path = join(dir, PACKAGE_FILES.evaluation);
  const json = JSON.parse(await readFile(path, 'utf8')) as EvaluationFile;
  if (json.format !== 'medtvt-evaluation/1') {
    throw new TrainingError(`${path}: format is "${String(json.format)}", expected "medtvt-evaluation/1"`);
  }
  return json;
}

/** Evaluates the package on the test split. */
export async function evaluatePackage(options: EvaluatePackageOptions): Promise<PackageEvaluation> {
  const modelPackage = await loadModelPackage(options.dir);
  const evaluation = await readEvaluationFile(modelPackage.dir);
  const { seed, split } = evaluation.cohort;
  const patients = options.patients ?? evaluation.cohort.patients;
  const indices = Array.from({ length: patients }, (_, i) => i).filter(
    (i) => splitOf(admissionIds(seed, i, [], []).patient, split) === 'test',
  );
  if (indices.length === 0) throw new TrainingError(`no test patients among the first ${patients} of seed ${seed}`);
  const examples = await generateExamples({
    seed,
    ...(evaluation.cohort.prevalence ? { prevalence: evaluation.cohort.prevalence as PrevalenceName } : {}),
    indices,
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    onProgress: (done, total) => options.onProgress?.('test patients', done, total),
  });
  const ecdf = labEcdfFromJson(JSON.parse(await readFile(modelPackage.paths.ecdf, 'utf8')), PACKAGE_FILES.ecdf);
  const labels = new Float32Array(examples.length * 7);
  examples.forEach((e, i) => labels.set(e.labels, i * 7));
  const calibration = {
    temperatures: modelPackage.manifest.diseases.map((d) => d.temperature),
    thresholds: modelPackage.manifest.diseases.map((d) => d.threshold),
  };
  const model = await OnnxPerceptionModel.load(modelPackage.dir, { maxBatch: BATCH });
  try {
    const logitsBySubset = await runSubsets(model, examples, ecdf, options.onProgress);
    const masked = MODALITY_SUBSETS.map((subset, i) => ({
      name: `masked:${subset.join('+')}`,
      description: `shipped model, only ${subset.join('+')} given (mask)`,
      modalities: subset,
      kind: 'masked' as const,
      test: evaluateLogits(logitsBySubset[i] as Float32Array, labels, calibration),
    }));
    return {
      seed,
      patients,
      testSize: examples.length,
      full: (masked[masked.length - 1] as AblationResult).test,
      masked,
      recorded: evaluation.ablations.filter((a) => a.kind === 'retrained'),
    };
  } finally {
    await model.close();
  }
}

async function runSubsets(
  model: OnnxPerceptionModel,
  examples: readonly SyntheticExample[],
  ecdf: ReturnType<typeof labEcdfFromJson>,
  onProgress: EvaluatePackageOptions['onProgress'],
): Promise<Float32Array[]> {
  const n = examples.length;
  const ecg = new Float32Array(n * ECG_VALUES);
  const cxr = new Float32Array(n * CXR_PIXELS);
  const labs = new Float32Array(n * LAB_VALUES);
  examples.forEach((e, i) => {
    ecg.set(e.ecg, i * ECG_VALUES);
    cxr.set(e.cxr, i * CXR_PIXELS);
    labs.set(vectoriseLabs(e.labs, ecdf), i * LAB_VALUES);
  });
  const out = MODALITY_SUBSETS.map(() => new Float32Array(n * 7));
  for (let start = 0; start < n; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, n - start) }, (_, i) => start + i);
    const b = rows.length;
    const inputs = {
      ecg: { shape: [b, 12, 1000], data: gatherRows(ecg, ECG_VALUES, rows) },
      cxr: { shape: [b, 3, 224, 224], data: expandCxr(gatherRows(cxr, CXR_PIXELS, rows), b) },
      labs: { shape: [b, LAB_VALUES], data: gatherRows(labs, LAB_VALUES, rows) },
    };
    for (const [s, subset] of MODALITY_SUBSETS.entries()) {
      const row = MODALITIES.map((m: Modality) => (subset.includes(m) ? 1 : 0));
      const mask = new Float32Array(b * 3);
      for (let i = 0; i < b; i++) mask.set(row, i * 3);
      const result = await model.infer({ ...inputs, modalityMask: { shape: [b, 3], data: mask } });
      (out[s] as Float32Array).set(result.logits.data, start * 7);
    }
    onProgress?.('inference', start + b, n);
  }
  return out;
}

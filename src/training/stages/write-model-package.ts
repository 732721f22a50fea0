/**
 * Stage (e): exports every graph and writes the model package (architecture.md, "The model package contract"):
 * manifest.json (validated against modelManifestSchema before it is written), the ONNX graphs, lab-ecdf.json,
 * evaluation.json (cohort settings and the full evaluation with ablations) and MODEL_CARD.md, each with its SHA-256.
 */
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DISEASE_IDS, getDisease, LABS, MODEL_LEAD_ORDER } from '../../shared';
import { modelManifestSchema, type ModelManifest } from '../../model/package/manifest-schema';
import { fileSha256 } from '../../model/package/file-sha256';
import { labEcdfToJson } from '../../model/preprocess/lab-ecdf-json';
import { CXR_PREPROCESSING } from '../../model/preprocess/preprocess-cxr';
import { TrainingError } from '../engine/training-error';
import { exportPerceptionGraphs } from '../onnx/export-perception-onnx';
import { renderModelCard } from './model-card';
import { toManifestMetrics } from './package-metrics';
import type { PipelineResult } from './run-training-pipeline';

/** File names inside the package. */
export const PACKAGE_FILES = {
  perception: 'perception.onnx',
  ecgEncoder: 'ecg-encoder.onnx',
  cxrEncoder: 'cxr-encoder.onnx',
  labEncoder: 'lab-encoder.onnx',
  fusion: 'fusion.onnx',
  ecdf: 'lab-ecdf.json',
  evaluation: 'evaluation.json',
  modelCard: 'MODEL_CARD.md',
} as const;

/** What evaluation.json holds: how to rebuild the test split, and every table. */
export interface EvaluationFile {
  format: 'medtvt-evaluation/1';
  cohort: {
    seed: number;
    patients: number;
    prevalence: string | null;
    split: { train: number; validation: number; test: number };
  };
  recipe: PipelineResult['recipe'];
  metrics: PipelineResult['metrics'];
  ablations: PipelineResult['ablations'];
  timings: PipelineResult['timings'];
  losses: PipelineResult['losses'];
}

export interface WritePackageOptions {
  dir: string;
  name: string;
  version: string;
  command: string;
  wallSeconds: number;
  /** Sessions the run took (1 + number of --resume continuations). */
  sessions?: number;
  /** ISO 8601 creation time. */
  createdAt: string;
  /** The real-data transfer report (Markdown) for the model card, when it has been measured. */
  realDataMarkdown?: string;
  /**
   * Formats each text file before it is written and hashed (the CLI passes the repository's Prettier, so that the
   * committed package passes `npm run format:check` unchanged); the text as it is by default.
   */
  format?: (path: string, text: string) => Promise<string>;
}

/** Writes the package; returns the manifest and the total size in bytes. */
export async function writeModelPackage(
  result: PipelineResult,
  options: WritePackageOptions,
): Promise<{ manifest: ModelManifest; bytes: number }> {
  const { dir } = options;
  const prettierFormat = options.format ?? ((_path: string, text: string) => Promise.resolve(text));
  await mkdir(dir, { recursive: true });
  // Only the files a package consists of are replaced; anything else in the folder is left alone.
  for (const file of [...Object.values(PACKAGE_FILES), 'manifest.json']) await rm(join(dir, file), { force: true });
  const graphs = exportPerceptionGraphs(result.params, result.config);
  const evaluation: EvaluationFile = {
    format: 'medtvt-evaluation/1',
    cohort: {
      seed: result.recipe.seed,
      patients: result.recipe.patients,
      prevalence: result.recipe.prevalence ?? null,
      split: result.recipe.split,
    },
    recipe: result.recipe,
    metrics: result.metrics,
    ablations: result.ablations,
    timings: result.timings,
    losses: result.losses,
  };
  const payload: [string, Uint8Array | string][] = [
    [PACKAGE_FILES.perception, graphs.perception],
    [PACKAGE_FILES.ecgEncoder, graphs.ecgEncoder],
    [PACKAGE_FILES.cxrEncoder, graphs.cxrEncoder],
    [PACKAGE_FILES.labEncoder, graphs.labEncoder],
    [PACKAGE_FILES.fusion, graphs.fusion],
    [PACKAGE_FILES.ecdf, `${JSON.stringify(labEcdfToJson(result.dataset.labEcdf))}\n`],
    [PACKAGE_FILES.evaluation, `${JSON.stringify(evaluation, replaceNaN, 1)}\n`],
  ];
  const fileSizes: Record<string, number> = {};
  for (const [file, bytes] of payload) {
    await writeFile(join(dir, file), typeof bytes === 'string' ? await prettierFormat(join(dir, file), bytes) : bytes);
    fileSizes[file] = (await stat(join(dir, file))).size;
  }
  const cardPath = join(dir, PACKAGE_FILES.modelCard);
  await writeFile(cardPath, await prettierFormat(cardPath, renderModelCard({ ...options, result, fileSizes })));
  const files: Record<string, string> = {};
  for (const file of [...payload.map(([f]) => f), PACKAGE_FILES.modelCard])
    files[file] = await fileSha256(join(dir, file));
  const s = result.dataset.splits;
  const manifest = {
    name: options.name,
    version: options.version,
    createdAt: options.createdAt,
    intendedUse: 'Demonstration and integration testing only; trained on synthetic patients; not for clinical use.',
    trainingData: {
      source: `synthetic cohort (src/synth), seed ${result.recipe.seed}, all modalities, ${result.recipe.patients} admissions; split by patient id (SHA-256), ECDF on train only`,
      size: s.train.size + s.validation.size + s.test.size,
      splits: { train: s.train.size, validation: s.validation.size, test: s.test.size },
    },
    metrics: {
      validation: toManifestMetrics(result.metrics.validation),
      test: toManifestMetrics(result.metrics.test),
    },
    diseases: DISEASE_IDS.map((id, j) => ({
      id,
      display: getDisease(id).answer,
      threshold: result.calibration.thresholds[j] as number,
      temperature: result.calibration.temperatures[j] as number,
    })),
    inputs: {
      ecg: { leads: [...MODEL_LEAD_ORDER], sampleRateHz: 100, samples: 1000, unit: 'mV' },
      cxr: {
        resizeShortSide: 400,
        crop: 224,
        channels: 3,
        mean: [...CXR_PREPROCESSING.mean],
        std: [...CXR_PREPROCESSING.std],
      },
      labs: {
        labs: LABS.map((lab) => ({ id: lab.id, itemid: lab.itemid, loinc: lab.loinc, unit: lab.unit })),
        ecdf: PACKAGE_FILES.ecdf,
        presenceFlag: 'present=1',
      },
    },
    graphs: {
      perception: PACKAGE_FILES.perception,
      encoders: { ecg: PACKAGE_FILES.ecgEncoder, cxr: PACKAGE_FILES.cxrEncoder, labs: PACKAGE_FILES.labEncoder },
      fusion: PACKAGE_FILES.fusion,
    },
    modelCard: PACKAGE_FILES.modelCard,
    files,
  };
  const parsed = modelManifestSchema.safeParse(manifest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TrainingError(
      `model package ${dir}: manifest.json would be invalid at ${issue?.path.join('.') ?? '(root)'}: ${issue?.message ?? ''}`,
    );
  }
  const manifestPath = join(dir, 'manifest.json');
  await writeFile(manifestPath, await prettierFormat(manifestPath, JSON.stringify(parsed.data, null, 2)));
  const bytes = Object.values(fileSizes).reduce((a, b) => a + b, 0);
  return { manifest: parsed.data, bytes };
}

/** JSON has no NaN: an undefined metric (a class absent from a split) is written as null. */
function replaceNaN(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

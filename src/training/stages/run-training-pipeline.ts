/**
 * The whole training pipeline (issue 4, deliverable 4): cohort → patient-disjoint splits → encoder stage → frozen
 * encoders' features cached through onnxruntime → fusion stage with modality dropout → per-disease temperatures and
 * thresholds on validation → metrics on validation and test → ablations. Returns everything the package writer
 * needs; writes only checkpoints (under `workDir`).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MODALITIES, type Modality } from '../../shared';
import { buildCohortDataset, type CohortDataset } from '../dataset/cohort-dataset';
import { generateExamples } from '../dataset/generate-examples';
import type { DiseaseCalibration } from '../calibration/calibrate-diseases';
import type { HostParams } from '../engine/param-tree';
import type { ProgressStream } from '../engine/progress';
import type { AblationResult } from '../evaluate/ablation-types';
import { calibrateAndEvaluate, evaluateLogits } from '../evaluate/evaluate-logits';
import type { DiseaseMetricsTable } from '../metrics/disease-metrics';
import { perceptionConfig, type PerceptionConfig } from '../model/perception-config';
import { trainEncoderStage } from './encoder-stage';
import { cacheFeatures, type SplitFeatures } from './feature-cache';
import { trainFusionStage } from './fusion-stage';
import type { MaskPolicy } from './modality-masks';
import { predictFusion } from './predict-fusion';
import type { TrainingRecipe } from './training-recipe';

/** Where the pipeline reports; progress bars go to `stream`. */
export interface PipelineReporter {
  stream?: ProgressStream | false;
  /** A stage starts or ends (one line). */
  stage(message: string): void;
  /** Counted work outside the step loops (generation, caching). */
  count(label: string, done: number, total: number): void;
}

export interface PipelineResult {
  recipe: TrainingRecipe;
  config: PerceptionConfig;
  dataset: CohortDataset;
  /** Encoders + projectors + fusion + head. */
  params: HostParams;
  calibration: DiseaseCalibration;
  metrics: { validation: DiseaseMetricsTable; test: DiseaseMetricsTable };
  ablations: AblationResult[];
  /** Wall time per stage, s. */
  timings: Record<string, number>;
  losses: Record<string, { first: number; last: number; steps: number }>;
}

/** The seven modality subsets, singles first. */
export const MODALITY_SUBSETS: readonly Modality[][] = [
  ['ecg'],
  ['cxr'],
  ['labs'],
  ['ecg', 'cxr'],
  ['ecg', 'labs'],
  ['cxr', 'labs'],
  ['ecg', 'cxr', 'labs'],
];

/** Runs the pipeline. */
export async function runTrainingPipeline(
  recipe: TrainingRecipe,
  workDir: string,
  report: PipelineReporter,
): Promise<PipelineResult> {
  // Stage times accumulate over sessions (a resumed run restores finished stages in ~0 s): earlier sessions'
  // times are read from, and each finished stage written to, timings.json in the work folder.
  const timingsFile = join(workDir, 'timings.json');
  const timings: Record<string, number> = await readTimings(timingsFile);
  const losses: PipelineResult['losses'] = {};
  const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    report.stage(`${name}…`);
    const started = performance.now();
    const value = await run();
    const seconds = (performance.now() - started) / 1000;
    timings[name] = (timings[name] ?? 0) + seconds;
    report.stage(`${name} done in ${seconds.toFixed(1)} s`);
    await mkdir(workDir, { recursive: true });
    await writeFile(timingsFile, `${JSON.stringify(timings)}\n`);
    return value;
  };
  const config = perceptionConfig(recipe.preset);
  const progress = report.stream;

  const examples = await timed('cohort', () =>
    generateExamples({
      seed: recipe.seed,
      ...(recipe.prevalence ? { prevalence: recipe.prevalence } : {}),
      indices: Array.from({ length: recipe.patients }, (_, i) => i),
      ...(recipe.workers !== undefined ? { workers: recipe.workers } : {}),
      onProgress: (done, total) => report.count('cohort', done, total),
    }),
  );
  const dataset = buildCohortDataset(examples, recipe.split);
  examples.length = 0;
  const { train, validation, test } = dataset.splits;
  report.stage(`splits (patient-disjoint): train ${train.size}, validation ${validation.size}, test ${test.size}`);

  const encoders: HostParams = {};
  for (const modality of ['labs', 'ecg', 'cxr'] as const) {
    const result = await timed(`encoder ${modality}`, () =>
      trainEncoderStage({
        modality,
        config,
        train,
        epochs: recipe.encoder.epochs[modality],
        batchSize: recipe.encoder.batchSize,
        peakLr: recipe.encoder.peakLr[modality],
        seed: recipe.seed,
        dir: join(workDir, `encoder-${modality}`),
        progress: progress ?? undefined,
      }),
    );
    Object.assign(encoders, result.encoder);
    losses[`encoder ${modality}`] = summariseLoss(result.history, result.steps);
  }

  const features = await timed('feature cache', () =>
    cacheFeatures(encoders, config, { train, validation, test }, (m, done, total) =>
      report.count(`features ${m}`, done, total),
    ),
  );

  const fit = async (name: string, fitConfig: PerceptionConfig, masks: MaskPolicy, epochs: number) => {
    const result = await timed(name, () =>
      trainFusionStage({
        config: fitConfig,
        features: features.train,
        labels: train.labels,
        masks,
        epochs,
        batchSize: recipe.fusion.batchSize,
        peakLr: recipe.fusion.peakLr,
        weightDecay: recipe.fusion.weightDecay,
        seed: recipe.seed,
        dir: join(workDir, name.replace(/[^a-z0-9+-]+/gi, '-')),
        progress: progress ?? undefined,
        label: name,
      }),
    );
    losses[name] = summariseLoss(result.history, result.steps);
    return result.params;
  };
  const evaluateSubset = async (
    params: HostParams,
    fitConfig: PerceptionConfig,
    evalModalities: readonly Modality[][],
    calibrationModalities: readonly Modality[],
  ) => {
    const [validationLogits] = await predictFusion(params, fitConfig, features.validation, [calibrationModalities]);
    const testLogits = await predictFusion(params, fitConfig, features.test, evalModalities);
    return { validationLogits: validationLogits as Float32Array, testLogits };
  };

  const fusion = await fit('fusion', config, { kind: 'dropout' }, recipe.fusion.epochs);
  const all = [...MODALITIES];
  const main = await evaluateSubset(fusion, config, MODALITY_SUBSETS, all);
  const { calibration, ...metrics } = calibrateAndEvaluate(
    { logits: main.validationLogits, labels: validation.labels },
    { logits: main.testLogits[MODALITY_SUBSETS.length - 1] as Float32Array, labels: test.labels },
  );

  const ablations: AblationResult[] = MODALITY_SUBSETS.map((subset, i) => ({
    name: `masked:${subset.join('+')}`,
    description: `shipped model, only ${subset.join('+')} given (mask)`,
    modalities: subset,
    kind: 'masked' as const,
    test: evaluateLogits(main.testLogits[i] as Float32Array, test.labels, calibration),
  }));
  if (recipe.ablations) {
    const retrain = async (
      name: string,
      description: string,
      fitConfig: PerceptionConfig,
      subset: Modality[],
      masks: MaskPolicy,
    ) => {
      const params = await fit(name, fitConfig, masks, recipe.ablationEpochs);
      const logits = await evaluateSubset(params, fitConfig, [subset], subset);
      const evaluated = calibrateAndEvaluate(
        { logits: logits.validationLogits, labels: validation.labels },
        { logits: logits.testLogits[0] as Float32Array, labels: test.labels },
      );
      ablations.push({ name, description, modalities: subset, kind: 'retrained', test: evaluated.test });
    };
    for (const subset of MODALITY_SUBSETS) {
      const name = `retrained:${subset.join('+')}`;
      await retrain(name, `fusion retrained on ${subset.join('+')} only`, config, subset, {
        kind: 'fixed',
        modalities: subset,
      });
    }
    // The switches keep the shipped recipe (modality dropout) and are evaluated with all three modalities.
    const switches: [string, string, PerceptionConfig][] = [
      ['concat', 'plain concatenation instead of the MPL', perceptionConfig(recipe.preset, { fusion: 'concat' })],
      ['no-cmha', 'MPL without CMHA (CAO only)', perceptionConfig(recipe.preset, { useCmha: false })],
      ['no-cao', 'MPL without CAO (CMHA only)', perceptionConfig(recipe.preset, { useCao: false })],
    ];
    for (const [name, description, switched] of switches) {
      await retrain(name, description, switched, all, { kind: 'dropout' });
    }
  }
  return {
    recipe,
    config,
    dataset,
    params: { ...encoders, ...fusion },
    calibration,
    metrics,
    ablations,
    timings,
    losses,
  };
}

/** Stage times of earlier sessions of this work folder, s (none when it has no timings.json). */
async function readTimings(file: string): Promise<Record<string, number>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  return JSON.parse(text) as Record<string, number>;
}

function summariseLoss(history: { loss: number }[], steps: number): { first: number; last: number; steps: number } {
  const mean = (xs: { loss: number }[]) => xs.reduce((s, r) => s + r.loss, 0) / Math.max(1, xs.length);
  const window = Math.max(1, Math.min(20, Math.floor(history.length / 10)));
  return { first: mean(history.slice(0, window)), last: mean(history.slice(-window)), steps };
}

export type { SplitFeatures };

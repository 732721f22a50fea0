/**
 * `npm run train`: trains the perception model on the synthetic cohort and writes a model package. Progress bars go
 * to stderr; the summary (splits, test metrics, ablations, package size) to stdout. Exit status 2 for bad
 * arguments, 1 for a failed run.
 */
import { rm } from 'node:fs/promises';
import { isAppError } from '../../shared/errors';
import { initEngine } from '../engine/engine';
import { formatAblationTable, formatDiseaseTable } from '../evaluate/format-metrics';
import { runTrainingPipeline } from '../stages/run-training-pipeline';
import { writeModelPackage } from '../stages/write-model-package';
import { CountProgress } from './count-progress';
import { parseTrainArgs, TRAIN_USAGE, TrainArgsError } from './train-args';

async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseTrainArgs(argv);
  } catch (error) {
    if (error instanceof TrainArgsError) {
      process.stderr.write(`train: ${error.message}\n${TRAIN_USAGE}\n`);
      return 2;
    }
    throw error;
  }
  const started = performance.now();
  const engine = await initEngine();
  process.stderr.write(`train: jax-js ${engine.device}, ${engine.threads} thread(s); work folder ${args.work}\n`);
  if (!args.resume) await rm(args.work, { recursive: true, force: true });
  const counter = new CountProgress();
  const result = await runTrainingPipeline(args.recipe, args.work, {
    stage: (message) => process.stderr.write(`train: ${message}\n`),
    count: (label, done, total) => counter.update(label, done, total),
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const { bytes } = await writeModelPackage(result, {
    dir: args.out,
    name: 'medtvt-fhir-perception-default',
    version: `0.1.0+seed${args.recipe.seed}.n${args.recipe.patients}`,
    command: args.command,
    wallSeconds,
    createdAt: new Date().toISOString(),
  });
  const s = result.dataset.splits;
  process.stdout.write(
    [
      `model package written to ${args.out} (${(bytes / 1e6).toFixed(2)} MB of graphs and data)`,
      `wall time ${(wallSeconds / 60).toFixed(1)} min; splits train ${s.train.size}, validation ${s.validation.size}, test ${s.test.size}`,
      '',
      'TEST split, all three modalities:',
      formatDiseaseTable(result.metrics.test),
      '',
      'Ablations (test split):',
      formatAblationTable(result.ablations),
      '',
    ].join('\n'),
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = isAppError(error) || error instanceof Error ? error.message : String(error);
    process.stderr.write(`train: failed: ${message}\n`);
    process.exit(1);
  },
);

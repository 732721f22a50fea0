/**
 * `npm run train`: trains the perception model on the synthetic cohort and writes a model package. Progress bars go
 * to stderr; the summary (splits, test metrics, ablations, package size) to stdout. Exit status 2 for bad
 * arguments, 1 for a failed run.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createLogger } from '../../shared';
import { isAppError } from '../../shared/errors';
import { initEngine } from '../engine/engine';
import { formatAblationTable, formatDiseaseTable } from '../evaluate/format-metrics';
import { runTrainingPipeline } from '../stages/run-training-pipeline';
import { writeModelPackage } from '../stages/write-model-package';
import { evaluateRealData } from '../real-data/evaluate-real-data';
import { formatRealDataReport } from '../real-data/format-real-data-report';
import { CountProgress } from './count-progress';
import { prettierFormat } from './prettier-format';
import { parseTrainArgs, TRAIN_USAGE, TrainArgsError } from './train-args';

/** The real data ships beside the repository, not in it (../shared/data); absent parts are skipped. */
const REAL_DATA_DIR = path.resolve(__dirname, '../../..', '../shared/data');

const WALL_FILE = 'wall.json';

/** Wall time and session count of earlier sessions in the work folder (zero when none finished). */
async function readWall(work: string): Promise<{ seconds: number; sessions: number }> {
  let text: string;
  try {
    text = await readFile(path.join(work, WALL_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { seconds: 0, sessions: 0 };
    throw error;
  }
  return JSON.parse(text) as { seconds: number; sessions: number };
}

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
  // Wall time accumulates over sessions of one work folder (a --resume continues the same run).
  const earlier = await readWall(args.work);
  const counter = new CountProgress();
  const result = await runTrainingPipeline(args.recipe, args.work, {
    stage: (message) => process.stderr.write(`train: ${message}\n`),
    count: (label, done, total) => counter.update(label, done, total),
  });
  const packageOptions = {
    dir: args.out,
    name: 'medtvt-fhir-perception-default',
    version: `0.1.0+seed${args.recipe.seed}.n${args.recipe.patients}`,
    command: args.command,
    wallSeconds: earlier.seconds + (performance.now() - started) / 1000,
    sessions: earlier.sessions + 1,
    createdAt: new Date().toISOString(),
    format: prettierFormat,
  };
  await writeModelPackage(result, packageOptions);
  // The transfer report needs the written package; the card is then written again with it.
  process.stderr.write('train: real-data transfer (ECG path on PTB-XL, lab path on the MIMIC-IV demo)…\n');
  const report = await evaluateRealData({
    modelDir: args.out,
    dataDir: REAL_DATA_DIR,
    executionProvider: 'cpu',
    logger: createLogger({ level: 'warn' }),
  });
  const realDataMarkdown = ['```', formatRealDataReport(report).trimEnd(), '```'].join('\n');
  const wallSeconds = earlier.seconds + (performance.now() - started) / 1000;
  await writeFile(
    path.join(args.work, WALL_FILE),
    `${JSON.stringify({ seconds: wallSeconds, sessions: earlier.sessions + 1 })}\n`,
  );
  const { bytes } = await writeModelPackage(result, { ...packageOptions, wallSeconds, realDataMarkdown });
  const s = result.dataset.splits;
  process.stdout.write(
    [
      `model package written to ${args.out} (${(bytes / 1e6).toFixed(2)} MB of graphs and data)`,
      `wall time ${(wallSeconds / 60).toFixed(1)} min over ${earlier.sessions + 1} session(s); splits train ${s.train.size}, validation ${s.validation.size}, test ${s.test.size}`,
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

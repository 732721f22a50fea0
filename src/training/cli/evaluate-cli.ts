/**
 * `npm run evaluate -- --model models/default [--patients N] [--workers K]`: prints the package's metrics on the
 * held-out synthetic TEST split (per disease and macro, the paper's example-based metrics), the shipped model with
 * each modality subset masked, and the retrained ablations recorded by the training run. Exit 2 for bad arguments,
 * 1 for a failure.
 */
import { parseArgs } from 'node:util';
import { isAppError } from '../../shared/errors';
import { evaluatePackage } from '../evaluate/evaluate-package';
import { formatAblationTable, formatDiseaseTable } from '../evaluate/format-metrics';
import { CountProgress } from './count-progress';

const USAGE = 'usage: npm run evaluate -- --model DIR [--patients N] [--workers K]';

function parse(argv: string[]): { model: string; patients?: number; workers?: number } {
  const { values } = parseArgs({
    args: argv,
    options: { model: { type: 'string' }, patients: { type: 'string' }, workers: { type: 'string' } },
    strict: true,
  });
  if (values.model === undefined) throw new RangeError('--model is required (a model package folder)');
  const integer = (value: string | undefined, name: string, min: number) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new RangeError(`--${name} must be an integer ≥ ${min}, got "${value}"`);
    return n;
  };
  const patients = integer(values.patients, 'patients', 1);
  const workers = integer(values.workers, 'workers', 0);
  return {
    model: values.model,
    ...(patients !== undefined ? { patients } : {}),
    ...(workers !== undefined ? { workers } : {}),
  };
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parse(argv);
  } catch (error) {
    process.stderr.write(`evaluate: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const counter = new CountProgress();
  const result = await evaluatePackage({
    dir: args.model,
    ...(args.patients !== undefined ? { patients: args.patients } : {}),
    ...(args.workers !== undefined ? { workers: args.workers } : {}),
    onProgress: (label, done, total) => counter.update(label, done, total),
  });
  process.stdout.write(
    [
      `Model package ${args.model}: held-out synthetic TEST split of cohort seed ${result.seed} (patients 0–${result.patients - 1}): ${result.testSize} patients`,
      '',
      'All three modalities:',
      formatDiseaseTable(result.full),
      '',
      'Shipped model with modalities masked:',
      formatAblationTable(result.masked),
      '',
      'Fusion retrained per subset / switch (recorded by the training run on its test split):',
      result.recorded.length > 0
        ? formatAblationTable(result.recorded)
        : '(none recorded: trained with --no-ablations)',
      '',
    ].join('\n'),
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = isAppError(error) || error instanceof Error ? error.message : String(error);
    process.stderr.write(`evaluate: failed: ${message}\n`);
    process.exit(1);
  },
);

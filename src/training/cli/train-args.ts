/**
 * Arguments of `npm run train`:
 *
 *   npm run train -- --out models/default --seed 1 --patients 4000 [--preset default] [--epochs N]
 *     [--encoder-epochs N] [--resume] [--work DIR] [--no-ablations]
 */
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import { defaultRecipe, type TrainingRecipe } from '../stages/training-recipe';

export interface TrainArgs {
  out: string;
  /** Checkpoints and stage state (default out/train/seed-<seed>-n<patients>, git-ignored). */
  work: string;
  resume: boolean;
  recipe: TrainingRecipe;
  /** The command line that reproduces this run. */
  command: string;
}

/** A bad command line: the message says which option and why; the CLI exits with status 2. */
export class TrainArgsError extends AppError {
  constructor(reason: string) {
    super('usage', reason);
  }
}

export const TRAIN_USAGE =
  'usage: npm run train -- --out DIR --seed S --patients N [--preset default|paper] [--epochs N] [--encoder-epochs N] [--resume] [--work DIR] [--no-ablations]';

function positiveInteger(value: string | undefined, option: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new TrainArgsError(`--${option} is required`);
    return fallback;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new TrainArgsError(`--${option} must be a positive integer, got "${value}"`);
  return n;
}

/** @throws TrainArgsError on a missing or malformed option */
export function parseTrainArgs(argv: readonly string[]): TrainArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        out: { type: 'string' },
        seed: { type: 'string' },
        patients: { type: 'string' },
        preset: { type: 'string' },
        epochs: { type: 'string' },
        'encoder-epochs': { type: 'string' },
        resume: { type: 'boolean' },
        work: { type: 'string' },
        'no-ablations': { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new TrainArgsError((error as Error).message);
  }
  if (values.out === undefined) throw new TrainArgsError('--out is required (the package folder to write)');
  const seed = Number(values.seed ?? '1');
  if (!Number.isInteger(seed) || seed < 0)
    throw new TrainArgsError(`--seed must be a non-negative integer, got "${values.seed}"`);
  const patients = positiveInteger(values.patients, 'patients');
  if (patients < 100)
    throw new TrainArgsError(`--patients must be at least 100 for three non-empty splits, got ${patients}`);
  const preset = values.preset ?? 'default';
  if (preset !== 'default' && preset !== 'paper') {
    throw new TrainArgsError(`--preset must be "default" or "paper", got "${preset}"`);
  }
  const recipe = defaultRecipe(seed, patients);
  recipe.preset = preset;
  if (values.epochs !== undefined) {
    recipe.fusion.epochs = positiveInteger(values.epochs, 'epochs');
    recipe.ablationEpochs = recipe.fusion.epochs;
  }
  if (values['encoder-epochs'] !== undefined) {
    const e = positiveInteger(values['encoder-epochs'], 'encoder-epochs');
    recipe.encoder.epochs = { ecg: e, cxr: e, labs: Math.max(e, recipe.encoder.epochs.labs) };
  }
  recipe.ablations = values['no-ablations'] !== true;
  const reproduce = argv.filter((a) => a !== '--resume');
  return {
    out: values.out,
    work: values.work ?? `out/train/seed-${seed}-n${patients}`,
    resume: values.resume === true,
    recipe,
    command: `npm run train -- ${reproduce.join(' ')}`,
  };
}

/** Arguments of `npm run synth:realism`, validated with messages that name the option and what is wrong. */
import { parseArgs } from 'node:util';
import { AppError } from '../../shared';
import { parseCohortSeed } from '../admission/cohort-seed';
import { REALISM_DEFAULTS } from './build-realism-report';

export const REALISM_USAGE = `Usage: npm run synth:realism -- [options]

Prints how the synthetic cohort compares with real data: labs vs the MIMIC-IV demo, ECG features vs PTB-XL, and
the ECG generator's ground truth vs the measurements of src/signal on the same records.

  --patients N        synthetic lab patients (default ${REALISM_DEFAULTS.patients})
  --seed S            seed of every synthetic draw, an integer or a word (default ${REALISM_DEFAULTS.seed})
  --ecgs N            synthetic ECGs for the ground-truth check (default ${REALISM_DEFAULTS.truthEcgs})
  --ecgs-per-group N  synthetic ECGs per PTB-XL group (default ${REALISM_DEFAULTS.ecgsPerGroup})
  --data DIR          folder holding mimic-iv-demo/ and ptb-xl/ (default: ../shared/data beside the repository);
                      the real-data sides are skipped, with a message, when it is absent
  --json FILE         also write the report as JSON to FILE
  --help              this text
`;

/** A bad command line: the message says which option and why; the CLI exits with status 2. */
export class RealismUsageError extends AppError {
  constructor(reason: string) {
    super('usage', reason);
  }
}

export interface RealismCliArgs {
  patients: number;
  seed: number | string;
  truthEcgs: number;
  ecgsPerGroup: number;
  dataDir: string;
  json?: string;
}

const LIMITS = { patients: 1_000_000, ecgs: 100_000 } as const;

function count(option: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || Number(text) > max) {
    throw new RealismUsageError(`--${option} must be an integer from 1 to ${max}, got "${text}"`);
  }
  return Number(text);
}

/**
 * @param argv - arguments after the script name
 * @param defaultDataDir - data folder when --data is not given
 * @returns the arguments, or `'help'` when --help was asked for
 * @throws RealismUsageError on an unknown option or a bad value
 */
export function parseRealismArgs(argv: readonly string[], defaultDataDir: string): RealismCliArgs | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        patients: { type: 'string' },
        seed: { type: 'string' },
        ecgs: { type: 'string' },
        'ecgs-per-group': { type: 'string' },
        data: { type: 'string' },
        json: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new RealismUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return 'help';
  const text = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  const seedText = text('seed');
  if (seedText !== undefined && seedText.trim() === '') throw new RealismUsageError('--seed must not be empty');
  const json = text('json');
  if (json !== undefined && json.trim() === '') throw new RealismUsageError('--json needs a file name');
  const data = text('data');
  if (data !== undefined && data.trim() === '') throw new RealismUsageError('--data needs a folder');
  return {
    patients: count('patients', text('patients'), REALISM_DEFAULTS.patients, LIMITS.patients),
    seed: seedText === undefined ? REALISM_DEFAULTS.seed : parseCohortSeed(seedText),
    truthEcgs: count('ecgs', text('ecgs'), REALISM_DEFAULTS.truthEcgs, LIMITS.ecgs),
    ecgsPerGroup: count('ecgs-per-group', text('ecgs-per-group'), REALISM_DEFAULTS.ecgsPerGroup, LIMITS.ecgs),
    dataDir: data ?? defaultDataDir,
    ...(json !== undefined ? { json } : {}),
  };
}

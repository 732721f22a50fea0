/** Arguments of `npm run evaluate:real`, validated with messages that name the option and what is wrong. */
import { parseArgs } from 'node:util';
import { EXECUTION_PROVIDERS, type ExecutionProvider } from '../../model/runtime/create-session';
import { AppError } from '../../shared';

export const REAL_DATA_USAGE = `Usage: npm run evaluate:real -- --model DIR [options]

Prints how a model package trained on the synthetic cohort transfers to real data: the ECG path alone on PTB-XL
(AFIB/AFLT, LVH, MI, each vs the rest) and the lab path alone on the MIMIC-IV demo admissions (labs within ±24 h of
admission, ICD-derived labels), as AUROC with the counts of positives and negatives.

  --model DIR   model package folder (e.g. models/default)
  --data DIR    folder holding ptb-xl/ and mimic-iv-demo/ (default: ../shared/data beside the repository);
                each part is skipped, with a message, when its data is absent
  --ep NAME     execution provider: ${EXECUTION_PROVIDERS.join(', ')} (default cpu; falls back to cpu, logged)
  --json FILE   also write the report as JSON to FILE
  --help        this text
`;

/** A bad command line: the message says which option and why; the CLI exits with status 2. */
export class RealDataUsageError extends AppError {
  constructor(reason: string) {
    super('usage', reason);
  }
}

export interface RealDataCliArgs {
  modelDir: string;
  dataDir: string;
  executionProvider: ExecutionProvider;
  json?: string;
}

function isExecutionProvider(value: string): value is ExecutionProvider {
  return (EXECUTION_PROVIDERS as readonly string[]).includes(value);
}

/**
 * @param argv - arguments after the script name
 * @param defaultDataDir - data folder when --data is not given
 * @returns the arguments, or `'help'` when --help was asked for
 * @throws RealDataUsageError on an unknown option, a missing --model or a bad value
 */
export function parseRealDataArgs(argv: readonly string[], defaultDataDir: string): RealDataCliArgs | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        model: { type: 'string' },
        data: { type: 'string' },
        ep: { type: 'string' },
        json: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new RealDataUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return 'help';
  const text = (name: string): string | undefined => {
    const value = values[name];
    if (typeof value !== 'string') return undefined;
    if (value.trim() === '') throw new RealDataUsageError(`--${name} must not be empty`);
    return value;
  };
  const modelDir = text('model');
  if (modelDir === undefined) throw new RealDataUsageError('--model DIR is required (e.g. --model models/default)');
  const ep = text('ep') ?? 'cpu';
  if (!isExecutionProvider(ep)) {
    throw new RealDataUsageError(`--ep must be one of ${EXECUTION_PROVIDERS.join(', ')}, got "${ep}"`);
  }
  const json = text('json');
  return {
    modelDir,
    dataDir: text('data') ?? defaultDataDir,
    executionProvider: ep,
    ...(json !== undefined ? { json } : {}),
  };
}

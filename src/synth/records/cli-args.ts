/**
 * Arguments of `npm run synth`, validated with messages that name the option and what is wrong.
 */
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import { parseCohortSeed } from '../admission/cohort-seed';
import { PREVALENCE_NAMES, type PrevalenceName } from '../admission/synthetic-admission';
import type { CxrFileFormat } from '../fhir/cxr-resources';

export const SYNTH_USAGE = `Usage: npm run synth -- --patients N --out DIR [options]

Writes a synthetic multimodal cohort (labs, 12-lead ECG, chest X-ray, diagnoses).

  --patients N        number of patients (1 to 1000000)
  --out DIR           output folder (created if missing)
  --seed S            cohort seed, an integer or a word (default 1); same seed, same bytes
  --format F          fhir: one transaction Bundle JSON per patient (default)
                      records: manifest.jsonl + ecg/<id>.npy + cxr/<id>.png for Python/PyTorch
  --prevalence P      medtvt-qa (default) or mimic-demo: disease prevalence table
  --workers K         worker threads (default: number of cores); 0 = no threads
  --cxr-format F      dicom (default) or png: how Bundles carry the chest X-ray
  --all-modalities    give every patient labs, ECG and CXR (default: each absent at realistic rates)
  --help              this text
`;

/** A bad command line: the message says which option and why; the CLI exits with status 2. */
export class CliUsageError extends AppError {
  constructor(reason: string) {
    super('usage', reason);
  }
}

export interface SynthCliArgs {
  patients: number;
  out: string;
  seed: number | string;
  format: 'fhir' | 'records';
  prevalence?: PrevalenceName;
  workers: number;
  cxrFormat: CxrFileFormat;
  allModalities: boolean;
}

const MAX_PATIENTS = 1_000_000;
const MAX_WORKERS = 256;

/**
 * @param argv - arguments after the script name
 * @param defaultWorkers - worker count when --workers is not given (the number of cores)
 * @returns the arguments, or `'help'` when --help was asked for
 * @throws CliUsageError on an unknown option, a missing required one or a bad value
 */
export function parseSynthArgs(argv: readonly string[], defaultWorkers: number): SynthCliArgs | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        patients: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        format: { type: 'string' },
        prevalence: { type: 'string' },
        workers: { type: 'string' },
        'cxr-format': { type: 'string' },
        'all-modalities': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';

  const patients = integerOption('--patients', values.patients, 1, MAX_PATIENTS);
  if (typeof values.out !== 'string' || values.out.trim() === '') {
    throw new CliUsageError('--out DIR is required: the folder to write the cohort to');
  }
  const format = choiceOption('--format', values.format, ['fhir', 'records'] as const) ?? 'fhir';
  const cxrFormat = choiceOption('--cxr-format', values['cxr-format'], ['dicom', 'png'] as const) ?? 'dicom';
  const prevalence = choiceOption('--prevalence', values.prevalence, PREVALENCE_NAMES);
  const workers =
    values.workers === undefined ? defaultWorkers : integerOption('--workers', values.workers, 0, MAX_WORKERS);
  return {
    patients,
    out: values.out,
    seed: seedOption(values.seed),
    format,
    ...(prevalence ? { prevalence } : {}),
    workers,
    cxrFormat,
    allModalities: values['all-modalities'] === true,
  };
}

function integerOption(name: string, value: string | boolean | undefined, min: number, max: number): number {
  if (typeof value !== 'string') throw new CliUsageError(`${name} is required (an integer from ${min} to ${max})`);
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
    throw new CliUsageError(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return Number(value);
}

function choiceOption<T extends string>(
  name: string,
  value: string | boolean | undefined,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new CliUsageError(`${name} must be one of ${choices.join(', ')}, got "${String(value)}"`);
  }
  return value as T;
}

/** An integer seed in 0 … 2^32 − 1 stays a number (Random's integer seeding); anything else is a text seed. */
function seedOption(value: string | boolean | undefined): number | string {
  if (value === undefined) return 1;
  if (typeof value !== 'string' || value.trim() === '') throw new CliUsageError('--seed must not be empty');
  return parseCohortSeed(value);
}

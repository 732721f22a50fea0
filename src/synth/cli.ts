/**
 * `npm run synth -- --patients N --seed S --out DIR --format fhir|records`: writes a synthetic cohort with a
 * progress bar on stderr and a summary on stdout. Exit status: 0 done, 1 generation failed, 2 bad arguments.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { CliUsageError, parseSynthArgs, SYNTH_USAGE } from './records/cli-args';
import { generateCohort } from './records/cohort-runner';
import { createProgressReporter, type ProgressStream } from './records/progress-reporter';

/** Streams the CLI writes to (process's by default; tests pass their own). */
export interface CliIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
}

/**
 * Runs the CLI.
 *
 * @param argv - arguments after the script name
 * @param io - output streams
 * @returns the exit status
 */
export async function runSynthCli(
  argv: readonly string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let args;
  try {
    args = parseSynthArgs(argv, availableParallelism());
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    io.stderr.write(`synth: ${error.message}\n\n${SYNTH_USAGE}`);
    return 2;
  }
  if (args === 'help') {
    io.stdout.write(SYNTH_USAGE);
    return 0;
  }

  const out = path.resolve(args.out);
  const progress = createProgressReporter(io.stderr, args.patients, 'patients');
  try {
    const run = await generateCohort({
      seed: args.seed,
      patients: args.patients,
      workers: args.workers,
      ...(args.prevalence ? { prevalence: args.prevalence } : {}),
      ...(args.allModalities ? { allModalities: true } : {}),
      cxrFormat: args.cxrFormat,
      output: { kind: args.format, dir: out },
      onProgress: (done) => progress.update(done),
    });
    progress.finish();
    const seconds = run.ms / 1000;
    io.stdout.write(
      `Wrote ${args.patients} patients (${args.format}, seed ${String(args.seed)}) to ${out} ` +
        `in ${seconds.toFixed(1)} s: ${(args.patients / seconds).toFixed(1)} patients/s ` +
        `on ${run.workers === 0 ? 'the main thread' : `${run.workers} worker threads`}\n`,
    );
    return 0;
  } catch (error) {
    progress.finish();
    io.stderr.write(`synth: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  runSynthCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}

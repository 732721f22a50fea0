/**
 * `npm run synth:realism -- [--patients N] [--seed S] [--ecgs N] [--ecgs-per-group N] [--data DIR] [--json FILE]`:
 * prints the realism report on stdout (and writes it as JSON when asked). Exit status: 0 done, 1 failed, 2 bad
 * arguments.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildRealismReport } from './build-realism-report';
import { formatRealismReport } from './format-realism-report';
import { parseRealismArgs, REALISM_USAGE, RealismUsageError } from './realism-args';

/** The real data ships beside the repository, not in it (../shared/data). */
const DEFAULT_DATA_DIR = path.resolve(__dirname, '../../..', '../shared/data');

/** Streams the CLI writes to (the process's by default; tests pass their own). */
export interface RealismCliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/**
 * Runs the CLI.
 * @param argv - arguments after the script name
 * @param io - output streams
 * @returns the exit status
 */
export async function runRealismCli(
  argv: readonly string[],
  io: RealismCliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let args;
  try {
    args = parseRealismArgs(argv, DEFAULT_DATA_DIR);
  } catch (error) {
    if (!(error instanceof RealismUsageError)) throw error;
    io.stderr.write(`synth:realism: ${error.message}\n\n${REALISM_USAGE}`);
    return 2;
  }
  if (args === 'help') {
    io.stdout.write(REALISM_USAGE);
    return 0;
  }

  const started = performance.now();
  try {
    const report = await buildRealismReport({
      dataDir: path.resolve(args.dataDir),
      patients: args.patients,
      seed: args.seed,
      ecgsPerGroup: args.ecgsPerGroup,
      truthEcgs: args.truthEcgs,
    });
    io.stdout.write(formatRealismReport(report));
    if (args.json !== undefined) {
      const file = path.resolve(args.json);
      await writeFile(file, `${JSON.stringify(report, null, 2)}\n`).catch((error: unknown) => {
        throw new Error(`cannot write the JSON report to ${file}: ${error instanceof Error ? error.message : error}`, {
          cause: error,
        });
      });
      io.stderr.write(`JSON report written to ${file}\n`);
    }
    io.stderr.write(`Realism report built in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`synth:realism: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  runRealismCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}

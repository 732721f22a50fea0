/**
 * `npm run synth:realism -- [--patients N] [--seed S] [--ecgs N] [--ecgs-per-group N] [--data DIR] [--json FILE]`:
 * prints the realism report on stdout (and writes it as JSON when asked). Exit status: 0 done, 1 failed, 2 bad
 * arguments.
 */
import path from 'node:path';
import { runAsScript, runReportCommand, type CliIo } from '../../shared/report-cli';
import { buildRealismReport } from './build-realism-report';
import { formatRealismReport } from './format-realism-report';
import { parseRealismArgs, REALISM_USAGE, RealismUsageError } from './realism-args';

/** The real data ships beside the repository, not in it (../shared/data). */
const DEFAULT_DATA_DIR = path.resolve(__dirname, '../../..', '../shared/data');

/** Streams the CLI writes to (the process's by default; tests pass their own). */
export type RealismCliIo = CliIo;

/**
 * Runs the CLI.
 * @param argv - arguments after the script name
 * @param io - output streams
 * @returns the exit status
 */
export function runRealismCli(argv: readonly string[], io?: RealismCliIo): Promise<number> {
  return runReportCommand(
    {
      name: 'synth:realism',
      usage: REALISM_USAGE,
      parse: (args) => parseRealismArgs(args, DEFAULT_DATA_DIR),
      isUsageError: (error) => error instanceof RealismUsageError,
      build: (args) =>
        buildRealismReport({
          dataDir: path.resolve(args.dataDir),
          patients: args.patients,
          seed: args.seed,
          ecgsPerGroup: args.ecgsPerGroup,
          truthEcgs: args.truthEcgs,
        }),
      format: formatRealismReport,
      doneLabel: 'Realism report built',
    },
    argv,
    io,
  );
}

if (require.main === module) runAsScript(runRealismCli);

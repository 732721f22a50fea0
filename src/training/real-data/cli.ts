/**
 * `npm run evaluate:real -- --model DIR [--data DIR] [--ep cpu|cuda|webgpu] [--json FILE]`: prints the real-data
 * transfer report (and writes it as JSON when asked). Exit status: 0 done (also when the data is absent and both
 * parts were skipped), 1 failed, 2 bad arguments.
 */
import path from 'node:path';
import { createLogger } from '../../shared';
import { runAsScript, runReportCommand, type CliIo } from '../../shared/report-cli';
import { evaluateRealData } from './evaluate-real-data';
import { formatRealDataReport } from './format-real-data-report';
import { parseRealDataArgs, REAL_DATA_USAGE, RealDataUsageError } from './real-data-args';

/** The real data ships beside the repository, not in it (../shared/data). */
const DEFAULT_DATA_DIR = path.resolve(__dirname, '../../..', '../shared/data');

/** Streams the CLI writes to (the process's by default; tests pass their own). */
export type RealDataCliIo = CliIo;

/**
 * Runs the CLI.
 * @param argv - arguments after the script name
 * @param io - output streams
 * @returns the exit status
 */
export function runRealDataCli(argv: readonly string[], io?: RealDataCliIo): Promise<number> {
  return runReportCommand(
    {
      name: 'evaluate:real',
      usage: REAL_DATA_USAGE,
      parse: (args) => parseRealDataArgs(args, DEFAULT_DATA_DIR),
      isUsageError: (error) => error instanceof RealDataUsageError,
      build: (args) =>
        evaluateRealData({
          modelDir: args.modelDir,
          dataDir: args.dataDir,
          executionProvider: args.executionProvider,
          logger: createLogger({ level: 'warn' }),
        }),
      format: formatRealDataReport,
      doneLabel: 'Real-data evaluation done',
    },
    argv,
    io,
  );
}

if (require.main === module) runAsScript(runRealDataCli);

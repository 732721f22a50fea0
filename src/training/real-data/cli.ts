/**
 * `npm run evaluate:real -- --model DIR [--data DIR] [--ep cpu|cuda|webgpu] [--json FILE]`: prints the real-data
 * transfer report (and writes it as JSON when asked). Exit status: 0 done (also when the data is absent and both
 * parts were skipped), 1 failed, 2 bad arguments.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createLogger } from '../../shared';
import { evaluateRealData } from './evaluate-real-data';
import { formatRealDataReport } from './format-real-data-report';
import { parseRealDataArgs, REAL_DATA_USAGE, RealDataUsageError } from './real-data-args';

/** The real data ships beside the repository, not in it (../shared/data). */
const DEFAULT_DATA_DIR = path.resolve(__dirname, '../../..', '../shared/data');

/** Streams the CLI writes to (the process's by default; tests pass their own). */
export interface RealDataCliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/**
 * Runs the CLI.
 * @param argv - arguments after the script name
 * @param io - output streams
 * @returns the exit status
 */
export async function runRealDataCli(
  argv: readonly string[],
  io: RealDataCliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let args;
  try {
    args = parseRealDataArgs(argv, DEFAULT_DATA_DIR);
  } catch (error) {
    if (!(error instanceof RealDataUsageError)) throw error;
    io.stderr.write(`evaluate:real: ${error.message}\n\n${REAL_DATA_USAGE}`);
    return 2;
  }
  if (args === 'help') {
    io.stdout.write(REAL_DATA_USAGE);
    return 0;
  }
  const started = performance.now();
  try {
    const report = await evaluateRealData({
      modelDir: args.modelDir,
      dataDir: args.dataDir,
      executionProvider: args.executionProvider,
      logger: createLogger({ level: 'warn' }),
    });
    io.stdout.write(formatRealDataReport(report));
    if (args.json !== undefined) {
      const file = path.resolve(args.json);
      await writeFile(file, `${JSON.stringify(report, null, 2)}\n`).catch((error: unknown) => {
        throw new Error(`cannot write the JSON report to ${file}: ${error instanceof Error ? error.message : error}`, {
          cause: error,
        });
      });
      io.stderr.write(`JSON report written to ${file}\n`);
    }
    io.stderr.write(`Real-data evaluation done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`evaluate:real: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  runRealDataCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}

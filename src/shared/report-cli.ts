/**
 * The runner shared by the report commands (`npm run synth:realism`, `npm run evaluate:real`): parse the arguments,
 * build a report, print it, optionally write it as JSON, and say how long it took. Exit status: 0 done, 1 failed,
 * 2 bad arguments (the usage is printed on stderr); `help` prints the usage on stdout.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Streams a CLI writes to (the process's by default; tests pass their own). */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** What a report command is made of. */
export interface ReportCommand<Args extends { json?: string | undefined }, Report> {
  /** The npm script, as it prefixes error messages (`synth:realism`). */
  name: string;
  usage: string;
  /** @throws an error that `isUsageError` recognises when the arguments are bad */
  parse(argv: readonly string[]): Args | 'help';
  isUsageError(error: unknown): boolean;
  build(args: Args): Promise<Report>;
  format(report: Report): string;
  /** Past-tense line printed with the elapsed time on success, e.g. `Realism report built`. */
  doneLabel: string;
}

const PROCESS_IO: CliIo = { stdout: process.stdout, stderr: process.stderr };

/**
 * Runs a report command.
 * @param command - what to parse, build and print
 * @param argv - arguments after the script name
 * @param io - output streams
 * @returns the exit status
 */
export async function runReportCommand<Args extends { json?: string | undefined }, Report>(
  command: ReportCommand<Args, Report>,
  argv: readonly string[],
  io: CliIo = PROCESS_IO,
): Promise<number> {
  let args: Args | 'help';
  try {
    args = command.parse(argv);
  } catch (error) {
    if (!command.isUsageError(error)) throw error;
    io.stderr.write(`${command.name}: ${error instanceof Error ? error.message : String(error)}\n\n${command.usage}`);
    return 2;
  }
  if (args === 'help') {
    io.stdout.write(command.usage);
    return 0;
  }
  const started = performance.now();
  try {
    const report = await command.build(args);
    io.stdout.write(command.format(report));
    if (args.json !== undefined) {
      const file = path.resolve(args.json);
      await writeFile(file, `${JSON.stringify(report, null, 2)}\n`).catch((error: unknown) => {
        throw new Error(`cannot write the JSON report to ${file}: ${error instanceof Error ? error.message : error}`, {
          cause: error,
        });
      });
      io.stderr.write(`JSON report written to ${file}\n`);
    }
    io.stderr.write(`${command.doneLabel} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`${command.name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** Runs `main` with the process's arguments and sets the exit status from it (for `require.main === module`). */
export function runAsScript(main: (argv: readonly string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}

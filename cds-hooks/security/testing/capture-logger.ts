/** A pino logger that keeps its JSON lines in memory, so tests can assert what was (and was not) logged. */
import pino from 'pino';
import type { Logger } from '../../../src/shared/logger';

/** The logger and the lines it wrote, parsed and raw. */
export interface CapturedLogger {
  logger: Logger;
  /** Raw JSON lines, for "never contains" assertions. */
  lines: string[];
  /** Parsed records. */
  records: () => Array<Record<string, unknown>>;
}

/** Creates a debug-level logger that writes into memory. */
export function captureLogger(): CapturedLogger {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

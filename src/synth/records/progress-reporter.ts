/**
 * Progress of a long cohort run on stderr: on a terminal, one bar redrawn in place with count, rate and ETA; when
 * stderr is a file or a pipe (CI logs), a plain line every tenth of the run or every 5 s, whichever comes first.
 */

/** The part of a stream the reporter writes to (process.stderr, or a test double). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressReporter {
  update(done: number): void;
  /** Ends the bar's line (TTY) or prints the final count (plain). */
  finish(): void;
}

/** Plain mode prints at most this often, unless a tenth of the run has passed. */
const PLAIN_INTERVAL_MS = 5000;
/** The bar is redrawn at most this often, so that a fast run does not spend its time drawing. */
const TTY_INTERVAL_MS = 100;

/**
 * @param stream - where to write
 * @param total - number of items
 * @param label - what is counted, e.g. `patients`
 * @param now - clock in ms (performance.now by default; tests pass their own)
 */
export function createProgressReporter(
  stream: ProgressStream,
  total: number,
  label: string,
  now: () => number = () => performance.now(),
): ProgressReporter {
  const start = now();
  let lastDraw = Number.NEGATIVE_INFINITY;
  let lastPlainTime = start;
  let lastPlainCount = 0;
  let latest = 0;
  const step = Math.max(1, Math.ceil(total / 10));

  const describe = (done: number, elapsedMs: number): string => {
    const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
    const eta = rate > 0 ? (total - done) / rate : Number.NaN;
    return `${done}/${total} ${label}  ${rate.toFixed(1)}/s  ETA ${formatSeconds(eta)}`;
  };

  return {
    update(done: number): void {
      latest = done;
      const t = now();
      if (stream.isTTY) {
        if (t - lastDraw < TTY_INTERVAL_MS && done < total) return;
        lastDraw = t;
        const text = describe(done, t - start);
        const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - text.length - 4));
        const filled = total > 0 ? Math.round((width * done) / total) : width;
        stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}\x1b[K`);
        return;
      }
      if (done - lastPlainCount >= step || t - lastPlainTime >= PLAIN_INTERVAL_MS || done === total) {
        if (done === lastPlainCount) return;
        lastPlainTime = t;
        lastPlainCount = done;
        stream.write(`${describe(done, t - start)}\n`);
      }
    },
    finish(): void {
      if (stream.isTTY) {
        stream.write('\n');
      } else if (latest !== lastPlainCount) {
        stream.write(`${describe(latest, now() - start)}\n`);
      }
    },
  };
}

/** `1m05s`, `42s`, `?` when unknown. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

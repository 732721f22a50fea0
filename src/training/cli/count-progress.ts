/**
 * Progress of counted work outside the training loops (cohort generation, feature caching): a line redrawn in place
 * on a TTY, a plain line about every 10 % otherwise, with rate and ETA. Counts only, never data.
 */
import { formatDuration, type ProgressStream } from '../engine/progress';

export class CountProgress {
  private started = new Map<string, number>();
  private lastLine = new Map<string, number>();

  constructor(
    private readonly stream: ProgressStream = process.stderr,
    private readonly now: () => number = () => performance.now(),
  ) {}

  update(label: string, done: number, total: number): void {
    const t = this.now();
    if (!this.started.has(label)) this.started.set(label, t);
    const elapsed = (t - (this.started.get(label) as number)) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = rate > 0 ? (total - done) / rate : NaN;
    const text = `${label} ${done}/${total} (${((100 * done) / total).toFixed(0)} %) ${rate.toFixed(1)}/s ETA ${Number.isFinite(eta) ? formatDuration(eta) : '?'}`;
    if (this.stream.isTTY === true) {
      this.stream.write(`\r${text}\x1b[K${done === total ? '\n' : ''}`);
      return;
    }
    const step = Math.max(1, Math.round(total / 10));
    const last = this.lastLine.get(label) ?? 0;
    if (done === total || done - last >= step) {
      this.lastLine.set(label, done);
      this.stream.write(`${text}\n`);
    }
  }
}

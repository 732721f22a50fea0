/**
 * Training progress on stderr: a one-line bar redrawn in place on a TTY (step, loss EMA, lr, steps/s, ETA), plain
 * lines about every 5 % of the run otherwise (CI logs). Only counts and numbers are printed, never data.
 */

/** Where progress goes: stderr by default; tests pass a fake. */
export type ProgressStream = { write(text: string): unknown; isTTY?: boolean };

/** One step's figures. */
export type ProgressUpdate = { step: number; loss: number; lr: number };

export type ProgressOptions = {
  totalSteps: number;
  stream?: ProgressStream;
  label?: string;
  /** Step the run (re)started at, so steps/s and ETA count only this session's steps. */
  startStep?: number;
  /** Clock in ms (tests pass a fake). */
  now?: () => number;
};

/** Smoothing of the displayed loss: an exponential moving average with this weight on the new value. */
const LOSS_EMA_WEIGHT = 0.1;
const TTY_REDRAW_MS = 100;

export class ProgressBar {
  private readonly stream: ProgressStream;
  private readonly now: () => number;
  private readonly startTime: number;
  private readonly startStep: number;
  private ema: number | undefined;
  private emaWeightSum = 0;
  private lastDraw = -Infinity;
  private lastLineStep: number;
  private readonly lineEvery: number;

  constructor(private readonly options: ProgressOptions) {
    this.stream = options.stream ?? process.stderr;
    this.now = options.now ?? (() => performance.now());
    this.startTime = this.now();
    this.startStep = options.startStep ?? 0;
    this.lastLineStep = this.startStep;
    this.lineEvery = Math.max(1, Math.round(options.totalSteps / 20));
  }

  /** The smoothed loss (bias-corrected EMA), undefined before the first update. */
  get smoothedLoss(): number | undefined {
    return this.ema === undefined ? undefined : this.ema / this.emaWeightSum;
  }

  update(update: ProgressUpdate): void {
    // Bias-corrected EMA: early values are not pulled towards 0.
    this.ema = (this.ema ?? 0) * (1 - LOSS_EMA_WEIGHT) + LOSS_EMA_WEIGHT * update.loss;
    this.emaWeightSum = this.emaWeightSum * (1 - LOSS_EMA_WEIGHT) + LOSS_EMA_WEIGHT;
    const t = this.now();
    const last = update.step >= this.options.totalSteps;
    if (this.stream.isTTY === true) {
      if (t - this.lastDraw < TTY_REDRAW_MS && !last) return;
      this.lastDraw = t;
      this.stream.write(`\r${this.format(update, t, true)}\x1b[K${last ? '\n' : ''}`);
    } else if (update.step - this.lastLineStep >= this.lineEvery || last || update.step === this.startStep + 1) {
      this.lastLineStep = update.step;
      this.stream.write(`${this.format(update, t, false)}\n`);
    }
  }

  private format(update: ProgressUpdate, t: number, bar: boolean): string {
    const total = this.options.totalSteps;
    const done = update.step - this.startStep;
    const rate = done > 0 ? (done * 1000) / Math.max(1, t - this.startTime) : 0;
    const eta = rate > 0 ? (total - update.step) / rate : NaN;
    const width = 24;
    const filled = Math.round((width * Math.min(update.step, total)) / Math.max(1, total));
    const parts = [
      this.options.label ?? 'train',
      ...(bar ? [`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`] : []),
      `step ${update.step}/${total}`,
      `loss ${(this.smoothedLoss ?? update.loss).toFixed(4)}`,
      `lr ${update.lr.toExponential(2)}`,
      `${rate.toFixed(1)} steps/s`,
      `ETA ${formatDuration(eta)}`,
    ];
    return parts.join(' ');
  }
}

/** Seconds as h:mm:ss or m:ss; "?" when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

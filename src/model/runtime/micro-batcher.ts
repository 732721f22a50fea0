/**
 * Micro-batching of concurrent requests into one run. A batch starts when it reaches `maxBatch` rows, or
 * `maxWaitMs` after its first request while another run is in flight, or, when nothing is in flight, as soon as the
 * code that submitted it yields (a microtask): waiting while the engine is idle would only add latency (a lone
 * request at batch 1 should cost what a bare run costs; a setImmediate here measured 0–4 % of the default graph's
 * run, and onnxruntime-node's own run already waits for one), while requests submitted together (a `Promise.all` over
 * calls, or while a run is busy) still share a batch.
 */

/** What one caller gets back: its own rows, and how its batch ran. */
export interface BatchedResult<O> {
  output: O;
  /** Milliseconds from submission to the start of its batch. */
  queueMs: number;
  /** Rows in the whole batch. */
  batchRows: number;
}

/** Counters since creation. */
export interface MicroBatcherStats {
  /** Calls to `submit`. */
  requests: number;
  /** Runs started (one per batch). */
  runs: number;
  /** Rows across all runs. */
  rows: number;
}

export interface MicroBatcherOptions {
  /** Row limit of one batch; a single request with more rows runs alone. */
  maxBatch: number;
  /** Longest a request waits for company while another run is in flight. */
  maxWaitMs: number;
  /** Clock in ms (performance.now by default). */
  now?: () => number;
}

/** Runs a batch: one output per input, in order. A rejection reaches every caller of that batch. */
export type BatchRunner<I, O> = (inputs: I[]) => Promise<O[]>;

interface Pending<I, O> {
  input: I;
  rows: number;
  submittedAt: number;
  resolve: (result: BatchedResult<O>) => void;
  reject: (error: unknown) => void;
}

export class MicroBatcher<I, O> {
  private queue: Pending<I, O>[] = [];
  private queuedRows = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  /** A flush is queued as a microtask (which cannot be cancelled: flush clears this instead). */
  private microtaskPending = false;
  private readonly counters: MicroBatcherStats = { requests: 0, runs: 0, rows: 0 };
  private readonly now: () => number;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly runBatch: BatchRunner<I, O>,
    private readonly options: MicroBatcherOptions,
  ) {
    if (!(options.maxBatch >= 1)) throw new RangeError(`maxBatch must be ≥ 1, got ${options.maxBatch}`);
    if (!(options.maxWaitMs >= 0)) throw new RangeError(`maxWaitMs must be ≥ 0, got ${options.maxWaitMs}`);
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Queues a request of `rows` rows and resolves with its own output once its batch has run.
   *
   * @param input - the request
   * @param rows - its row count (batch dimension)
   */
  submit(input: I, rows: number): Promise<BatchedResult<O>> {
    this.counters.requests += 1;
    if (this.queuedRows > 0 && this.queuedRows + rows > this.options.maxBatch) this.flush();
    return new Promise<BatchedResult<O>>((resolve, reject) => {
      this.queue.push({ input, rows, submittedAt: this.now(), resolve, reject });
      this.queuedRows += rows;
      if (this.queuedRows >= this.options.maxBatch) this.flush();
      else this.schedule();
    });
  }

  /** Counters since creation. */
  stats(): MicroBatcherStats {
    return { ...this.counters };
  }

  /** Runs whatever is queued now and resolves when no run is in flight. */
  async drain(): Promise<void> {
    if (this.queue.length > 0) this.flush();
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.inFlight === 0) {
      if (!this.microtaskPending) {
        this.microtaskPending = true;
        queueMicrotask(() => {
          if (this.microtaskPending) this.flush();
        });
      }
    } else {
      this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
    }
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.microtaskPending = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    const batchRows = this.queuedRows;
    this.queue = [];
    this.queuedRows = 0;
    this.inFlight += 1;
    this.counters.runs += 1;
    this.counters.rows += batchRows;
    const startedAt = this.now();
    void this.execute(batch, batchRows, startedAt);
  }

  private async execute(batch: Pending<I, O>[], batchRows: number, startedAt: number): Promise<void> {
    try {
      const inputs: I[] = [];
      for (const p of batch) inputs.push(p.input);
      const outputs = await this.runBatch(inputs);
      if (outputs.length !== batch.length) {
        throw new Error(`batch runner returned ${outputs.length} outputs for ${batch.length} requests`);
      }
      for (let i = 0; i < batch.length; i++) {
        const p = batch[i] as Pending<I, O>;
        p.resolve({ output: outputs[i] as O, queueMs: startedAt - p.submittedAt, batchRows });
      }
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) {
        if (this.queue.length > 0) {
          // Idle again with requests waiting: they need not wait for the timer.
          if (this.timer) clearTimeout(this.timer);
          this.timer = undefined;
          this.schedule();
        } else {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const resolve of waiters) resolve();
        }
      }
    }
  }
}

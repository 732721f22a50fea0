import { MicroBatcher, type BatchRunner } from './micro-batcher';

/** A runner that records each batch and answers every input with input × 10, after `delayMs`. */
function recordingRunner(delayMs = 0) {
  const batches: number[][] = [];
  const run: BatchRunner<number, number> = async (inputs) => {
    batches.push([...inputs]);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return inputs.map((x) => x * 10);
  };
  return { batches, run };
}

describe('MicroBatcher', () => {
  it('gives each caller its own output when calls made in the same turn share one run', async () => {
    const { batches, run } = recordingRunner();
    const batcher = new MicroBatcher(run, { maxBatch: 32, maxWaitMs: 2 });

    const results = await Promise.all([1, 2, 3, 4, 5].map((x) => batcher.submit(x, 1)));

    expect(results.map((r) => r.output)).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1, 2, 3, 4, 5]]);
    expect(results.every((r) => r.batchRows === 5)).toBe(true);
  });

  it('starts a run as soon as the rows reach maxBatch, and never puts more than maxBatch rows in one run', async () => {
    const { batches, run } = recordingRunner();
    const batcher = new MicroBatcher(run, { maxBatch: 4, maxWaitMs: 1000 });

    await Promise.all([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((x) => batcher.submit(x, 1)));

    expect(batches).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10],
    ]);
    expect(batcher.stats()).toEqual({ requests: 10, runs: 3, rows: 10 });
  });

  it('counts rows, not requests, and runs a request larger than maxBatch alone', async () => {
    const { batches, run } = recordingRunner();
    const batcher = new MicroBatcher(run, { maxBatch: 4, maxWaitMs: 1000 });

    await Promise.all([batcher.submit(1, 3), batcher.submit(2, 3), batcher.submit(3, 9)]);

    // 3 + 3 > 4 starts the first alone; 3 + 9 > 4 starts the second alone; 9 ≥ 4 runs at once.
    expect(batches).toEqual([[1], [2], [3]]);
    expect(batcher.stats().rows).toBe(15);
  });

  it('while a run is in flight, batches later calls and starts them after maxWaitMs', async () => {
    const { batches, run } = recordingRunner(200);
    const batcher = new MicroBatcher(run, { maxBatch: 32, maxWaitMs: 20 });
    const first = batcher.submit(1, 1);
    await new Promise((resolve) => setImmediate(resolve));

    const started = performance.now();
    const later = [batcher.submit(2, 1), batcher.submit(3, 1)];
    const [second] = await Promise.all(later);
    await first;

    // The second batch must not wait for the 200 ms run: it starts on the 20 ms timer.
    expect(batches).toEqual([[1], [2, 3]]);
    expect(second?.queueMs).toBeGreaterThanOrEqual(15);
    expect(second?.queueMs).toBeLessThan(150);
    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('when the engine is idle, runs a lone call without waiting for maxWaitMs', async () => {
    const { run } = recordingRunner();
    const batcher = new MicroBatcher(run, { maxBatch: 32, maxWaitMs: 500 });

    const started = performance.now();
    const result = await batcher.submit(7, 1);

    expect(result.output).toBe(70);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('rejects every caller of a failing batch with its error, and serves the next batch normally', async () => {
    let calls = 0;
    const batcher = new MicroBatcher<number, number>(
      async (inputs) => {
        calls += 1;
        if (calls === 1) throw new Error('session failed');
        return inputs.map((x) => -x);
      },
      { maxBatch: 32, maxWaitMs: 2 },
    );

    const failing = await Promise.allSettled([batcher.submit(1, 1), batcher.submit(2, 1), batcher.submit(3, 1)]);
    const next = await batcher.submit(4, 1);

    expect(failing.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(failing.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : ''))).toEqual([
      'session failed',
      'session failed',
      'session failed',
    ]);
    expect(next.output).toBe(-4);
  });

  it('rejects the batch when the runner returns the wrong number of outputs', async () => {
    const batcher = new MicroBatcher<number, number>(async () => [1], { maxBatch: 32, maxWaitMs: 2 });

    const results = await Promise.allSettled([batcher.submit(1, 1), batcher.submit(2, 1)]);

    expect(results.every((r) => r.status === 'rejected')).toBe(true);
  });

  it('drain resolves once queued and running batches have finished', async () => {
    const { batches, run } = recordingRunner(30);
    const batcher = new MicroBatcher(run, { maxBatch: 32, maxWaitMs: 1000 });
    const pending = [batcher.submit(1, 1), batcher.submit(2, 1)];

    await batcher.drain();

    expect(batches).toEqual([[1, 2]]);
    await expect(Promise.all(pending)).resolves.toHaveLength(2);
  });
});

/**
 * Generates and prepares training examples over worker threads (or in the calling thread with `workers: 0`, as the
 * tests do). Each example depends only on (seed, index), so the result is the same for any worker count.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { TrainingError } from '../engine/training-error';
import type { ExampleReplyMessage, ExampleTaskMessage, ExampleWorkerData } from './example-worker';
import { makeSyntheticExample, type ExampleJob, type SyntheticExample } from './synthetic-example';

export interface GenerateExamplesOptions extends ExampleJob {
  /** Admission indices to generate (results come back in this order). */
  indices: readonly number[];
  /** Worker threads (default: the number of cores); 0 = the calling thread. */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

/** @throws TrainingError naming the admission index when one cannot be generated */
export async function generateExamples(options: GenerateExamplesOptions): Promise<SyntheticExample[]> {
  const { indices, onProgress } = options;
  const job: ExampleJob = { seed: options.seed, ...(options.prevalence ? { prevalence: options.prevalence } : {}) };
  const workers = Math.min(options.workers ?? availableParallelism(), indices.length);
  if (workers <= 0) {
    const out: SyntheticExample[] = [];
    for (const index of indices) {
      out.push(makeSyntheticExample(job, index));
      onProgress?.(out.length, indices.length);
    }
    return out;
  }
  return runPool(job, indices, workers, onProgress);
}

function runPool(
  job: ExampleJob,
  indices: readonly number[],
  count: number,
  onProgress: GenerateExamplesOptions['onProgress'],
): Promise<SyntheticExample[]> {
  return new Promise((resolve, reject) => {
    const results = new Array<SyntheticExample>(indices.length);
    const position = new Map(indices.map((index, i) => [index, i]));
    const pool: Worker[] = [];
    let next = 0;
    let done = 0;
    let settled = false;
    const finish = (error?: TrainingError) => {
      if (settled) return;
      settled = true;
      for (const worker of pool) void worker.terminate();
      if (error) reject(error);
      else resolve(results);
    };
    const dispatch = (worker: Worker) => {
      if (next >= indices.length) return;
      const message: ExampleTaskMessage = { index: indices[next++] as number };
      worker.postMessage(message);
    };
    for (let i = 0; i < count; i++) {
      const worker = startWorker(job);
      pool.push(worker);
      worker.on('message', (reply: ExampleReplyMessage) => {
        if ('error' in reply) {
          finish(new TrainingError(`synthetic training example ${reply.index}: ${reply.error}`));
          return;
        }
        results[position.get(reply.index) as number] = reply.example;
        done++;
        onProgress?.(done, indices.length);
        if (done === indices.length) finish();
        else dispatch(worker);
      });
      worker.on('error', (error: Error) =>
        finish(new TrainingError(`training example worker failed: ${error.message}`, { cause: error })),
      );
      worker.on('exit', (code) => {
        if (done < indices.length) {
          finish(new TrainingError(`training example worker exited with code ${code} before the cohort was done`));
        }
      });
      dispatch(worker);
    }
  });
}

/** A worker running example-worker.ts through tsx's CommonJS hook (no build step; works under tsx and jest). */
function startWorker(job: ExampleJob): Worker {
  const entry = path.join(__dirname, 'example-worker');
  const hook = require.resolve('tsx/cjs');
  const source = `require(${JSON.stringify(hook)}); require(${JSON.stringify(entry)});`;
  const data: ExampleWorkerData = { medtvtTrainingExamples: true, job };
  return new Worker(source, { eval: true, workerData: data });
}

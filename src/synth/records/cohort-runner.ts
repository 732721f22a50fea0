/**
 * Generates a cohort over worker threads. Patients are handed out by index as workers become free; since each
 * patient depends only on (seed, index), the output is the same whatever the number of workers or the order they
 * finish in. Results come back in index order; a records folder's manifest is written in index order at the end.
 *
 * Workers load this TypeScript source through tsx's CommonJS hook (the product runs under tsx; tests under jest,
 * whose transform does not reach worker threads), so no build step is needed.
 */
import { availableParallelism } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import { produceCohortItem, type CohortJob } from './cohort-job';
import type { CohortReplyMessage, CohortTaskMessage, CohortWorkerData } from './cohort-worker';
import { MANIFEST_FILE, prepareRecordsDir } from './records-writer';

export interface CohortRunOptions extends CohortJob {
  /** Number of patients: indices 0 … patients − 1. */
  patients: number;
  /** Worker threads (default: the number of cores); 0 generates in the calling thread. */
  workers?: number;
  /** Called after each patient with the number done so far. */
  onProgress?: (done: number, total: number) => void;
}

export interface CohortRunResult {
  /** Per index: the file name (fhir), the manifest line (records) or the Bundle JSON (memory). */
  results: string[];
  /** Worker threads used (0 = the calling thread). */
  workers: number;
  ms: number;
}

/** Generating a patient failed: names the patient's index and the cause. */
export class CohortGenerationError extends AppError {
  constructor(
    readonly index: number | undefined,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('synth', `synthetic cohort${index === undefined ? '' : `, patient ${index}`}: ${reason}`, options);
  }
}

/**
 * Generates patients 0 … patients − 1 of the job and writes them where `output` says.
 *
 * @throws CohortGenerationError when a patient cannot be generated or written, or a worker cannot start
 */
export async function generateCohort(options: CohortRunOptions): Promise<CohortRunResult> {
  const start = performance.now();
  const { patients, onProgress, workers: requested, ...job } = options;
  if (!Number.isInteger(patients) || patients < 0) {
    throw new CohortGenerationError(undefined, `patients must be a non-negative integer, got ${patients}`);
  }
  if (job.output.kind !== 'memory') mkdirSync(job.output.dir, { recursive: true });
  if (job.output.kind === 'records') prepareRecordsDir(job.output.dir);

  const workers = Math.min(requested ?? availableParallelism(), patients);
  const results =
    workers > 0 ? await runInWorkers(job, patients, workers, onProgress) : runHere(job, patients, onProgress);
  if (job.output.kind === 'records') {
    const manifest = results.map((line) => `${line}\n`).join('');
    writeFileSync(path.join(job.output.dir, MANIFEST_FILE), manifest);
  }
  return { results, workers, ms: performance.now() - start };
}

function runHere(job: CohortJob, patients: number, onProgress: CohortRunOptions['onProgress']): string[] {
  const results: string[] = [];
  for (let index = 0; index < patients; index++) {
    try {
      results.push(produceCohortItem(job, index));
    } catch (error) {
      throw new CohortGenerationError(index, error instanceof Error ? error.message : String(error), { cause: error });
    }
    onProgress?.(index + 1, patients);
  }
  return results;
}

function runInWorkers(
  job: CohortJob,
  patients: number,
  count: number,
  onProgress: CohortRunOptions['onProgress'],
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const results = new Array<string>(patients);
    const pool: Worker[] = [];
    let next = 0;
    let done = 0;
    let failed = false;

    const finish = (error?: CohortGenerationError): void => {
      if (failed) return;
      if (error) failed = true;
      for (const worker of pool) void worker.terminate();
      if (error) reject(error);
      else resolve(results);
    };
    const dispatch = (worker: Worker): void => {
      if (next >= patients) return;
      const message: CohortTaskMessage = { index: next++ };
      worker.postMessage(message);
    };

    for (let i = 0; i < count; i++) {
      const worker = startWorker(job);
      pool.push(worker);
      worker.on('message', (reply: CohortReplyMessage) => {
        if ('error' in reply) {
          finish(new CohortGenerationError(reply.index, reply.error));
          return;
        }
        results[reply.index] = reply.result;
        done++;
        onProgress?.(done, patients);
        if (done === patients) finish();
        else dispatch(worker);
      });
      worker.on('error', (error: Error) => {
        finish(new CohortGenerationError(undefined, `worker thread failed: ${error.message}`, { cause: error }));
      });
      worker.on('exit', (code) => {
        if (done < patients && !failed) {
          finish(
            new CohortGenerationError(undefined, `worker thread exited with code ${code} before the cohort was done`),
          );
        }
      });
      dispatch(worker);
    }
  });
}

/** A worker running cohort-worker.ts, with tsx's CommonJS hook so that it can load TypeScript. */
function startWorker(job: CohortJob): Worker {
  const entry = path.join(__dirname, 'cohort-worker');
  const hook = require.resolve('tsx/cjs');
  const source = `require(${JSON.stringify(hook)}); require(${JSON.stringify(entry)});`;
  const data: CohortWorkerData = { medtvtSynthCohort: true, job };
  return new Worker(source, { eval: true, workerData: data });
}

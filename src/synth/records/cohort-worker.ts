/**
 * Worker-thread entry of a cohort run: receives patient indices, answers with what produceCohortItem returned or
 * the error's message. The job arrives as workerData. Loaded by cohort-runner.ts; does nothing on the main thread.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { produceCohortItem, type CohortJob } from './cohort-job';

/** Main thread → worker. */
export interface CohortTaskMessage {
  index: number;
}

/** Worker → main thread. */
export type CohortReplyMessage = { index: number; result: string } | { index: number; error: string };

/** workerData of a cohort worker; the marker keeps this file inert in any other worker thread. */
export interface CohortWorkerData {
  medtvtSynthCohort: true;
  job: CohortJob;
}

function isCohortWorkerData(value: unknown): value is CohortWorkerData {
  return (
    typeof value === 'object' && value !== null && (value as { medtvtSynthCohort?: unknown }).medtvtSynthCohort === true
  );
}

if (!isMainThread && parentPort && isCohortWorkerData(workerData)) {
  const port = parentPort;
  const job = workerData.job;
  port.on('message', (message: CohortTaskMessage) => {
    let reply: CohortReplyMessage;
    try {
      reply = { index: message.index, result: produceCohortItem(job, message.index) };
    } catch (error) {
      // Sent back as text (an Error does not survive postMessage with its class); the runner rethrows it typed.
      reply = { index: message.index, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
}

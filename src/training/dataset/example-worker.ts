/**
 * Worker-thread entry of generateExamples: receives admission indices, answers with the prepared example (its
 * buffers transferred) or the error's message. Inert outside such a worker.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { makeSyntheticExample, type ExampleJob, type SyntheticExample } from './synthetic-example';

export interface ExampleTaskMessage {
  index: number;
}

export type ExampleReplyMessage = { index: number; example: SyntheticExample } | { index: number; error: string };

export interface ExampleWorkerData {
  medtvtTrainingExamples: true;
  job: ExampleJob;
}

function isExampleWorkerData(value: unknown): value is ExampleWorkerData {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { medtvtTrainingExamples?: unknown }).medtvtTrainingExamples === true
  );
}

if (!isMainThread && parentPort && isExampleWorkerData(workerData)) {
  const port = parentPort;
  const job = workerData.job;
  port.on('message', (message: ExampleTaskMessage) => {
    try {
      const example = makeSyntheticExample(job, message.index);
      const reply: ExampleReplyMessage = { index: message.index, example };
      port.postMessage(reply, [example.ecg.buffer, example.cxr.buffer] as ArrayBuffer[]);
    } catch (error) {
      // Sent as text: an Error loses its class over postMessage; the pool rethrows it typed.
      const reply: ExampleReplyMessage = {
        index: message.index,
        error: error instanceof Error ? error.message : String(error),
      };
      port.postMessage(reply);
    }
  });
}

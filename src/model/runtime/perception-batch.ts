/**
 * Joins validated perception requests along the batch axis and splits a batch's outputs back into each request's
 * rows. A batch of one request is passed through without copying, so that a lone request runs on exactly the bytes
 * it was given and gets back exactly what the session returned.
 */
import type { HostTensor, PerceptionInput } from '../perception-model';

/** Raw graph outputs of one request or one batch. */
export interface PerceptionTensors {
  logits: HostTensor;
  modalityWeights: HostTensor;
  tokens: HostTensor;
}

function concat(tensors: HostTensor[]): HostTensor {
  const [first] = tensors;
  if (!first) throw new RangeError('cannot join an empty list of tensors');
  if (tensors.length === 1) return first;
  const rowDims = first.shape.slice(1);
  const rows = tensors.reduce((sum, t) => sum + (t.shape[0] ?? 0), 0);
  const data = new Float32Array(tensors.reduce((sum, t) => sum + t.data.length, 0));
  let offset = 0;
  for (const t of tensors) {
    data.set(t.data, offset);
    offset += t.data.length;
  }
  return { shape: [rows, ...rowDims], data };
}

/** One batch from validated requests (same per-row dimensions). */
export function joinPerceptionInputs(inputs: PerceptionInput[]): PerceptionInput {
  return {
    ecg: concat(inputs.map((i) => i.ecg)),
    cxr: concat(inputs.map((i) => i.cxr)),
    labs: concat(inputs.map((i) => i.labs)),
    modalityMask: concat(inputs.map((i) => i.modalityMask)),
  };
}

function rowsOf(tensor: HostTensor, start: number, count: number): HostTensor {
  const rowSize = tensor.shape.slice(1).reduce((a, b) => a * b, 1);
  return {
    shape: [count, ...tensor.shape.slice(1)],
    data: tensor.data.slice(start * rowSize, (start + count) * rowSize),
  };
}

/**
 * Each request's rows of a batch's outputs, in request order.
 *
 * @param outputs - the batch's outputs
 * @param rowCounts - rows of each request, in the order they were joined
 */
export function splitPerceptionOutputs(outputs: PerceptionTensors, rowCounts: number[]): PerceptionTensors[] {
  if (rowCounts.length === 1) return [outputs];
  let start = 0;
  return rowCounts.map((count) => {
    const part = {
      logits: rowsOf(outputs.logits, start, count),
      modalityWeights: rowsOf(outputs.modalityWeights, start, count),
      tokens: rowsOf(outputs.tokens, start, count),
    };
    start += count;
    return part;
  });
}

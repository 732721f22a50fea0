/**
 * Deterministic mini-batches: the rows of one epoch shuffled by `new Random(seed).fork(epoch)`, cut into full
 * batches (the last partial batch is dropped, so the jitted step keeps one shape and is compiled once).
 */
import { Random } from '../../synth/random';

/** Row indices of each batch of `epoch`. */
export function epochBatchRows(rows: number, batchSize: number, seed: number | string, epoch: number): number[][] {
  const order = Array.from({ length: rows }, (_, i) => i);
  const random = new Random(`batches/${String(seed)}`).fork(epoch);
  for (let i = rows - 1; i > 0; i--) {
    const j = random.int(0, i);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const batches: number[][] = [];
  for (let start = 0; start + batchSize <= rows; start += batchSize)
    batches.push(order.slice(start, start + batchSize));
  return batches;
}

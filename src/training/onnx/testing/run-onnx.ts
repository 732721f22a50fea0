/**
 * Test support: runs serialised ONNX models in onnxruntime-node (CPU) on HostTensors and compares float arrays.
 */
import * as ort from 'onnxruntime-node';
import type { HostTensor } from '../../engine/host-tensor';

/** Loads `bytes` in a fresh CPU session, runs it on `feeds` and returns every output as a HostTensor. */
export async function runOnnx(
  bytes: Uint8Array,
  feeds: Readonly<Record<string, HostTensor>>,
): Promise<Record<string, HostTensor>> {
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
  });
  try {
    const inputs: Record<string, ort.Tensor> = {};
    for (const [name, tensor] of Object.entries(feeds))
      inputs[name] = new ort.Tensor('float32', tensor.data, tensor.shape);
    const results = await session.run(inputs);
    const outputs: Record<string, HostTensor> = {};
    for (const [name, tensor] of Object.entries(results)) {
      outputs[name] = { shape: tensor.dims.map(Number), data: Float32Array.from(tensor.data as Float32Array) };
    }
    return outputs;
  } finally {
    await session.release();
  }
}

/** Largest |a − b| over two equally long arrays (Infinity when the lengths differ or a value is NaN). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] as number) - (b[i] as number));
    if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
  }
  return worst;
}

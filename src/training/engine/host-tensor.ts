/**
 * A tensor on the host: shape and row-major float32 data. This is how parameters rest on disk, in checkpoints and in
 * model packages (`Record<string, HostTensor>`, names dotted), and how batches enter the engine.
 */
export type HostTensor = { shape: number[]; data: Float32Array };

/** Number of elements a shape holds (1 for a scalar `[]`). */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/**
 * Builds a HostTensor, checking that the data fills the shape.
 *
 * @param shape - Dimensions, outermost first.
 * @param data - Row-major values; a plain number array is copied into a Float32Array.
 */
export function createHostTensor(shape: readonly number[], data: Float32Array | readonly number[]): HostTensor {
  const values = data instanceof Float32Array ? data : Float32Array.from(data);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new RangeError(`HostTensor: shape [${shape.join(', ')}] has a dimension that is not a non-negative integer`);
  }
  if (values.length !== shapeSize(shape)) {
    throw new RangeError(
      `HostTensor: shape [${shape.join(', ')}] needs ${shapeSize(shape)} values, got ${values.length}`,
    );
  }
  return { shape: [...shape], data: values };
}

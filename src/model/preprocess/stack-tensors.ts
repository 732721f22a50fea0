/**
 * Batching: B tensors of one shape → one row-major `[B, ...shape]` tensor, as the perception graph takes them.
 */

/**
 * Stacks tensors of one shape along a new leading batch axis.
 *
 * @param tensors - B tensors, each row-major with `shape`
 * @param shape - the shape of one tensor, e.g. `[12, 1000]`
 * @returns `[B, ...shape]` float32, row-major
 * @throws RangeError when a tensor's length is not the product of `shape`
 */
export function stackTensors(tensors: readonly Float32Array[], shape: readonly number[]): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(tensors.length * size);
  tensors.forEach((tensor, b) => {
    if (tensor.length !== size) {
      throw new RangeError(
        `stackTensors: tensor ${b} has ${tensor.length} values, shape [${shape.join(', ')}] needs ${size}`,
      );
    }
    out.set(tensor, b * size);
  });
  return out;
}

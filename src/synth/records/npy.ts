/**
 * NumPy `.npy` format version 1.0 (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
 * the magic `\x93NUMPY`, version 1.0, a little-endian uint16 header length, an ASCII Python dict literal padded
 * with spaces and ending in `\n` so that the data starts at a multiple of 64 bytes, then the raw C-order data.
 */

/**
 * Encodes a float32 array of the given shape as `.npy` (dtype `<f4`, C order).
 *
 * @param data - values in C order (last axis fastest)
 * @param shape - dimensions; their product must equal data.length
 * @throws RangeError when the shape does not match the data
 */
export function encodeNpyFloat32(data: Float32Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new RangeError(`encodeNpyFloat32: shape (${shape.join(', ')}) does not hold ${data.length} values`);
  }
  // Python tuple syntax: a 1-tuple needs its trailing comma.
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${tuple}, }`;
  const preamble = 10; // magic (6) + version (2) + header length (2)
  const padded = Math.ceil((preamble + dict.length + 1) / 64) * 64;
  const header = dict + ' '.repeat(padded - preamble - dict.length - 1) + '\n';
  const out = new Uint8Array(padded + data.length * 4);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[preamble + i] = header.charCodeAt(i);
  for (let i = 0; i < data.length; i++) view.setFloat32(padded + i * 4, data[i] as number, true);
  return out;
}

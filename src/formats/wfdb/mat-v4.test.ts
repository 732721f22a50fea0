import { describeWithSharedData, readSharedBytes } from '../../../test/support/shared-data';
import { readMatV4Header } from './mat-v4';

/** A MAT v4 file as the format defines it: five int32 header fields, the NUL-terminated name, then the data. */
function matFile(
  header: [type: number, rows: number, columns: number, imagf: number],
  name: string,
  data: Uint8Array,
  littleEndian = true,
): Uint8Array {
  const nameBytes = new TextEncoder().encode(`${name}\0`);
  const bytes = new Uint8Array(20 + nameBytes.length + data.length);
  const view = new DataView(bytes.buffer);
  [...header, nameBytes.length].forEach((value, i) => view.setInt32(4 * i, value, littleEndian));
  bytes.set(nameBytes, 20);
  bytes.set(data, 20 + nameBytes.length);
  return bytes;
}

describe('readMatV4Header', () => {
  it('reads a little-endian int16 matrix header (type 30) and puts the data after the name', () => {
    const file = matFile([30, 2, 3, 0], 'sig', new Uint8Array(12));

    const matrix = readMatV4Header(file, 'x.mat');

    expect(matrix).toEqual({
      name: 'sig',
      rows: 2,
      columns: 3,
      precision: 'int16',
      littleEndian: true,
      dataOffset: 24,
      bytesPerElement: 2,
    });
  });

  it('reads a big-endian header (type 1030) and a longer name', () => {
    const file = matFile([1030, 1, 2, 0], 'signals', new Uint8Array(4), false);

    const matrix = readMatV4Header(file);

    expect(matrix).toMatchObject({ name: 'signals', littleEndian: false, precision: 'int16', dataOffset: 28 });
  });

  it.each([
    [matFile([30, 2, 3, 0], 'val', new Uint8Array(11)), 'file is 35 bytes, matrix "val" (2 × 3 int16) needs 36'],
    [matFile([31, 1, 1, 0], 'val', new Uint8Array(2)), 'type 31 is a text or sparse matrix, not a full numeric one'],
    [matFile([30, 1, 1, 1], 'val', new Uint8Array(4)), 'matrix is complex (imagf ≠ 0); signals are real'],
    [matFile([2030, 1, 1, 0], 'val', new Uint8Array(2)), 'type field is not that of an IEEE little- or big-endian'],
    [new Uint8Array(10), 'file is 10 bytes, shorter than the 20-byte matrix header'],
  ])('rejects a bad or truncated file with a message naming the cause (case %#)', (file, message) => {
    expect(() => readMatV4Header(file, 'x.mat')).toThrow(message);
  });
});

describeWithSharedData('readMatV4Header on the Chapman-Shaoxing record JS00001.mat', () => {
  it('finds the 12 × 5000 int16 matrix "val" with its data at byte 24', () => {
    // numpy: np.frombuffer(b[:20], '<i4') == [30, 12, 5000, 0, 4], b[20:24] == b'val\0';
    // scipy.io.loadmat gives val of shape (12, 5000), dtype int16.
    const matrix = readMatV4Header(readSharedBytes('ecg-formats', 'ecg-image-kit', 'JS00001.mat'));

    expect(matrix).toMatchObject({ name: 'val', rows: 12, columns: 5000, precision: 'int16', dataOffset: 24 });
  });
});

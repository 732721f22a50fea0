/**
 * The header of a MATLAB version 4 `.mat` file, as PhysioNet's `wfdb2mat` writes them for WFDB records (the
 * PhysioNet/CinC 2020 and Chapman-Shaoxing records). Layout (MATLAB "MAT-File Format", Level 4):
 *
 * ```
 * int32 type     MOPT: M machine (0 IEEE little-endian, 1 IEEE big-endian), O 0, P precision
 *                (0 double, 1 single, 2 int32, 3 int16, 4 uint16, 5 uint8), T 0 numeric full matrix
 * int32 mrows, int32 ncols, int32 imagf (0 real), int32 namlen (name length including its NUL)
 * char  name[namlen]
 * data  mrows × ncols elements, column-major
 * ```
 *
 * With the name "val" (namlen 4, with its NUL) the data starts at 20 + 4 = 24, which is why WFDB headers over these
 * files say `16+24`; this reader takes the offset from the file instead of trusting that number.
 */
import { FormatError } from '../../shared';

export type MatV4Precision = 'float64' | 'float32' | 'int32' | 'int16' | 'uint16' | 'uint8';

const PRECISIONS: readonly MatV4Precision[] = ['float64', 'float32', 'int32', 'int16', 'uint16', 'uint8'];
const BYTES_PER_ELEMENT: Record<MatV4Precision, number> = {
  float64: 8,
  float32: 4,
  int32: 4,
  int16: 2,
  uint16: 2,
  uint8: 1,
};

/** Where the first matrix of a MAT v4 file lies and how its elements are stored. */
export interface MatV4Matrix {
  name: string;
  rows: number;
  columns: number;
  precision: MatV4Precision;
  littleEndian: boolean;
  /** Byte offset of element (0, 0); element (r, c) follows at index c·rows + r (column-major). */
  dataOffset: number;
  bytesPerElement: number;
}

const FIXED_HEADER_BYTES = 20;

/**
 * Reads the header of the first matrix in a MAT v4 file and checks that its data fits in the file.
 *
 * @param bytes - the whole file
 * @param source - file name for error messages
 * @throws FormatError when the header is not a real, full, IEEE MAT v4 matrix header or the data is truncated
 */
export function readMatV4Header(bytes: Uint8Array, source?: string): MatV4Matrix {
  const fail = (reason: string): FormatError => new FormatError('MAT v4', reason, source);
  if (bytes.byteLength < FIXED_HEADER_BYTES) {
    throw fail(`file is ${bytes.byteLength} bytes, shorter than the ${FIXED_HEADER_BYTES}-byte matrix header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The machine digit M of `type` says the byte order, but is itself stored in that order: try both.
  let littleEndian = true;
  let type = view.getInt32(0, true);
  if (type < 0 || type > 9999 || Math.floor(type / 1000) !== 0) {
    littleEndian = false;
    type = view.getInt32(0, false);
    if (type < 0 || type > 9999 || Math.floor(type / 1000) !== 1) {
      throw fail('type field is not that of an IEEE little- or big-endian MAT v4 matrix');
    }
  }
  const order = Math.floor(type / 100) % 10;
  const precisionDigit = Math.floor(type / 10) % 10;
  const matrixType = type % 10;
  const precision = PRECISIONS[precisionDigit];
  if (order !== 0 || precision === undefined) throw fail(`type ${type} is not a valid MAT v4 type`);
  if (matrixType !== 0) throw fail(`type ${type} is a text or sparse matrix, not a full numeric one`);

  const rows = view.getInt32(4, littleEndian);
  const columns = view.getInt32(8, littleEndian);
  const imaginary = view.getInt32(12, littleEndian);
  const nameLength = view.getInt32(16, littleEndian);
  if (rows < 0 || columns < 0) throw fail(`matrix size ${rows} × ${columns} is negative`);
  if (imaginary !== 0) throw fail('matrix is complex (imagf ≠ 0); signals are real');
  if (nameLength < 1 || FIXED_HEADER_BYTES + nameLength > bytes.byteLength) {
    throw fail(`name length ${nameLength} does not fit in the file`);
  }

  const nameBytes = bytes.subarray(FIXED_HEADER_BYTES, FIXED_HEADER_BYTES + nameLength);
  const nul = nameBytes.indexOf(0);
  const name = new TextDecoder('latin1').decode(nul >= 0 ? nameBytes.subarray(0, nul) : nameBytes);
  const dataOffset = FIXED_HEADER_BYTES + nameLength;
  const bytesPerElement = BYTES_PER_ELEMENT[precision];
  const needed = dataOffset + rows * columns * bytesPerElement;
  if (bytes.byteLength < needed) {
    throw fail(
      `file is ${bytes.byteLength} bytes, matrix "${name}" (${rows} × ${columns} ${precision}) needs ${needed}`,
    );
  }
  return { name, rows, columns, precision, littleEndian, dataOffset, bytesPerElement };
}

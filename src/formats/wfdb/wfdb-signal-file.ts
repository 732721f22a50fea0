/**
 * Reads the ADC values of the signals stored together in one WFDB signal file: a plain file in format 16 or 212, or
 * a MATLAB v4 `.mat` file (format 16 data inside a MAT matrix, as `wfdb2mat` and the PhysioNet/CinC challenges
 * store records).
 */
import { FormatError } from '../../shared';
import { readMatV4Header } from './mat-v4';
import type { WfdbSignalSpec } from './wfdb-header';
import { wfdbSampleFormat, type WfdbSampleFormat } from './wfdb-sample-formats';

/** The signals of one file, in header order, and their index among all the header's signals. */
export interface WfdbSignalGroup {
  fileName: string;
  specs: WfdbSignalSpec[];
  indices: number[];
}

/** ADC values of one file's signals, frame-major: value t·nsig + s is sample t of signal s of the group. */
export interface WfdbGroupSamples {
  frames: number;
  values: Int32Array;
  format: WfdbSampleFormat;
}

/**
 * Decodes one file's signals.
 *
 * @param group - the signals the header stores in this file
 * @param bytes - the file's bytes
 * @param frames - samples per signal from the header, or undefined to take as many as the file holds
 * @param source - header file name for error messages
 * @throws FormatError naming the signal and field (unsupported format, frames or skew) or the file (too short)
 */
export function readWfdbSignalGroup(
  group: WfdbSignalGroup,
  bytes: Uint8Array,
  frames: number | undefined,
  source?: string,
): WfdbGroupSamples {
  const first = group.specs[0]!;
  group.specs.forEach((spec, i) => {
    const index = group.indices[i]!;
    const fail = (reason: string): FormatError => new FormatError('WFDB', `signal ${index}: ${reason}`, source);
    if (!wfdbSampleFormat(spec.format)) throw fail(`unsupported format ${spec.format} (16 and 212 are read)`);
    if (spec.format !== first.format) {
      throw fail(`format ${spec.format} differs from format ${first.format} of the other signals in ${group.fileName}`);
    }
    if (spec.samplesPerFrame !== 1) throw fail(`${spec.samplesPerFrame} samples per frame are not supported`);
    if (spec.skew !== 0) throw fail(`skew ${spec.skew} is not supported`);
  });
  const format = wfdbSampleFormat(first.format)!;
  return /\.mat$/i.test(group.fileName)
    ? readMatGroup(group, bytes, format, frames, source)
    : readPlainGroup(group, bytes, format, frames, source);
}

function readPlainGroup(
  group: WfdbSignalGroup,
  bytes: Uint8Array,
  format: WfdbSampleFormat,
  headerFrames: number | undefined,
  source?: string,
): WfdbGroupSamples {
  const nsig = group.specs.length;
  // WFDB takes the byte offset of a file from its first signal line.
  const offset = group.specs[0]!.byteOffset;
  const frames = headerFrames ?? Math.floor(format.valueCount(Math.max(0, bytes.byteLength - offset)) / nsig);
  const needed = offset + format.byteLength(frames * nsig);
  if (bytes.byteLength < needed) {
    throw new FormatError(
      'WFDB',
      `file ${group.fileName} is ${bytes.byteLength} bytes, header needs ${needed}`,
      source,
    );
  }
  return { frames, values: format.decode(bytes, offset, frames * nsig), format };
}

/**
 * A `.mat` signal file holds one int16 matrix. `wfdb2mat` writes it signals × samples, which column-major makes
 * frame-major (the same byte layout as a format-16 `.dat` after the MAT header); a samples × signals matrix is
 * signal-major and is transposed here. When both dimensions equal the signal count, rows are taken as signals.
 */
function readMatGroup(
  group: WfdbSignalGroup,
  bytes: Uint8Array,
  format: WfdbSampleFormat,
  headerFrames: number | undefined,
  source?: string,
): WfdbGroupSamples {
  const fail = (reason: string): FormatError => new FormatError('WFDB', `file ${group.fileName}: ${reason}`, source);
  const nsig = group.specs.length;
  const matrix = readMatV4Header(bytes, group.fileName);
  if (format.code !== 16) throw fail(`a MAT file must hold format 16 signals, the header says ${format.code}`);
  if (matrix.precision !== 'int16') throw fail(`MAT matrix "${matrix.name}" holds ${matrix.precision}, not int16`);
  const headerOffset = group.specs[0]!.byteOffset;
  if (headerOffset !== 0 && headerOffset !== matrix.dataOffset) {
    throw fail(`header byte offset ${headerOffset} disagrees with the MAT header (data at byte ${matrix.dataOffset})`);
  }

  const rowsAreSignals = matrix.rows === nsig;
  if (!rowsAreSignals && matrix.columns !== nsig) {
    throw fail(`MAT matrix is ${matrix.rows} × ${matrix.columns}, neither dimension is the ${nsig} signals`);
  }
  const available = rowsAreSignals ? matrix.columns : matrix.rows;
  const frames = headerFrames ?? available;
  if (frames > available) throw fail(`MAT matrix holds ${available} samples per signal, header needs ${frames}`);

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Int32Array(frames * nsig);
  for (let t = 0; t < frames; t++) {
    for (let s = 0; s < nsig; s++) {
      const element = rowsAreSignals ? t * nsig + s : s * matrix.rows + t;
      values[t * nsig + s] = view.getInt16(matrix.dataOffset + 2 * element, matrix.littleEndian);
    }
  }
  return { frames, values, format };
}

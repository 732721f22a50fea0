/**
 * The first frame of PixelData (7FE0,0010) as one grey level per pixel, in stored units: native (uncompressed)
 * data per PS3.5 §8.1, or JPEG Baseline (PS3.5 §8.2.1, A.4.1) decoded with jpeg-js. Colour is reduced to grey here
 * (BT.601 luma for RGB; the Y sample for YBR_FULL), so later steps see one channel.
 */
import {
  createJPEGBasicOffsetTable,
  readEncapsulatedImageFrame,
  readEncapsulatedPixelDataFromFragments,
  type DataSet,
} from 'dicom-parser';
import { decodeJpegRgb } from '../image/decode-jpeg';
import { greyLevels } from '../image/grey-levels';
import { dicomError, readBytes } from './dicom-data-set';
import type { StoredLevelRange } from './dicom-grey-transform';
import { TAGS } from './dicom-tags';

/** The Image Pixel module attributes (PS3.3 C.7.6.3) that shape a frame. */
export interface PixelFormat {
  rows: number;
  columns: number;
  samplesPerPixel: 1 | 3;
  bitsAllocated: number;
  bitsStored: number;
  signed: boolean;
  /** 0: R1G1B1 R2G2B2 …; 1: all R, then all G, then all B. */
  planarConfiguration: 0 | 1;
  photometric: string;
  frames: number;
}

/** Decodes the first frame of native pixel data. */
export function readNativeFrame(
  dataSet: DataSet,
  format: PixelFormat,
  littleEndian: boolean,
  source?: string,
): Float32Array {
  const { rows, columns, samplesPerPixel, bitsAllocated, bitsStored } = format;
  if (![8, 16, 32].includes(bitsAllocated)) {
    throw dicomError(`${TAGS.bitsAllocated.label} ${bitsAllocated} is not supported (8, 16 or 32)`, source);
  }
  if (format.photometric === 'YBR_FULL_422') {
    throw dicomError(`native ${TAGS.photometricInterpretation.label} YBR_FULL_422 is not supported`, source);
  }
  const data = readBytes(dataSet, TAGS.pixelData, source);
  const pixelCount = rows * columns;
  const bytesPerSample = bitsAllocated / 8;
  const needed = pixelCount * samplesPerPixel * bytesPerSample;
  if (data === undefined || data.length < needed) {
    throw dicomError(
      `${TAGS.pixelData.label} holds ${data?.length ?? 0} bytes, fewer than one ${columns}×${rows} frame needs (${needed})`,
      source,
    );
  }
  // Values occupy the low BitsStored bits (HighBit = BitsStored − 1 in every IOD we read); bits above are overlay or
  // garbage and are masked off, then two's complement is undone when PixelRepresentation is 1.
  if (samplesPerPixel === 1 && format.photometric !== 'RGB') {
    // Grey: one level per pixel, written straight into the frame (greyLevels would copy sample 0 unchanged).
    const grey = new Float32Array(pixelCount);
    readStoredValues(data, bytesPerSample, littleEndian, bitsStored, format.signed, grey);
    return grey;
  }
  const samples = new Float64Array(pixelCount * samplesPerPixel);
  readStoredValues(data, bytesPerSample, littleEndian, bitsStored, format.signed, samples);
  const interleaved =
    samplesPerPixel === 3 && format.planarConfiguration === 1 ? interleave(samples, pixelCount) : samples;
  return greyLevels(interleaved, pixelCount, samplesPerPixel, format.photometric === 'RGB');
}

/**
 * The levels readNativeFrame can give for one grey sample per pixel of up to 16 bits: integers over the range of
 * BitsStored (two's complement when signed). Undefined for colour, where luma mixes samples into fractions, and for
 * 32-bit data, whose range no lookup table covers.
 */
export function nativeStoredRange(format: PixelFormat): StoredLevelRange | undefined {
  if (format.samplesPerPixel !== 1 || format.photometric === 'RGB' || format.bitsAllocated > 16) return undefined;
  const span = 2 ** format.bitsStored;
  return format.signed ? { lowest: -span / 2, highest: span / 2 - 1 } : { lowest: 0, highest: span - 1 };
}

/** Whether this machine stores multi-byte integers little-endian (every platform Node ships for does). */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Fills `out` with the stored values of the first `out.length` samples of `data`: masked to `bitsStored` bits and,
 * when `signed`, read as two's complement. 8- and 16-bit samples are read through a typed-array view of the bytes
 * (16-bit in the host's byte order, otherwise byte by byte); 32-bit ones through a DataView.
 */
function readStoredValues(
  data: Uint8Array,
  bytesPerSample: number,
  littleEndian: boolean,
  bitsStored: number,
  signed: boolean,
  out: Float32Array | Float64Array,
): void {
  const count = out.length;
  if (bytesPerSample === 4) {
    const view = new DataView(data.buffer, data.byteOffset, count * 4);
    const span = 2 ** bitsStored;
    for (let i = 0; i < count; i += 1) {
      const stored = view.getUint32(i * 4, littleEndian) % span;
      out[i] = signed && stored >= span / 2 ? stored - span : stored;
    }
    return;
  }
  // Up to 16 bits, masking and sign extension are shifts: the sample moves to the top of a 32-bit integer, dropping
  // the bits above BitsStored, and comes back down with (>>) or without (>>>) its sign.
  const shift = 32 - bitsStored;
  if (bytesPerSample === 1) {
    if (signed) for (let i = 0; i < count; i += 1) out[i] = (data[i]! << shift) >> shift;
    else for (let i = 0; i < count; i += 1) out[i] = (data[i]! << shift) >>> shift;
    return;
  }
  if (littleEndian === HOST_LITTLE_ENDIAN) {
    // A Uint16Array needs an even byte offset; otherwise the bytes are copied to a fresh (aligned) buffer first.
    const words =
      data.byteOffset % 2 === 0
        ? new Uint16Array(data.buffer, data.byteOffset, count)
        : new Uint16Array(data.slice(0, count * 2).buffer, 0, count);
    if (signed) for (let i = 0; i < count; i += 1) out[i] = (words[i]! << shift) >> shift;
    else for (let i = 0; i < count; i += 1) out[i] = (words[i]! << shift) >>> shift;
    return;
  }
  const [high, low] = littleEndian ? [1, 0] : [0, 1];
  for (let i = 0; i < count; i += 1) {
    const word = (data[2 * i + high]! << 8) | data[2 * i + low]!;
    out[i] = signed ? (word << shift) >> shift : (word << shift) >>> shift;
  }
}

function interleave(planar: Float64Array, pixelCount: number): Float64Array {
  const out = new Float64Array(planar.length);
  for (let pixel = 0; pixel < pixelCount; pixel += 1) {
    for (let channel = 0; channel < 3; channel += 1) {
      out[pixel * 3 + channel] = planar[channel * pixelCount + pixel] ?? 0;
    }
  }
  return out;
}

/** Decodes the first frame of JPEG Baseline encapsulated pixel data (8-bit by definition of the syntax). */
export function readJpegBaselineFrame(dataSet: DataSet, format: PixelFormat, source?: string): Float32Array {
  const element = dataSet.elements[TAGS.pixelData.key];
  if (element?.encapsulatedPixelData !== true || element.fragments === undefined || element.fragments.length === 0) {
    throw dicomError(`${TAGS.pixelData.label} is not encapsulated, as JPEG Baseline requires`, source);
  }
  let jpeg: Uint8Array;
  try {
    jpeg =
      format.frames <= 1
        ? readEncapsulatedPixelDataFromFragments(dataSet, element, 0, element.fragments.length)
        : readEncapsulatedImageFrame(
            dataSet,
            element,
            0,
            element.basicOffsetTable?.length ? undefined : createJPEGBasicOffsetTable(dataSet, element),
          );
  } catch (thrown: unknown) {
    const reason = thrown instanceof Error ? thrown.message : String(thrown);
    throw dicomError(`${TAGS.pixelData.label} fragments cannot be read: ${reason}`, source, thrown);
  }
  // PS3.5 §8.2.1: YBR_FULL_422 / YBR_FULL mean the JPEG holds YCbCr; RGB means it holds RGB untransformed.
  const colorTransform = format.photometric.startsWith('YBR') ? true : format.photometric === 'RGB' ? false : undefined;
  const { width, height, rgb } = decodeJpegRgb(jpeg, { source, colorTransform, errorFormat: 'DICOM' });
  if (width !== format.columns || height !== format.rows) {
    throw dicomError(
      `JPEG frame is ${width}×${height} but ${TAGS.columns.label} × ${TAGS.rows.label} say ${format.columns}×${format.rows}`,
      source,
    );
  }
  return greyLevels(rgb, width * height, 3, format.samplesPerPixel === 3);
}

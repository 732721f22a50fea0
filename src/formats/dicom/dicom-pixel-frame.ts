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
  const view = new DataView(data.buffer, data.byteOffset, needed);
  const samples = new Float64Array(pixelCount * samplesPerPixel);
  // Values occupy the low BitsStored bits (HighBit = BitsStored − 1 in every IOD we read); bits above are overlay or
  // garbage and are masked off, then two's complement is undone when PixelRepresentation is 1.
  const span = 2 ** bitsStored;
  for (let i = 0; i < samples.length; i += 1) {
    const offset = i * bytesPerSample;
    const raw =
      bytesPerSample === 1
        ? view.getUint8(offset)
        : bytesPerSample === 2
          ? view.getUint16(offset, littleEndian)
          : view.getUint32(offset, littleEndian);
    const stored = raw % span;
    samples[i] = format.signed && stored >= span / 2 ? stored - span : stored;
  }
  const interleaved =
    samplesPerPixel === 3 && format.planarConfiguration === 1 ? interleave(samples, pixelCount) : samples;
  return greyLevels(interleaved, pixelCount, samplesPerPixel, format.photometric === 'RGB');
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

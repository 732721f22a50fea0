/**
 * Decoding of WaveformData (5400,1010): channels are interleaved sample by sample (PS3.3 C.10.9.1.7:
 * s0c0 s0c1 … s0cN s1c0 …), each sample WaveformBitsAllocated wide and read per WaveformSampleInterpretation.
 */
import type { DataSet } from 'dicom-parser';
import { dicomError, readBytes, readNumber, readString } from './dicom-data-set';
import { TAGS } from './dicom-tags';

type SampleReader = (view: DataView, offset: number, littleEndian: boolean) => number;

/** Integer interpretations by (bits allocated, interpretation). Mu-law (MB) and A-law (AB) are not decoded. */
const READERS: Record<string, { bytes: number; read: SampleReader }> = {
  '8 SB': { bytes: 1, read: (view, offset) => view.getInt8(offset) },
  '8 UB': { bytes: 1, read: (view, offset) => view.getUint8(offset) },
  '16 SS': { bytes: 2, read: (view, offset, le) => view.getInt16(offset, le) },
  '16 US': { bytes: 2, read: (view, offset, le) => view.getUint16(offset, le) },
  '32 SL': { bytes: 4, read: (view, offset, le) => view.getInt32(offset, le) },
  '32 UL': { bytes: 4, read: (view, offset, le) => view.getUint32(offset, le) },
};

/**
 * The stored integers of each channel of a multiplex group, as `[channel][sample]`. Samples equal to
 * WaveformPaddingValue (5400,100A) come back as NaN.
 */
export function decodeWaveformSamples(
  group: DataSet,
  layout: { channels: number; samples: number; littleEndian: boolean },
  source?: string,
): Float64Array[] {
  const bitsAllocated = readNumber(group, TAGS.waveformBitsAllocated, 'US', source);
  const interpretation = readString(group, TAGS.waveformSampleInterpretation);
  const format = READERS[`${bitsAllocated} ${interpretation}`];
  if (format === undefined) {
    throw dicomError(
      `${TAGS.waveformBitsAllocated.label} ${bitsAllocated ?? '(missing)'} with ` +
        `${TAGS.waveformSampleInterpretation.label} ${interpretation ?? '(missing)'} is not supported ` +
        '(supported: 8 SB/UB, 16 SS/US, 32 SL/UL)',
      source,
    );
  }
  const data = readBytes(group, TAGS.waveformData, source);
  if (data === undefined) throw dicomError(`${TAGS.waveformData.label} is missing`, source);
  const needed = layout.channels * layout.samples * format.bytes;
  if (data.length < needed) {
    throw dicomError(
      `${TAGS.waveformData.label} holds ${data.length} bytes, fewer than the ${needed} that ` +
        `${layout.channels} channels × ${layout.samples} samples need`,
      source,
    );
  }
  const padding = readPaddingValue(group, format, layout.littleEndian, source);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const channels = Array.from({ length: layout.channels }, () => new Float64Array(layout.samples));
  let offset = 0;
  for (let sample = 0; sample < layout.samples; sample += 1) {
    for (const channel of channels) {
      const value = format.read(view, offset, layout.littleEndian);
      channel[sample] = value === padding ? Number.NaN : value;
      offset += format.bytes;
    }
  }
  return channels;
}

function readPaddingValue(
  group: DataSet,
  format: { bytes: number; read: SampleReader },
  littleEndian: boolean,
  source?: string,
): number | undefined {
  const bytes = readBytes(group, TAGS.waveformPaddingValue, source);
  if (bytes === undefined || bytes.length < format.bytes) return undefined;
  return format.read(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, littleEndian);
}

/**
 * Format detection by magic bytes, and the one entry point that reads a chest image whatever its format.
 */
import { FormatError, type ChestImage } from '../shared/index';
import { readDicomImage } from './dicom/read-dicom-image';
import { readJpeg } from './image/read-jpeg';
import { readPng } from './image/read-png';

export { isDicomEcg } from './dicom/is-dicom-ecg';

export type SniffedFormat = 'dicom' | 'png' | 'jpeg' | 'unknown';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** SOI followed by the first marker's 0xFF (JPEG ISO/IEC 10918-1 B.1.1.3). */
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
/** DICOM Part-10: 128-byte preamble, then `DICM` (PS3.10 §7.1). */
const DICM = [0x44, 0x49, 0x43, 0x4d];

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  return bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte);
}

/** The format `bytes` are in, from their magic bytes alone. */
export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  if (startsWith(bytes, DICM, 128)) return 'dicom';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, JPEG_SIGNATURE)) return 'jpeg';
  return 'unknown';
}

const BY_CONTENT_TYPE: Record<string, Exclude<SniffedFormat, 'unknown'>> = {
  'application/dicom': 'dicom',
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/pjpeg': 'jpeg',
};

/**
 * Reads a chest image in DICOM, PNG or JPEG. The magic bytes decide; the content type is used only when they are
 * not recognised (servers mislabel files more often than files lie about themselves).
 *
 * @param bytes - the file
 * @param contentType - MIME type as served, parameters allowed (`application/dicom; transfer-syntax=…`)
 * @param source - file name or reference, for provenance and error messages
 * @throws FormatError when the format is unknown or the reader fails
 */
export function readChestImage(bytes: Uint8Array, contentType?: string, source?: string): ChestImage {
  const sniffed = sniffFormat(bytes);
  const declared = contentType === undefined ? undefined : contentType.split(';')[0]?.trim().toLowerCase();
  const format = sniffed !== 'unknown' ? sniffed : declared === undefined ? undefined : BY_CONTENT_TYPE[declared];
  switch (format) {
    case 'dicom':
      return readDicomImage(bytes, source);
    case 'png':
      return readPng(bytes, source);
    case 'jpeg':
      return readJpeg(bytes, source);
    case undefined:
      throw new FormatError(
        'image',
        `not DICOM, PNG or JPEG by its first bytes, and content type ${contentType ?? '(none)'} does not say otherwise`,
        source,
      );
  }
}

/** SOP class and transfer syntax UIDs the readers recognise (DICOM PS3.6 Annex A). */

/** 12-lead ECG Waveform Storage and General ECG Waveform Storage (PS3.3 A.34.3, A.34.4). */
export const ECG_SOP_CLASS_UIDS: ReadonlyMap<string, string> = new Map([
  ['1.2.840.10008.5.1.4.1.1.9.1.1', '12-lead ECG Waveform Storage'],
  ['1.2.840.10008.5.1.4.1.1.9.1.2', 'General ECG Waveform Storage'],
]);

/** Transfer syntaxes whose pixel data is stored native (not encapsulated), and their byte order. */
export const NATIVE_TRANSFER_SYNTAXES: ReadonlyMap<string, { littleEndian: boolean }> = new Map([
  ['1.2.840.10008.1.2', { littleEndian: true }],
  ['1.2.840.10008.1.2.1', { littleEndian: true }],
  // Deflated explicit VR little endian: dicom-parser inflates the data set, after which it is native.
  ['1.2.840.10008.1.2.1.99', { littleEndian: true }],
  ['1.2.840.10008.1.2.2', { littleEndian: false }],
]);

export const JPEG_BASELINE_TRANSFER_SYNTAX = '1.2.840.10008.1.2.4.50';

/** Names of common encapsulated transfer syntaxes we do not decode, so that the error says what the file holds. */
export const UNSUPPORTED_TRANSFER_SYNTAX_NAMES: ReadonlyMap<string, string> = new Map([
  ['1.2.840.10008.1.2.4.51', 'JPEG Extended (12-bit)'],
  ['1.2.840.10008.1.2.4.57', 'JPEG Lossless'],
  ['1.2.840.10008.1.2.4.70', 'JPEG Lossless SV1'],
  ['1.2.840.10008.1.2.4.80', 'JPEG-LS Lossless'],
  ['1.2.840.10008.1.2.4.81', 'JPEG-LS Near-Lossless'],
  ['1.2.840.10008.1.2.4.90', 'JPEG 2000 Lossless'],
  ['1.2.840.10008.1.2.4.91', 'JPEG 2000'],
  ['1.2.840.10008.1.2.4.201', 'HTJ2K Lossless'],
  ['1.2.840.10008.1.2.4.203', 'HTJ2K'],
  ['1.2.840.10008.1.2.5', 'RLE Lossless'],
]);

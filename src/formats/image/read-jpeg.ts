/**
 * JPEG chest radiographs (MIMIC-CXR-JPG and most exports), greyscale or colour, 8-bit baseline or progressive.
 */
import type { ChestImage } from '../../shared/index';
import { decodeJpegRgb } from './decode-jpeg';
import { greyLevels, scaleToUnit } from './grey-levels';

/**
 * Decodes a JPEG into a ChestImage in [0, 1]; colour is converted to grey with BT.601 luma (a greyscale JPEG
 * decodes to R = G = B, which luma leaves unchanged).
 *
 * @param bytes - the JPEG file
 * @param source - file name or reference, for provenance and error messages
 * @throws FormatError (format `JPEG`) when the file is not a JPEG or is truncated or corrupt
 */
export function readJpeg(bytes: Uint8Array, source?: string): ChestImage {
  const { width, height, rgb } = decodeJpegRgb(bytes, { source });
  return {
    width,
    height,
    pixels: scaleToUnit(greyLevels(rgb, width * height, 3, true), 255),
    // jpeg-js decodes 8-bit precision only; 12-bit JPEG fails in decode above.
    sourceBitDepth: 8,
    sourceFormat: 'jpeg',
    provenance: { source: 'file', references: source === undefined ? [] : [source] },
  };
}

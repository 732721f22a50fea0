/**
 * PNG chest radiographs (NIH ChestX-ray14 and most exports): greyscale, grey + alpha, RGB, RGBA and palette, at
 * 1–16 bits per sample.
 */
import { PNG } from 'pngjs';
import { FormatError, type ChestImage } from '../../shared/index';
import { greyLevels, scaleToUnit } from './grey-levels';

/**
 * Decodes a PNG into a ChestImage in [0, 1]. Colour is converted to grey with BT.601 luma, alpha is ignored (a
 * radiograph has no meaningful transparency), and the PNG's gAMA is not applied: pixel values are taken as
 * stored, as the datasets that publish PNG radiographs intend.
 *
 * @param bytes - the PNG file
 * @param source - file name or reference, for provenance and error messages
 * @throws FormatError (format `PNG`) when the file is not a PNG or is truncated or corrupt
 */
export function readPng(bytes: Uint8Array, source?: string): ChestImage {
  let png: ReturnType<typeof PNG.sync.read>;
  try {
    // skipRescale keeps 16-bit (and 1–4-bit) samples at their stored values instead of rounding them to 8 bits.
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { skipRescale: true });
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FormatError('PNG', `cannot decode (truncated or corrupt): ${reason}`, source, { cause: error });
  }
  // pngjs expands every colour type to RGBA (IHDR colour-type bits: palette, colour, alpha). Palette entries are
  // always 8-bit; other samples are `depth` bits, kept unscaled (a Uint16Array at 16 bits).
  const bitDepth = png.palette ? 8 : png.depth;
  const data: ArrayLike<number> = png.data;
  const pixels = scaleToUnit(greyLevels(data, png.width * png.height, 4, png.color), 2 ** bitDepth - 1);
  return {
    width: png.width,
    height: png.height,
    pixels,
    sourceBitDepth: bitDepth,
    sourceFormat: 'png',
    provenance: { source: 'file', references: source === undefined ? [] : [source] },
  };
}

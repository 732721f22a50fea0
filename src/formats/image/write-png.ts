/**
 * Writes a ChestImage as a greyscale PNG (colour type 0) with pngjs, at 8 or 16 bits per sample.
 */
import { PNG } from 'pngjs';
import type { ChestImage } from '../../shared/index';

/**
 * Encodes `image` as a greyscale PNG. Grey [0, 1] (clamped) becomes `round(grey × (2^bitDepth − 1))`, the inverse
 * of readPng's scaling, so a round trip returns every pixel within half a quantisation step.
 *
 * @param options.bitDepth - 8 (default; the depth of NIH ChestX-ray14 and most exports) or 16
 */
export function writePng(image: ChestImage, options: { bitDepth?: 8 | 16 } = {}): Uint8Array {
  const bitDepth = options.bitDepth ?? 8;
  const maxLevel = bitDepth === 16 ? 0xffff : 0xff;
  const count = image.width * image.height;
  // pngjs takes one sample per pixel for greyscale input, as bytes at 8 bits and as native-endian uint16 at 16
  // (it reads the buffer through a Uint16Array over its whole ArrayBuffer, so the buffer must start at offset 0).
  const levels = bitDepth === 16 ? new Uint16Array(count) : new Uint8Array(count);
  for (let i = 0; i < count; i += 1) {
    const grey = image.pixels[i] ?? 0;
    levels[i] = Math.round((grey < 0 ? 0 : grey > 1 ? 1 : grey) * maxLevel);
  }
  const png = new PNG({ width: image.width, height: image.height, colorType: 0, inputColorType: 0, bitDepth });
  png.data = Buffer.from(levels.buffer);
  const encoded = PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth, inputHasAlpha: false });
  return new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength);
}

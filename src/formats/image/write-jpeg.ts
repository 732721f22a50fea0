/**
 * Writes a ChestImage as a baseline JPEG with jpeg-js (8 bits; the encoder takes RGBA, so grey is written as
 * R = G = B and the file is a 3-component YCbCr JPEG whose chroma is flat).
 */
import { encode } from 'jpeg-js';
import type { ChestImage } from '../../shared/index';

/**
 * Encodes `image` as a JPEG. Grey [0, 1] (clamped) becomes the 8-bit level `round(grey × 255)` before the lossy
 * compression, so a round trip differs by the quantisation of the DCT, not only by half a level.
 *
 * @param options.quality - jpeg-js quality 1–100; default 90 (MIMIC-CXR-JPG was written at 95)
 */
export function writeJpeg(image: ChestImage, options: { quality?: number } = {}): Uint8Array {
  const quality = Math.min(100, Math.max(1, Math.round(options.quality ?? 90)));
  const count = image.width * image.height;
  const rgba = new Uint8Array(count * 4);
  for (let i = 0; i < count; i += 1) {
    const grey = image.pixels[i] ?? 0;
    const level = Math.round((grey < 0 ? 0 : grey > 1 ? 1 : grey) * 255);
    rgba[4 * i] = level;
    rgba[4 * i + 1] = level;
    rgba[4 * i + 2] = level;
    rgba[4 * i + 3] = 255;
  }
  const encoded = encode({ width: image.width, height: image.height, data: rgba }, quality);
  return new Uint8Array(encoded.data.buffer, encoded.data.byteOffset, encoded.data.byteLength);
}

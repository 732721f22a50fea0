/**
 * Colour to grey for radiographs that arrive as colour files (screenshots, exported JPEGs). Weights are ITU-R
 * BT.601 luma (0.299 R + 0.587 G + 0.114 B), the convention of JPEG/JFIF's Y and of DICOM's YBR_FULL, so that a
 * grey image stored as RGB (R = G = B) keeps its exact levels.
 */
export const LUMA_WEIGHTS = { r: 0.299, g: 0.587, b: 0.114 } as const;

/**
 * One grey level per pixel from interleaved samples, in the source's own scale (not normalised).
 *
 * @param data - interleaved samples, `channels` per pixel (grey, RGB or RGBA; any alpha is ignored)
 * @param pixelCount - width × height
 * @param channels - samples per pixel in `data`
 * @param colour - true when samples 0–2 are R, G, B; false to take sample 0 as the grey level
 */
export function greyLevels(
  data: ArrayLike<number>,
  pixelCount: number,
  channels: number,
  colour: boolean,
): Float32Array {
  const grey = new Float32Array(pixelCount);
  for (let pixel = 0, offset = 0; pixel < pixelCount; pixel += 1, offset += channels) {
    const first = data[offset] ?? 0;
    grey[pixel] = colour
      ? LUMA_WEIGHTS.r * first + LUMA_WEIGHTS.g * (data[offset + 1] ?? 0) + LUMA_WEIGHTS.b * (data[offset + 2] ?? 0)
      : first;
  }
  return grey;
}

/** Divides every level by `maximum` in place, so that [0, maximum] maps to [0, 1]; returns the same array. */
export function scaleToUnit(levels: Float32Array, maximum: number): Float32Array {
  for (let i = 0; i < levels.length; i += 1) levels[i] = (levels[i] ?? 0) / maximum;
  return levels;
}

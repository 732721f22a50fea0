/**
 * Bilinear resizing exactly as Pillow's `Image.resize(size, Image.BILINEAR)` computes it (libImaging/Resample.c,
 * `ImagingResample`), which is what torchvision's `Resize` does to the PIL images of the MedTVT-R1 reference code.
 *
 * Pillow's algorithm, reproduced here:
 * - separable: a horizontal pass (only when the width changes) into a temporary image, then a vertical pass (only
 *   when the height changes);
 * - per output pixel i of a pass, scale = in/out, the triangle filter is stretched by max(scale, 1) (this is the
 *   anti-aliasing when down-scaling), centre = (i + 0.5)·scale in input coordinates whose pixel j covers
 *   [j, j + 1), taps j from int(centre − support + 0.5) to int(centre + support + 0.5) clipped to the image, weight
 *   of tap j = tri((j + 0.5 − centre) / max(scale, 1)), weights normalised to sum 1;
 * - 8-bit images: the weights become 22-bit fixed point (round half away from zero), each pass accumulates
 *   integers from ½ (2^21) and keeps bits 22–29, clipped to 0–255. So the horizontal pass's result is rounded to
 *   8 bits before the vertical pass reads it. We reproduce this bit for bit;
 * - float images (mode `F`): the same weights in float64, each pass's result stored as float32.
 *
 * Only the output pixels inside `region` (the centre crop that follows) are computed, and the horizontal pass only
 * covers the input rows the vertical pass reads. Each output pixel depends on its own taps only, so the values are
 * the same as resizing the whole image and cropping.
 */

/** The taps and weights of one resampling pass from `inSize` to `outSize` pixels. */
export interface PassCoefficients {
  readonly inSize: number;
  readonly outSize: number;
  /** Maximum taps per output pixel (Pillow's `ksize`): row stride of `weights` and `fixed`. */
  readonly ksize: number;
  /** First input pixel of output pixel i. */
  readonly first: Int32Array;
  /** Number of input pixels of output pixel i. */
  readonly count: Int32Array;
  /** Normalised float64 weights, `outSize × ksize`. */
  readonly weights: Float64Array;
  /** The weights in 22-bit fixed point as Pillow's 8-bit passes use them, `outSize × ksize`. */
  readonly fixed: Int32Array;
}

/** A rectangle of the resized image: the output pixels to compute. */
export interface ResizeRegion {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Pillow's `PRECISION_BITS` (32 − 8 − 2) for the 8-bit passes. */
const PRECISION_BITS = 22;
const ONE = 1 << PRECISION_BITS;
const HALF = 1 << (PRECISION_BITS - 1);

/** Pillow's BILINEAR filter (support 1). */
function triangle(x: number): number {
  const a = x < 0 ? -x : x;
  return a < 1 ? 1 - a : 0;
}

const CACHE_LIMIT = 32;
const cache = new Map<string, PassCoefficients>();

/**
 * The (cached) coefficients of one bilinear pass from `inSize` to `outSize` pixels, as Pillow's `precompute_coeffs`
 * computes them for the box (0, inSize).
 *
 * @param inSize - input pixels, a positive integer
 * @param outSize - output pixels, a positive integer
 */
export function bilinearPassCoefficients(inSize: number, outSize: number): PassCoefficients {
  const key = `${inSize}:${outSize}`;
  const hit = cache.get(key);
  if (hit) return hit;

  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 1 * filterScale;
  const ksize = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * ksize);
  const fixed = new Int32Array(outSize * ksize);
  const inverseScale = 1 / filterScale;

  for (let i = 0; i < outSize; i++) {
    const centre = (i + 0.5) * scale;
    // C's (int) truncates toward zero; Pillow then clips to the image.
    const lo = Math.max(0, Math.trunc(centre - support + 0.5));
    const hi = Math.min(inSize, Math.trunc(centre + support + 0.5));
    const n = hi - lo;
    const row = i * ksize;
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const w = triangle((j + lo - centre + 0.5) * inverseScale);
      weights[row + j] = w;
      sum += w;
    }
    for (let j = 0; j < n; j++) {
      if (sum !== 0) weights[row + j]! /= sum;
      const w = weights[row + j]!;
      // normalize_coeffs_8bpc: (int)(±0.5 + w·2^22), i.e. round half away from zero.
      fixed[row + j] = w < 0 ? Math.trunc(-0.5 + w * ONE) : Math.trunc(0.5 + w * ONE);
    }
    first[i] = lo;
    count[i] = n;
  }

  const coefficients: PassCoefficients = { inSize, outSize, ksize, first, count, weights, fixed };
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, coefficients);
  return coefficients;
}

/** Pillow's clip8: the accumulator's bits 22–29, clamped to 0–255. */
function clip8(accumulator: number): number {
  const v = accumulator >> PRECISION_BITS;
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

interface Plan {
  horizontal: PassCoefficients;
  vertical: PassCoefficients;
  needHorizontal: boolean;
  needVertical: boolean;
  /** Input rows [rowFirst, rowEnd) that the vertical pass reads for the region's rows. */
  rowFirst: number;
  rowEnd: number;
}

function plan(width: number, height: number, outWidth: number, outHeight: number, region: ResizeRegion): Plan {
  if (
    region.left < 0 ||
    region.top < 0 ||
    region.width < 1 ||
    region.height < 1 ||
    region.left + region.width > outWidth ||
    region.top + region.height > outHeight
  ) {
    throw new RangeError(
      `resize region ${region.width}×${region.height} at (${region.left}, ${region.top}) is outside the ` +
        `${outWidth}×${outHeight} output`,
    );
  }
  const horizontal = bilinearPassCoefficients(width, outWidth);
  const vertical = bilinearPassCoefficients(height, outHeight);
  const needVertical = outHeight !== height;
  let rowFirst = region.top;
  let rowEnd = region.top + region.height;
  if (needVertical) {
    const last = region.top + region.height - 1;
    rowFirst = vertical.first[region.top]!;
    rowEnd = vertical.first[last]! + vertical.count[last]!;
  }
  return { horizontal, vertical, needHorizontal: outWidth !== width, needVertical, rowFirst, rowEnd };
}

/**
 * Resizes an 8-bit single-channel image as Pillow does for mode `L` (and for each band of `RGB`), returning only
 * `region` of the `outWidth × outHeight` result.
 *
 * @param pixels - row-major `width × height` 8-bit values
 * @returns row-major `region.width × region.height` 8-bit values
 * @throws RangeError when `region` is not inside the output
 */
export function resizeBilinear8(
  pixels: Uint8Array,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
  region: ResizeRegion = { left: 0, top: 0, width: outWidth, height: outHeight },
): Uint8Array {
  const p = plan(width, height, outWidth, outHeight, region);
  const rows = p.rowEnd - p.rowFirst;
  const cols = region.width;

  // Horizontal pass over the rows the vertical pass needs: temp is rows × cols, 8-bit (Pillow's imTemp).
  const temp = new Uint8Array(rows * cols);
  if (p.needHorizontal) {
    const { ksize, first, count, fixed } = p.horizontal;
    for (let y = 0; y < rows; y++) {
      const src = (p.rowFirst + y) * width;
      const dst = y * cols;
      for (let x = 0; x < cols; x++) {
        const xx = region.left + x;
        const k = xx * ksize;
        const lo = src + first[xx]!;
        const n = count[xx]!;
        let acc = HALF;
        for (let j = 0; j < n; j++) acc += pixels[lo + j]! * fixed[k + j]!;
        temp[dst + x] = clip8(acc);
      }
    }
  } else {
    for (let y = 0; y < rows; y++) {
      const src = (p.rowFirst + y) * width + region.left;
      temp.set(pixels.subarray(src, src + cols), y * cols);
    }
  }
  if (!p.needVertical) return temp;

  const out = new Uint8Array(region.height * cols);
  const { ksize, first, count, fixed } = p.vertical;
  // Row by row over the taps (same sums as Pillow's per-pixel loop; integer sums do not depend on the order).
  const acc = new Int32Array(cols);
  for (let y = 0; y < region.height; y++) {
    const yy = region.top + y;
    const k = yy * ksize;
    const lo = first[yy]! - p.rowFirst;
    const n = count[yy]!;
    acc.fill(HALF);
    for (let j = 0; j < n; j++) {
      const w = fixed[k + j]!;
      const src = (lo + j) * cols;
      for (let x = 0; x < cols; x++) acc[x]! += temp[src + x]! * w;
    }
    const dst = y * cols;
    for (let x = 0; x < cols; x++) out[dst + x] = clip8(acc[x]!);
  }
  return out;
}

/**
 * Resizes a float image as Pillow does for mode `F`: float64 weights and sums, each pass stored as float32.
 * Used for sources deeper than 8 bits, which Pillow would otherwise have to cut to 8 bits first.
 *
 * @param pixels - row-major `width × height` values
 * @returns row-major `region.width × region.height` values
 * @throws RangeError when `region` is not inside the output
 */
export function resizeBilinearFloat(
  pixels: Float32Array,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
  region: ResizeRegion = { left: 0, top: 0, width: outWidth, height: outHeight },
): Float32Array {
  const p = plan(width, height, outWidth, outHeight, region);
  const rows = p.rowEnd - p.rowFirst;
  const cols = region.width;

  const temp = new Float32Array(rows * cols);
  if (p.needHorizontal) {
    const { ksize, first, count, weights } = p.horizontal;
    for (let y = 0; y < rows; y++) {
      const src = (p.rowFirst + y) * width;
      const dst = y * cols;
      for (let x = 0; x < cols; x++) {
        const xx = region.left + x;
        const k = xx * ksize;
        const lo = src + first[xx]!;
        const n = count[xx]!;
        let acc = 0;
        for (let j = 0; j < n; j++) acc += pixels[lo + j]! * weights[k + j]!;
        temp[dst + x] = acc;
      }
    }
  } else {
    for (let y = 0; y < rows; y++) {
      const src = (p.rowFirst + y) * width + region.left;
      temp.set(pixels.subarray(src, src + cols), y * cols);
    }
  }
  if (!p.needVertical) return temp;

  const out = new Float32Array(region.height * cols);
  const { ksize, first, count, weights } = p.vertical;
  // Row by row over the taps: each pixel's float64 sum still adds its taps in Pillow's order.
  const acc = new Float64Array(cols);
  for (let y = 0; y < region.height; y++) {
    const yy = region.top + y;
    const k = yy * ksize;
    const lo = first[yy]! - p.rowFirst;
    const n = count[yy]!;
    acc.fill(0);
    for (let j = 0; j < n; j++) {
      const w = weights[k + j]!;
      const src = (lo + j) * cols;
      for (let x = 0; x < cols; x++) acc[x]! += temp[src + x]! * w;
    }
    out.set(acc, y * cols);
  }
  return out;
}

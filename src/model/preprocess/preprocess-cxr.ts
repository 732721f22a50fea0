/**
 * Chest radiograph → `cxr [3, 224, 224]` float32, as the MedTVT-R1 reference code prepares its test images
 * (`process_and_save_tensors.py::get_cxr`, split 'test'): PIL `convert('RGB')`, torchvision `Resize(400)`,
 * `CenterCrop(224)`, `ToTensor()`, `Normalize(ImageNet mean, std)`.
 */
import { ModelInputError, type ChestImage } from '../../shared';
import { resizeBilinear8, resizeBilinearFloat, type ResizeRegion } from './pil-bilinear-resize';

/** The CXR preparation parameters; the model package's `inputs.cxr` carries the same values. */
export interface CxrPreprocessing {
  /** torchvision `Resize(int)`: the short side's new length. */
  resizeShortSide: number;
  /** torchvision `CenterCrop(int)`: the square crop's side. */
  cropSize: number;
  /** Per-channel mean and standard deviation (RGB order) subtracted after scaling to [0, 1]. */
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

/** The paper's values: short side 400, centre crop 224, ImageNet mean/std. */
export const CXR_PREPROCESSING: CxrPreprocessing = {
  resizeShortSide: 400,
  cropSize: 224,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
};

/**
 * torchvision's `_compute_resized_output_size` for an int size: the short side becomes `size`, the long side
 * `int(size * long / short)` (truncated, as Python's int() does).
 *
 * @returns [width, height] of the resized image
 */
export function resizedSize(width: number, height: number, size: number): [number, number] {
  const short = Math.min(width, height);
  const long = Math.max(width, height);
  // Same float64 expression, evaluated left to right, as torchvision's Python.
  const newLong = Math.trunc((size * long) / short);
  return width <= height ? [size, newLong] : [newLong, size];
}

/** Python's round() of a multiple of ½: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * torchvision's `center_crop` offsets: `int(round((size − crop) / 2))` on each axis, with Python's round.
 *
 * @returns the crop as a region of the resized image
 */
export function centreCropRegion(width: number, height: number, crop: number): ResizeRegion {
  if (crop > width || crop > height) {
    throw new RangeError(`centre crop ${crop} is larger than the ${width}×${height} image`);
  }
  return {
    left: roundHalfEven((width - crop) / 2),
    top: roundHalfEven((height - crop) / 2),
    width: crop,
    height: crop,
  };
}

function validateSize(image: ChestImage): void {
  const { width, height, pixels } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ModelInputError('cxr', `image size must be positive integers, got ${width}×${height}`);
  }
  if (pixels.length !== width * height) {
    throw new ModelInputError('cxr', `expected ${width * height} pixels for ${width}×${height}, got ${pixels.length}`);
  }
}

function nonFiniteError(count: number): ModelInputError {
  return new ModelInputError('cxr', `${count} pixels are not finite numbers`);
}

/**
 * The 8-bit grey levels an 8-bit source was decoded from (ChestImage stores v/255), rounded to the nearest level and
 * clamped (PIL's 8-bit modes hold nothing else).
 *
 * @throws ModelInputError when a pixel is not finite
 */
function toUint8(pixels: Float32Array): Uint8Array {
  const out = new Uint8Array(pixels.length);
  let nonFinite = 0;
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]! * 255;
    // v − v is 0 for finite v only; for v ≥ 0, (v + 0.5) | 0 is Math.round(v).
    if (v - v !== 0) nonFinite++;
    else out[i] = v <= 0 ? 0 : v >= 255 ? 255 : (v + 0.5) | 0;
  }
  if (nonFinite > 0) throw nonFiniteError(nonFinite);
  return out;
}

/** Throws when a pixel is not finite: one would spread over its whole neighbourhood in the resize. */
function assertFinite(pixels: Float32Array): void {
  let nonFinite = 0;
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]!;
    if (v - v !== 0) nonFinite++;
  }
  if (nonFinite > 0) throw nonFiniteError(nonFinite);
}

/**
 * Prepares a chest radiograph for the CXR encoder. The grey image is used for all three channels (the reference
 * code converts to RGB, which copies L into R, G and B), resized so its short side is 400 with Pillow's bilinear
 * filter (anti-aliased when down-scaling), centre-cropped to 224 × 224 with torchvision's offsets, scaled to
 * [0, 1] and normalised with the ImageNet mean and std, all in float32 as torch computes them.
 *
 * Sources of 8 bits or fewer (PNG, JPEG) take Pillow's 8-bit path exactly: integer fixed-point weights and a result
 * rounded to 8 bits after each pass, then `v / 255`. Deeper sources (DICOM, 16-bit PNG) take Pillow's float (`F`)
 * path on the [0, 1] values instead, so no precision is thrown away; the reference never saw such images (its
 * inputs were 8-bit JPEGs), and the two paths differ by at most about one 8-bit level.
 *
 * @param image - the radiograph, MONOCHROME2 values in [0, 1]
 * @param options - preparation parameters, the paper's by default
 * @returns `[3, cropSize, cropSize]` float32, channel-major (R, G, B planes)
 * @throws ModelInputError when the image's size and pixel count disagree or a pixel is not finite
 */
export function preprocessCxr(image: ChestImage, options: CxrPreprocessing = CXR_PREPROCESSING): Float32Array {
  validateSize(image);
  const { width, height } = image;
  const [outWidth, outHeight] = resizedSize(width, height, options.resizeShortSide);
  const region = centreCropRegion(outWidth, outHeight, options.cropSize);
  const plane = region.width * region.height;
  const out = new Float32Array(3 * plane);
  const mean = options.mean.map(Math.fround);
  const std = options.std.map(Math.fround);

  if (image.sourceBitDepth <= 8) {
    const resized = resizeBilinear8(toUint8(image.pixels), width, height, outWidth, outHeight, region);
    for (let c = 0; c < 3; c++) {
      // ToTensor: float32(v) / 255; Normalize: (x − mean) / std, each step rounded to float32 as torch does.
      const lut = new Float32Array(256);
      for (let v = 0; v < 256; v++) lut[v] = Math.fround(Math.fround(v / 255) - mean[c]!) / std[c]!;
      const offset = c * plane;
      for (let i = 0; i < plane; i++) out[offset + i] = lut[resized[i]!]!;
    }
    return out;
  }

  assertFinite(image.pixels);
  const resized = resizeBilinearFloat(image.pixels, width, height, outWidth, outHeight, region);
  // One pass over the resized plane writes the three channels: (x − mean) rounded to float32, then / std, as torch.
  const [m0, m1, m2] = mean as [number, number, number];
  const [s0, s1, s2] = std as [number, number, number];
  for (let i = 0; i < plane; i++) {
    const x = resized[i]!;
    out[i] = Math.fround(x - m0) / s0;
    out[plane + i] = Math.fround(x - m1) / s1;
    out[2 * plane + i] = Math.fround(x - m2) / s2;
  }
  return out;
}

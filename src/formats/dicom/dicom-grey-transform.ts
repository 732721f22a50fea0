/**
 * Stored pixel values to display grey in [0, 1], MONOCHROME2: the modality LUT (RescaleSlope/Intercept, PS3.3
 * C.11.1), then the VOI window (WindowCenter/Width with VOILUTFunction, PS3.3 C.11.2.1.2) or, without one, the
 * image's own min–max, then inversion for MONOCHROME1 (where the smallest value is white).
 */

/** How to turn one frame's stored values into display grey. */
export interface GreyTransform {
  slope: number;
  intercept: number;
  /** The first VOI window of the file, in modality (rescaled) units; absent to stretch min–max. */
  window?: { center: number; width: number; function: VoiLutFunction };
  /** MONOCHROME1: 0 → white. */
  invert: boolean;
}

export type VoiLutFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

/** PS3.3 C.11.2.1.2.1 (LINEAR), C.11.2.1.3.2 (LINEAR_EXACT), C.11.2.1.3.1 (SIGMOID), output range [0, 1]. */
function voi(value: number, window: NonNullable<GreyTransform['window']>): number {
  const { center: c, width: w } = window;
  switch (window.function) {
    case 'LINEAR':
      if (value <= c - 0.5 - (w - 1) / 2) return 0;
      if (value > c - 0.5 + (w - 1) / 2) return 1;
      return (value - (c - 0.5)) / (w - 1) + 0.5;
    case 'LINEAR_EXACT':
      if (value <= c - w / 2) return 0;
      if (value > c + w / 2) return 1;
      return (value - c) / w + 0.5;
    case 'SIGMOID':
      return 1 / (1 + Math.exp((-4 * (value - c)) / w));
  }
}

/** Integer stored values all lie in [lowest, highest]: what native grey pixel data of up to 16 bits guarantees. */
export interface StoredLevelRange {
  lowest: number;
  highest: number;
}

/**
 * Applies the transform in place to `levels` (stored values) and returns it.
 *
 * Stored values of up to 16 bits take at most 65,536 distinct levels, far fewer than a radiograph's pixels, so when
 * every level is an integer and their range is smaller than the image, each level's grey is computed once into a
 * lookup table. The table holds exactly what the per-pixel formula gives: the rescaled value rounded to float32 as the
 * array stores it, the min–max of the unrounded values, then the window.
 *
 * @param levels - stored values, one per pixel; overwritten with grey in [0, 1]
 * @param transform - rescale, window, inversion
 * @param storedRange - when given, the caller vouches that every level is an integer in this range (the bits stored
 *   say so), which spares a pass over the pixels when the file has a window
 */
export function applyGreyTransform(
  levels: Float32Array,
  transform: GreyTransform,
  storedRange?: StoredLevelRange,
): Float32Array {
  const { slope, intercept } = transform;
  const count = levels.length;
  if (storedRange !== undefined && transform.window !== undefined) {
    const size = storedRange.highest - storedRange.lowest + 1;
    // The window does not depend on the image's own min–max, so the table may span every level the bits allow.
    if (size <= MAX_TABLE && size < count) return applyByTable(levels, transform, storedRange.lowest, size);
  }
  let lowest = Number.POSITIVE_INFINITY;
  let highest = Number.NEGATIVE_INFINITY;
  let integers = true;
  for (let i = 0; i < count; i += 1) {
    const level = levels[i]!;
    if (level < lowest) lowest = level;
    if (level > highest) highest = level;
    // Integers within int32 survive `| 0` (NaN, ±Infinity, fractions and larger values do not; those few images take
    // the per-pixel path). `% 1` would say the same but is a floating-point remainder call per pixel.
    if (storedRange === undefined && (level | 0) !== level) integers = false;
  }
  const size = highest - lowest + 1;
  if (integers && count > 0 && size <= MAX_TABLE && size < count) return applyByTable(levels, transform, lowest, size);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < levels.length; i += 1) {
    const value = (levels[i] ?? 0) * slope + intercept;
    levels[i] = value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const { window } = transform;
  // A flat image has no contrast to stretch: it becomes uniform black (before any MONOCHROME1 inversion).
  const range = max > min ? max - min : 1;
  for (let i = 0; i < levels.length; i += 1) {
    const value = levels[i] ?? 0;
    const grey = window === undefined ? (value - min) / range : voi(value, window);
    levels[i] = transform.invert ? 1 - grey : grey;
  }
  return levels;
}

/** The largest lookup table built: every level of 16-bit data. */
const MAX_TABLE = 65536;

/**
 * applyGreyTransform for integer levels in [lowest, lowest + size). Without a window, `lowest` and the top of the range
 * must be levels that occur: the min–max stretch is taken between them.
 */
function applyByTable(levels: Float32Array, transform: GreyTransform, lowest: number, size: number): Float32Array {
  const { slope, intercept, window, invert } = transform;
  // The rescale is monotonic in the level (each rounding step is), so the extreme values come from the extreme levels.
  const first = lowest * slope + intercept;
  const last = (lowest + size - 1) * slope + intercept;
  const min = first < last ? first : last;
  const max = first < last ? last : first;
  const range = max > min ? max - min : 1;
  const table = new Float32Array(size);
  for (let k = 0; k < size; k += 1) {
    const value = Math.fround((lowest + k) * slope + intercept);
    const grey = window === undefined ? (value - min) / range : voi(value, window);
    table[k] = invert ? 1 - grey : grey;
  }
  for (let i = 0; i < levels.length; i += 1) levels[i] = table[levels[i]! - lowest]!;
  return levels;
}

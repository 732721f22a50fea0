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

/** Applies the transform in place to `levels` (stored values) and returns it. */
export function applyGreyTransform(levels: Float32Array, transform: GreyTransform): Float32Array {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < levels.length; i += 1) {
    const value = (levels[i] ?? 0) * transform.slope + transform.intercept;
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

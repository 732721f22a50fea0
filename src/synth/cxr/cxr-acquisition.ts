/**
 * From attenuation to the displayed picture: the detector's logarithmic response with an exposure-dependent
 * contrast, the system's blur, the patient's in-plane rotation on the detector, and quantum noise.
 */
import type { Random } from '../random';
import type { CxrPlanes } from './cxr-planes';
import { boxBlur, rotate } from './cxr-raster';

// Local bindings for the per-pixel loops: under jest's vm context each `Math.x` is a slow global lookup (about
// ten times slower), and under tsx's CommonJS output an imported function is read through a getter at each call.
const { exp, max, min, round } = Math;

export interface CxrAcquisition {
  /** Relative exposure: scales the attenuation contrast (1 = nominal). */
  exposure: number;
  /** Brightness offset of the processed image. */
  brightness: number;
  /** In-plane rotation, degrees, positive clockwise on screen. */
  rotationDeg: number;
  /** Standard deviation of the quantum noise at mid-grey, in display units. */
  noiseSd: number;
  /** Box blur passes of radius size/512 (1–3: σ ≈ 0.8–1.4 px at 512). */
  blurPasses: number;
}

/** Gain of the tone curve: grey = 1 − exp(−GAIN × exposure × attenuation) puts lungs near 0.2, abdomen near 0.9. */
const GAIN = 2.2;

/** Draws this film's acquisition parameters. Portable AP films are noisier and less well positioned. */
export function drawAcquisition(rng: Random, ap: boolean): CxrAcquisition {
  return {
    exposure: rng.truncatedNormal(1, 0.09, 0.8, 1.2),
    brightness: rng.normal(0, 0.015),
    rotationDeg: rng.truncatedNormal(0, ap ? 1.8 : 1.2, -4, 4),
    noiseSd: rng.uniform(0.006, 0.016) * (ap ? 1.3 : 1),
    blurPasses: rng.int(1, 3),
  };
}

/**
 * Composes the planes and renders the radiograph: MONOCHROME2 grey in [0, 1], quantised to 8 bits.
 */
export function renderRadiograph(rng: Random, planes: CxrPlanes, acquisition: CxrAcquisition): Float32Array {
  const { size: S, tissue, air, openLung, bone, vessels, fill, density } = planes;
  const gain = GAIN * acquisition.exposure;
  let image: Float32Array = new Float32Array(S * S);
  for (let i = 0; i < image.length; i += 1) {
    const open = openLung[i] ?? 0;
    // Over the heart and mediastinum (lung behind, no open field) the ribs and spine are faint: their contrast
    // drowns in the thick soft tissue.
    const behind = min(1, (air[i] ?? 0) / 0.3) * (1 - open);
    const attenuation =
      (tissue[i] ?? 0) -
      (air[i] ?? 0) * (1 - (fill[i] ?? 0)) +
      (bone[i] ?? 0) * (1 - 0.5 * behind) +
      (vessels[i] ?? 0) * open * (1 - (fill[i] ?? 0)) +
      (density[i] ?? 0);
    image[i] = 1 - exp(-gain * (attenuation > 0 ? attenuation : 0)) + acquisition.brightness;
  }
  boxBlur(image, S, max(1, round(S / 512)), acquisition.blurPasses);
  if (acquisition.rotationDeg !== 0) image = rotate(image, S, acquisition.rotationDeg);
  addQuantumNoise(rng, image, acquisition.noiseSd);
  for (let i = 0; i < image.length; i += 1) {
    const grey = image[i] ?? 0;
    image[i] = round((grey < 0 ? 0 : grey > 1 ? 1 : grey) * 255) / 255;
  }
  return image;
}

/**
 * Quantum noise: Gaussian, stronger where fewer photons reach the detector (bright, attenuated regions), none in
 * the direct beam outside the body. Each draw sums the four bytes of one 32-bit random number (Irwin–Hall with
 * four terms, standardised: mean 510, sd 147.8), close enough to Gaussian for noise and four times cheaper. Every
 * pixel draws, so the noise field of a seed does not depend on the picture's content.
 */
function addQuantumNoise(rng: Random, image: Float32Array, sd: number): void {
  const scale = sd / 147.8;
  for (let i = 0; i < image.length; i += 1) {
    const grey = image[i] ?? 0;
    const r = rng.nextUint32();
    if (grey <= 0.02) continue;
    const sum = (r & 0xff) + ((r >>> 8) & 0xff) + ((r >>> 16) & 0xff) + (r >>> 24) - 510;
    image[i] = grey + sum * scale * (0.4 + 0.8 * grey);
  }
}

/**
 * The heart and great vessels as solid soft tissue: within their outlines (cxr-geometry) each row adds the chord
 * of a rounded body, so the heart is densest at its centre and its silhouette is sharp where it meets the lung.
 * The descending aorta shows as a faint line through the heart, left of the spine.
 */
import type { Random } from '../random';
import { mediastinumHalfWidths, type CxrGeometry } from './cxr-geometry';
import type { CxrPlanes } from './cxr-planes';
import { addTube, smoothstep } from './cxr-raster';

// Local bindings for the per-pixel loops: under jest's vm context each `Math.x` is a slow global lookup (about
// ten times slower), and under tsx's CommonJS output an imported function is read through a getter at each call.
const { abs, ceil, floor, max, min, sqrt } = Math;
const smooth = smoothstep;

export function drawMediastinum(rng: Random, g: CxrGeometry, planes: CxrPlanes): void {
  const S = g.size;
  const heartDensity = rng.uniform(0.05, 0.09);
  const vesselDensity = rng.uniform(0.04, 0.07);
  const edge = max(1, S / 400);
  for (let y = floor(g.apexY); y < S; y += 1) {
    const yc = y + 0.5;
    const heartR = g.heartR[y] ?? 0;
    const heartL = g.heartL[y] ?? 0;
    const inHeart = heartR > 0 || heartL > 0;
    const mediastinum = mediastinumHalfWidths(g, yc);
    const right = g.cx - max(heartR, mediastinum.right);
    const left = g.cx + max(heartL, mediastinum.left);
    if (left - right < 2) continue;
    const centre = (left + right) / 2;
    const half = (left - right) / 2;
    // The heart is thicker (denser) towards its base, where the ventricles lie.
    const depth = (yc - g.heart.top) / (g.heart.bottom - g.heart.top);
    const density = inHeart ? heartDensity * smooth(g.heart.top, g.heart.top + S * 0.05, yc) * (0.7 + 0.5 * depth) : 0;
    const amplitude = max(density, vesselDensity * (1 - smooth(g.heart.top, g.heart.top + S * 0.05, yc)));
    for (let x = max(0, floor(right - edge)); x <= min(S - 1, ceil(left + edge)); x += 1) {
      const u = (x + 0.5 - centre) / half;
      const chord = sqrt(max(0, 1 - u * u));
      planes.tissue[y * S + x] =
        (planes.tissue[y * S + x] ?? 0) +
        amplitude * (0.35 + 0.65 * chord) * smooth(1 + edge / half, 1 - edge / half, abs(u));
    }
  }
  // Descending aorta: from the knob down along the left of the spine to the diaphragm.
  const x0 = g.cx + g.mediastinumL + g.knob.bulge * 0.5;
  const x1 = g.cx + g.spineHalfWidth * 1.1;
  addTube(planes.tissue, S, x0, g.knob.y, x1, g.domeL, S * 0.018, S * 0.016, 0.04, 0.03);
}

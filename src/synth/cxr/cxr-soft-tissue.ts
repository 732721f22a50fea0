/**
 * Soft tissue of the body outline: neck and shoulders at the top, the torso (thickest at the midline), the arms
 * beside it when they are down, and the breasts of a female patient over the lower zones.
 */
import type { Random } from '../random';
import type { Sex } from '../types';
import type { CxrGeometry } from './cxr-geometry';
import type { CxrPlanes } from './cxr-planes';
import { smoothstep } from './cxr-raster';

// Local bindings for the per-pixel loops: under jest's vm context each `Math.x` is a slow global lookup (about
// ten times slower), and under tsx's CommonJS output an imported function is read through a getter at each call.
const { abs, ceil, floor, max, min, sqrt } = Math;
const smooth = smoothstep;

/**
 * Relative soft-tissue thickness of the torso at column x: 1 at the midline, falling towards the chest wall
 * faster than an ellipse's chord (the chest is flatter than a cylinder).
 */
export function torsoThickness(g: CxrGeometry, x: number): number {
  const dx = abs(x - g.cx);
  const chord = sqrt(max(0, 1 - (dx / g.torsoHalfWidth) ** 2));
  // Outside the rib cage the beam crosses only the chest wall's muscle and fat.
  const cage = x < g.cx ? g.halfWidthR : g.halfWidthL;
  const wall = 1 - 0.4 * smooth(cage + g.size * 0.01, cage + g.size * 0.04, dx);
  return (0.15 + 0.85 * chord ** 1.5) * wall;
}

/** Draws the body's soft tissue into planes.tissue. */
export function drawSoftTissue(rng: Random, g: CxrGeometry, planes: CxrPlanes, sex: Sex): void {
  const S = g.size;
  const { tissue } = planes;
  const torsoHalf = g.torsoHalfWidth;
  const neckHalf = S * rng.uniform(0.075, 0.095);
  const shoulderDrop = S * rng.uniform(0.1, 0.2);
  const armsDown = g.armsDown;
  const armInner = torsoHalf - S * rng.uniform(-0.01, 0.03);
  const armOuter = armInner + S * rng.uniform(0.12, 0.2);
  const edge = S * 0.006;
  // Column profiles: torso chord (an ellipse's thickness, on top of a floor of the chest wall) and the arms.
  const torso = new Float32Array(S);
  const top = new Float32Array(S);
  for (let x = 0; x < S; x += 1) {
    const dx = abs(x + 0.5 - g.cx);
    const inTorso = 1 - smooth(torsoHalf - edge, torsoHalf + edge, dx);
    let value = inTorso * torsoThickness(g, x + 0.5);
    if (armsDown && dx > armInner - edge) {
      const u = (dx - (armInner + armOuter) / 2) / ((armOuter - armInner) / 2);
      value = max(value, 0.5 * sqrt(max(0, 1 - u * u)));
    }
    torso[x] = value;
    // The body's upper edge: the neck reaches the top, the shoulders slope down to the sides.
    const over = max(0, dx - neckHalf) / (S * 0.5 - neckHalf);
    top[x] = shoulderDrop * over ** 1.4;
  }
  for (let y = 0; y < S; y += 1) {
    const yc = y + 0.5;
    // Neck and shoulder girdle are thinner than the chest (about 60 % of its soft tissue).
    const girth = 0.58 + 0.42 * smooth(g.apexY - S * 0.03, g.apexY + S * 0.12, yc);
    for (let x = 0; x < S; x += 1) {
      const t = top[x] ?? 0;
      if (yc < t - edge) continue;
      tissue[y * S + x] = girth * (torso[x] ?? 0) * smooth(t - edge, t + edge, yc);
    }
  }
  if (sex === 'female') drawBreasts(rng, g, planes);
}

/**
 * Breasts: a half-ellipsoid of soft tissue on each side over the lower zones, thickest low, with a crisp curved
 * inferior margin (the inframammary fold) and an upper margin that fades.
 */
function drawBreasts(rng: Random, g: CxrGeometry, planes: CxrPlanes): void {
  const S = g.size;
  const scale = rng.uniform(0.7, 1.25);
  const amplitude = rng.uniform(0.12, 0.22) * scale;
  for (const side of [-1, 1] as const) {
    const half = side < 0 ? g.halfWidthR : g.halfWidthL;
    const cx = g.cx + side * half * rng.uniform(0.5, 0.62);
    const cy = (side < 0 ? g.domeR : g.domeL) - S * rng.uniform(0.05, 0.1);
    const rx = S * 0.17 * scale;
    const ry = S * 0.13 * scale;
    const left = max(0, floor(cx - rx));
    const right = min(S - 1, ceil(cx + rx));
    const top = max(0, floor(cy - 1.6 * ry));
    const bottom = min(S - 1, ceil(cy + ry));
    for (let y = top; y <= bottom; y += 1) {
      const v = (y + 0.5 - cy) / ry;
      const fade = smooth(-1.6, 0.2, v);
      for (let x = left; x <= right; x += 1) {
        const u = (x + 0.5 - cx) / rx;
        const r2 = u * u + max(0, v) ** 2;
        if (r2 >= 1) continue;
        planes.tissue[y * S + x] = (planes.tissue[y * S + x] ?? 0) + amplitude * fade * sqrt(1 - r2);
      }
    }
  }
}

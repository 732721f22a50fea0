/**
 * Air: the lungs, the trachea and main bronchi, and the gastric bubble. The lungs have two parts: the open lung
 * fields between the rib margins, mediastinum and diaphragm (dark, with sharp silhouettes against the heart and
 * diaphragm), and the lung that wraps behind the heart and the domes, which makes the heart less dense than the
 * abdomen and lets the posterior costophrenic recesses show faintly below the domes.
 */
import type { Random } from '../random';
import type { CxrGeometry } from './cxr-geometry';
import type { CxrPlanes } from './cxr-planes';
import { addEllipse, addTube, smoothstep, valueNoise } from './cxr-raster';
import { torsoThickness } from './cxr-soft-tissue';

// Local bindings for the per-pixel loops: under jest's vm context each `Math.x` is a slow global lookup (about
// ten times slower), and under tsx's CommonJS output an imported function is read through a getter at each call.
const { abs, ceil, floor, max, min } = Math;
const smooth = smoothstep;

/** Air that the open lung fields take away at their darkest, and the lung behind the mediastinum. */
const OPEN_AIR = 0.3;
const WRAPPED_AIR = 0.64;

/** Draws lung, airway and bowel air into planes.air and the open-lung weight into planes.openLung. */
export function drawLungs(rng: Random, g: CxrGeometry, planes: CxrPlanes, erect: boolean): void {
  const S = g.size;
  const { air, openLung } = planes;
  const sharp = max(1, S / 400);
  const recess = S * 0.03;
  // Parenchymal texture: two octaves of smooth noise that modulate the air a few per cent.
  const coarse = valueNoise(rng.fork('coarse'), S, 10);
  const fine = valueNoise(rng.fork('fine'), S, 40);
  const spineHalf = g.spineHalfWidth * 1.3;
  // Per column: the body's relative thickness (air replaces a fraction of it, so the lung darkens less towards
  // the chest wall), and the spine, over which less lung lies.
  const thickness = new Float32Array(S);
  const overSpine = new Float32Array(S);
  for (let x = 0; x < S; x += 1) {
    thickness[x] = torsoThickness(g, x + 0.5);
    overSpine[x] = 1 - 0.1 * (1 - smooth(spineHalf * 0.6, spineHalf, abs(x + 0.5 - g.cx)));
  }
  for (let y = 0; y < S; y += 1) {
    const yc = y + 0.5;
    if (yc < g.apexY) continue;
    const latR = g.latR[y] ?? 0;
    const medR = g.medR[y] ?? 0;
    const medL = g.medL[y] ?? 0;
    const latL = g.latL[y] ?? 0;
    const tR = min(1, (yc - g.apexY) / (g.domeR - g.apexY));
    const tL = min(1, (yc - g.apexY) / (g.domeL - g.apexY));
    const bandTop = smooth(g.apexY, g.apexY + S * 0.06, yc);
    const left = max(0, floor(latR - sharp));
    const right = min(S - 1, ceil(latL + sharp));
    for (let x = left; x <= right; x += 1) {
      const xc = x + 0.5;
      const i = y * S + x;
      const dia = g.diaphragm[x] ?? S;
      const texture = 1 + 0.05 * (coarse[i] ?? 0) + 0.035 * (fine[i] ?? 0);
      // The lung wrapped behind the heart and domes, between the rib margins, less over the spine.
      const lateral = min(xc - latR, latL - xc);
      const band =
        bandTop * smooth(-sharp, sharp, lateral) * (1 - smooth(dia - sharp, dia + recess, yc)) * (overSpine[x] ?? 1);
      let open = 0;
      let depth = 0;
      if (xc < g.cx && xc > latR && xc < medR) {
        open = fieldWeight(xc - latR, medR - xc, dia - yc, sharp);
        depth = 0.86 + 0.14 * tR;
      } else if (xc > g.cx && xc > medL && xc < latL) {
        open = fieldWeight(latL - xc, xc - medL, dia - yc, sharp);
        depth = 0.86 + 0.14 * tL;
      }
      // The periphery is darker less: the lung's chord thins towards the rib margin.
      const chord = 0.55 + 0.45 * smooth(0, S * 0.09, lateral);
      air[i] = (air[i] ?? 0) + (WRAPPED_AIR * band + OPEN_AIR * open * depth * chord) * texture * (thickness[x] ?? 0);
      openLung[i] = open;
    }
  }
  drawAirways(g, planes);
  if (erect && rng.bernoulli(0.75)) drawGastricBubble(rng, g, planes);
  drawBowelGas(rng, g, planes);
}

/** Gas in the colon and small bowel of the upper abdomen: a few soft dark blotches under the diaphragm. */
function drawBowelGas(rng: Random, g: CxrGeometry, planes: CxrPlanes): void {
  const S = g.size;
  const top = max(g.domeR, g.domeL) + S * 0.1;
  if (top >= S) return;
  for (let k = rng.int(3, 9); k > 0; k -= 1) {
    const r = S * rng.uniform(0.015, 0.045);
    addEllipse(
      planes.air,
      S,
      g.cx + S * rng.uniform(-0.32, 0.32),
      rng.uniform(top, S),
      r * rng.uniform(1, 1.8),
      r,
      rng.uniform(0.05, 0.14),
      0.8,
    );
  }
}

/** 0–1 weight of the open lung field from the distances (px) to its lateral, medial and diaphragmatic borders. */
function fieldWeight(lateral: number, medial: number, diaphragm: number, sharp: number): number {
  const d = min(lateral, medial, diaphragm);
  return smooth(0, 2 * sharp, d);
}

/** Trachea down to the carina, then the right main bronchus (steeper) and the left (longer, more horizontal). */
function drawAirways(g: CxrGeometry, planes: CxrPlanes): void {
  const S = g.size;
  const radius = S * 0.017;
  addTube(planes.air, S, g.cx, -radius, g.cx - S * 0.004, g.carinaY, radius, radius * 0.95, 0.16, 0.15);
  addTube(
    planes.air,
    S,
    g.cx,
    g.carinaY,
    g.cx - S * 0.05,
    g.carinaY + S * 0.05,
    radius * 0.8,
    radius * 0.6,
    0.12,
    0.06,
  );
  addTube(
    planes.air,
    S,
    g.cx,
    g.carinaY,
    g.cx + S * 0.07,
    g.carinaY + S * 0.05,
    radius * 0.75,
    radius * 0.55,
    0.12,
    0.06,
  );
}

/** Gas in the gastric fundus under the left hemidiaphragm (erect films). */
function drawGastricBubble(rng: Random, g: CxrGeometry, planes: CxrPlanes): void {
  const S = g.size;
  const x = g.cx + g.halfWidthL * rng.uniform(0.35, 0.6);
  const y = (g.diaphragm[min(S - 1, max(0, floor(x)))] ?? g.domeL) + S * rng.uniform(0.03, 0.045);
  addEllipse(planes.air, S, x, y, S * rng.uniform(0.03, 0.055), S * rng.uniform(0.018, 0.028), 0.3, 0.35);
}

/**
 * Bones: the thoracic spine (vertebral bodies, pedicles, disc spaces), the posterior and anterior arcs of twelve
 * ribs on each side, the clavicles, the humeral heads and, optionally, the scapulae. Bone is drawn as the chord
 * of a tube, brighter at its cortical margins.
 */
import type { Random } from '../random';
import { diaphragmAt, type CxrGeometry } from './cxr-geometry';
import type { CxrPlanes } from './cxr-planes';
import { addEllipse, addTube, smoothstep } from './cxr-raster';

// Local bindings for the per-pixel loops: under jest's vm context each `Math.x` is a slow global lookup (about
// ten times slower), and under tsx's CommonJS output an imported function is read through a getter at each call.
const { abs, ceil, floor, max, min, sin } = Math;
const smooth = smoothstep;

const RIBS = 12;

/** Draws all bones into planes.bone. AP films project the scapulae over the lungs and the clavicles higher. */
export function drawBones(rng: Random, g: CxrGeometry, planes: CxrPlanes, ap: boolean): void {
  drawSpine(rng, g, planes);
  for (const side of [-1, 1] as const) {
    for (let rib = 1; rib <= RIBS; rib += 1) drawRib(rng, g, planes, side, rib, ap);
    drawClavicle(rng, g, planes, side, ap);
    if (ap || rng.bernoulli(0.5)) drawScapula(rng, g, planes, side, ap);
    if (g.armsDown) drawHumeralHead(rng, g, planes, side);
  }
}

function drawSpine(rng: Random, g: CxrGeometry, planes: CxrPlanes): void {
  const S = g.size;
  const half = g.spineHalfWidth;
  const level = g.ribSpacing;
  const phase = g.ribFirstY - level * rng.uniform(0.2, 0.5);
  const left = max(0, floor(g.cx - half));
  const right = min(S - 1, ceil(g.cx + half));
  for (let y = 0; y < S; y += 1) {
    // Position within a vertebral level: the disc space is the darker 15 % between two bodies.
    const within = ((((y + 0.5 - phase) / level) % 1) + 1) % 1;
    const disc = smooth(0.8, 0.87, within) * (1 - smooth(0.93, 1, within));
    const body = 0.05 * (1 - 0.5 * disc);
    for (let x = left; x <= right; x += 1) {
      const d = abs(x + 0.5 - g.cx) / half;
      if (d >= 1) continue;
      const cortex = 0.75 + 0.25 * d ** 4;
      planes.bone[y * S + x] = (planes.bone[y * S + x] ?? 0) + body * cortex * smooth(1, 0.85, d);
    }
  }
  for (let y = phase; y < S; y += level) {
    for (const side of [-1, 1]) {
      addEllipse(planes.bone, S, g.cx + side * half * 0.62, y + level * 0.3, half * 0.22, level * 0.2, 0.05, 0.5);
    }
    addEllipse(planes.bone, S, g.cx, y + level * 0.55, half * 0.18, level * 0.28, 0.03, 0.6);
  }
}

/**
 * One rib: the posterior arc leaves the spine, rises to its top in the inner third of the hemithorax and turns
 * down at the lateral chest wall; the anterior arc comes back medially and downward, about two interspaces lower,
 * and ends at the costal cartilage (not radio-opaque).
 */
function drawRib(rng: Random, g: CxrGeometry, planes: CxrPlanes, side: -1 | 1, rib: number, ap: boolean): void {
  const S = g.size;
  const half = side < 0 ? g.halfWidthR : g.halfWidthL;
  const yMid = g.ribFirstY + (rib - 1) * g.ribSpacing + rng.normal(0, g.ribSpacing * 0.04);
  const curve = S * (0.2 + 0.015 * rib);
  const peak = 0.32;
  const reach = min(1.04, 0.62 + 0.1 * rib);
  const radius = g.ribSpacing * (0.2 + 0.012 * rib) * (rib === 1 ? 0.85 : 1);
  const drop = g.ribSpacing * (rib < 3 ? 1.3 : rng.uniform(1.7, 2.2));
  const anteriorEnd = 0.22 + 0.02 * rib;
  const posteriorAmp = ap ? 0.07 : 0.085;
  const anteriorAmp = ap ? 0.065 : 0.055;
  const steps = 16;
  const posteriorY = (s: number): number =>
    yMid + curve * ((s - peak) ** 2 - (0.5 - peak) ** 2) + (s > 0.85 ? S * 0.4 * (s - 0.85) ** 2 : 0);
  let previous = { x: g.cx + side * 0.1 * half, y: posteriorY(0.1), a: 0 };
  for (let k = 1; k <= steps; k += 1) {
    const s = 0.1 + ((reach - 0.1) * k) / steps;
    const x = g.cx + side * s * half;
    const y = posteriorY(s);
    const next = { x, y, a: posteriorAmp * smooth(0.1, 0.25, s) * belowDiaphragm(g, x, y) };
    addTube(planes.bone, S, previous.x, previous.y, next.x, next.y, radius, radius, previous.a, next.a, 'max');
    previous = next;
  }
  const endY = posteriorY(reach);
  for (let k = 1; k <= steps; k += 1) {
    const u = k / steps;
    const s = reach - (reach - anteriorEnd) * u;
    const x = g.cx + side * s * half;
    const y = endY + drop * u ** 1.15;
    const next = { x, y, a: anteriorAmp * (1 - smooth(0.75, 1, u)) * belowDiaphragm(g, x, y) };
    const r = radius * 1.15;
    addTube(planes.bone, S, previous.x, previous.y, next.x, next.y, r, r, previous.a, next.a, 'max');
    previous = next;
  }
}

/** Ribs over the abdomen are faint (thick soft tissue, and the lower ribs are thinner): amplitude factor. */
function belowDiaphragm(g: CxrGeometry, x: number, y: number): number {
  return 1 - 0.55 * smooth(0, g.size * 0.04, y - diaphragmAt(g, x));
}

function drawClavicle(rng: Random, g: CxrGeometry, planes: CxrPlanes, side: -1 | 1, ap: boolean): void {
  const S = g.size;
  const medialX = g.cx + side * S * rng.uniform(0.035, 0.05);
  // On PA the clavicles cross the apices; on AP (beam angled up relative to the thorax) they project higher.
  const medialY = g.apexY + S * (ap ? rng.uniform(0.05, 0.08) : rng.uniform(0.1, 0.13));
  const lateralX = g.cx + side * S * rng.uniform(0.36, 0.42);
  const lateralY = medialY - S * (ap ? rng.uniform(0.0, 0.03) : rng.uniform(0.04, 0.08));
  const r = S * rng.uniform(0.014, 0.018);
  const segments = 12;
  let px = medialX;
  let py = medialY;
  for (let k = 1; k <= segments; k += 1) {
    const u = k / segments;
    // The S-curve of the clavicle: convex forward medially, concave laterally.
    const x = medialX + (lateralX - medialX) * u;
    const y = medialY + (lateralY - medialY) * u + S * 0.012 * sin(2 * Math.PI * u);
    const width = r * (u < 0.15 ? 1.25 : u > 0.85 ? 1.2 : 1);
    addTube(planes.bone, S, px, py, x, y, width, width, 0.2, 0.2, 'max');
    px = x;
    py = y;
  }
}

/** The scapula's body lateral to its medial border, over the upper lateral chest (more of it on AP). */
function drawScapula(rng: Random, g: CxrGeometry, planes: CxrPlanes, side: -1 | 1, ap: boolean): void {
  const S = g.size;
  const half = side < 0 ? g.halfWidthR : g.halfWidthL;
  const top = g.apexY + S * 0.02;
  const bottom = g.apexY + S * rng.uniform(0.28, 0.34);
  const medialS = ap ? rng.uniform(0.62, 0.75) : rng.uniform(0.85, 0.95);
  const amplitude = rng.uniform(0.03, 0.045);
  const edge = S * 0.006;
  for (let y = floor(top); y < min(S, ceil(bottom)); y += 1) {
    const t = (y + 0.5 - top) / (bottom - top);
    // The medial border runs down and out to the inferior angle.
    const border = g.cx + side * half * (medialS + 0.25 * t * t);
    const outer = g.cx + side * (half + S * 0.08);
    const from = max(0, floor(min(border, outer)));
    const to = min(S - 1, ceil(max(border, outer)));
    const vertical = smooth(0, 0.08, t) * (1 - smooth(0.85, 1, t));
    for (let x = from; x <= to; x += 1) {
      const inside = smooth(0, edge, side * (x + 0.5 - border));
      planes.bone[y * S + x] = (planes.bone[y * S + x] ?? 0) + amplitude * inside * vertical;
    }
  }
}

function drawHumeralHead(rng: Random, g: CxrGeometry, planes: CxrPlanes, side: -1 | 1): void {
  const S = g.size;
  const x = g.cx + side * (g.torsoHalfWidth + S * rng.uniform(0.05, 0.08));
  const y = g.apexY + S * rng.uniform(0.06, 0.1);
  const r = S * rng.uniform(0.05, 0.065);
  addEllipse(planes.bone, S, x, y, r, r, 0.12, 0.15);
  addEllipse(planes.bone, S, x, y, r * 0.85, r * 0.85, -0.04, 0.4);
}

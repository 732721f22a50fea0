/**
 * Lung findings, drawn as fluid replacing air (planes.fill) and as added density (planes.density):
 * - consolidation: a lobe's projected region fills, homogeneously with air bronchograms (lobar) or in blotches
 *   (patchy bronchopneumonia); RUL consolidation stops sharply at the horizontal fissure, RML effaces the right
 *   heart border, LLL lies behind the heart and effaces the left hemidiaphragm;
 * - pulmonary oedema: perihilar "bat-wing" alveolar filling with a haze that fades to the periphery, and Kerley B
 *   lines (short horizontal septal lines at the lateral bases) when moderate or worse;
 * - pleural effusion: fluid rising from the costophrenic angle with a meniscus higher laterally (erect), or a
 *   basal veil without a meniscus (supine AP).
 */
import type { Random } from '../random';
import type { CxrFinding, CxrSynthSpec, EffusionSide, LungLobe } from '../types';
import type { CxrGeometry } from './cxr-geometry';
import type { CxrPlanes } from './cxr-planes';
import { addEllipse, addTube, smoothstep, valueNoise } from './cxr-raster';

// Local bindings for the per-pixel loops: under jest's vm context each `Math.x` is a slow global lookup (about
// ten times slower), and under tsx's CommonJS output an imported function is read through a getter at each call.
const { abs, ceil, cos, exp, floor, max, min, round, sin } = Math;
const smooth = smoothstep;

/** Draws the spec's lung findings and returns them as ground truth (cardiomegaly is judged elsewhere). */
export function drawFindings(rng: Random, g: CxrGeometry, planes: CxrPlanes, spec: CxrSynthSpec): CxrFinding[] {
  const findings: CxrFinding[] = [];
  const consolidation = spec.consolidation;
  if (consolidation !== undefined && consolidation.extent > 0) {
    for (const lobe of consolidation.lobes) {
      drawConsolidation(rng.fork(lobe), g, planes, lobe, consolidation.pattern, consolidation.extent);
      findings.push({ kind: 'consolidation', location: lobe, severity: clamp01(consolidation.extent) });
    }
  }
  if (spec.pulmonaryOedema > 0) {
    drawOedema(rng.fork('oedema'), g, planes, spec.pulmonaryOedema);
    findings.push({ kind: 'pulmonary-oedema', location: 'bilateral', severity: clamp01(spec.pulmonaryOedema) });
  }
  if (spec.effusion !== 'none') {
    const effusionRng = rng.fork('effusion');
    // Size is not in the spec: small to moderate, larger with oedema (fluid overload).
    const severity = clamp01(effusionRng.uniform(0.15, 0.5) + 0.25 * spec.pulmonaryOedema);
    for (const side of effusionSides(spec.effusion)) {
      drawEffusion(effusionRng, g, planes, side, severity * effusionRng.uniform(0.85, 1.15), spec.view === 'AP');
    }
    findings.push({ kind: 'pleural-effusion', location: spec.effusion, severity });
  }
  return findings;
}

function clamp01(value: number): number {
  return min(1, max(0, value));
}

function effusionSides(side: EffusionSide): (-1 | 1)[] {
  if (side === 'bilateral') return [-1, 1];
  return side === 'right' ? [-1] : side === 'left' ? [1] : [];
}

/** 0–1 weight of a lobe's projected region at (x, y), independent of the lung mask (applied by the caller). */
function lobeWeight(g: CxrGeometry, lobe: LungLobe, xc: number, yc: number, patchy: boolean): number {
  const S = g.size;
  const right = lobe.startsWith('R');
  if (right !== xc < g.cx) return 0;
  const fissure = g.hilumR.y - S * 0.01;
  const s = abs(xc - g.cx) / (right ? g.halfWidthR : g.halfWidthL);
  // A lobar consolidation fills the lobe up to its fissure (sharp); patchy bronchopneumonia does not respect it.
  const sharp = patchy ? S * 0.04 : max(1, S / 400);
  switch (lobe) {
    case 'RUL':
      return 1 - smooth(fissure - sharp, fissure + sharp, yc);
    case 'RML':
      return smooth(fissure - sharp, fissure + sharp, yc) * (1 - smooth(0.5, 0.7, s));
    case 'RLL':
      return smooth(fissure - S * 0.02, fissure + S * 0.12, yc) * smooth(0.15, 0.35, s);
    case 'LUL':
      return 1 - smooth(g.hilumL.y + S * 0.04, g.hilumL.y + S * 0.14, yc);
    case 'LLL':
      return smooth(g.hilumL.y, g.hilumL.y + S * 0.1, yc);
  }
}

function drawConsolidation(
  rng: Random,
  g: CxrGeometry,
  planes: CxrPlanes,
  lobe: LungLobe,
  pattern: 'lobar' | 'patchy',
  extent: number,
): void {
  const S = g.size;
  const patchy = pattern === 'patchy';
  const texture = patchy
    ? drawPatches(rng.fork('patches'), g, planes, lobe, extent)
    : valueNoise(rng.fork('lumps'), S, 6);
  const grain = valueNoise(rng.fork('grain'), S, 48);
  const strength = (patchy ? 0.35 : 0.4) + 0.3 * clamp01(extent);
  const bottom = min(S - 1, ceil(max(g.cpYR, g.cpYL) + S * 0.03));
  const behindHeart = lobe === 'LLL' ? 0.3 : 0;
  for (let y = floor(g.apexY); y <= bottom; y += 1) {
    const yc = y + 0.5;
    for (let x = 0; x < S; x += 1) {
      const i = y * S + x;
      // Consolidation shows in the open lung field; of the lung behind the heart only the left lower lobe's
      // retrocardiac part shows, faintly.
      const lung = max(planes.openLung[i] ?? 0, behindHeart * min(1, (planes.air[i] ?? 0) / 0.6));
      if (lung <= 0) continue;
      const weight = lobeWeight(g, lobe, x + 0.5, yc, patchy);
      if (weight <= 0) continue;
      // Lobar: near-homogeneous; patchy: where the blotches are.
      const density = patchy ? min(1, texture[i] ?? 0) : 0.85 + 0.15 * (texture[i] ?? 0);
      const fill = strength * weight * lung * density * (0.9 + 0.1 * (grain[i] ?? 0));
      planes.fill[i] = max(planes.fill[i] ?? 0, min(0.8, fill));
    }
  }
  if (pattern === 'lobar' && rng.bernoulli(0.6)) drawAirBronchograms(rng, g, planes, lobe);
}

/**
 * Bronchopneumonia: soft round blotches (acinar and lobular opacities that run together) scattered over the
 * lobe's open lung, more and larger as the extent grows. Returns their summed density plane.
 */
function drawPatches(rng: Random, g: CxrGeometry, planes: CxrPlanes, lobe: LungLobe, extent: number): Float32Array {
  const S = g.size;
  const patches = new Float32Array(S * S);
  const count = round(8 + 30 * clamp01(extent));
  let placed = 0;
  for (let attempt = 0; attempt < count * 20 && placed < count; attempt += 1) {
    const x = rng.uniform(0, S);
    const y = rng.uniform(g.apexY, max(g.cpYR, g.cpYL));
    const i = floor(y) * S + floor(x);
    if ((planes.openLung[i] ?? 0) < 0.5 || lobeWeight(g, lobe, x, y, true) < 0.5) continue;
    const r = S * rng.uniform(0.015, 0.03 + 0.03 * clamp01(extent));
    addEllipse(patches, S, x, y, r * rng.uniform(0.8, 1.25), r, rng.uniform(0.6, 1), 0.9);
    placed += 1;
  }
  return patches;
}

/** Air-filled bronchi made visible by the consolidated lung around them: a few dark branching lines. */
function drawAirBronchograms(rng: Random, g: CxrGeometry, planes: CxrPlanes, lobe: LungLobe): void {
  const S = g.size;
  const bronchi = new Float32Array(S * S);
  const hilum = lobe.startsWith('R') ? g.hilumR : g.hilumL;
  const side = lobe.startsWith('R') ? -1 : 1;
  const downward = lobe.endsWith('LL') || lobe === 'RML';
  for (let k = 0; k < rng.int(3, 5); k += 1) {
    let x = hilum.x + side * S * 0.03;
    let y = hilum.y;
    let angle = (downward ? 0.9 : -0.9) * rng.uniform(0.3, 1) * (side < 0 ? -1 : 1) + (side < 0 ? Math.PI : 0);
    for (let step = 0; step < 4; step += 1) {
      const length = S * rng.uniform(0.03, 0.05);
      const x1 = x + length * cos(angle);
      const y1 = y + length * sin(angle);
      addTube(bronchi, S, x, y, x1, y1, S * 0.004, S * 0.003, 0.1, 0.07);
      x = x1;
      y = y1;
      angle += rng.normal(0, 0.25);
    }
  }
  for (let i = 0; i < bronchi.length; i += 1) {
    const b = bronchi[i] ?? 0;
    if (b > 0) planes.density[i] = (planes.density[i] ?? 0) - b * (planes.fill[i] ?? 0);
  }
}

function drawOedema(rng: Random, g: CxrGeometry, planes: CxrPlanes, severity: number): void {
  const S = g.size;
  const sev = clamp01(severity);
  const grain = valueNoise(rng.fork('grain'), S, 30);
  const sigmaX = S * (0.1 + 0.08 * sev);
  const sigmaY = S * (0.12 + 0.06 * sev);
  for (let y = floor(g.apexY); y < S; y += 1) {
    const yc = y + 0.5;
    for (let x = 0; x < S; x += 1) {
      const i = y * S + x;
      const lung = max(planes.openLung[i] ?? 0, 0.2 * min(1, (planes.air[i] ?? 0) / 0.6));
      if (lung <= 0) continue;
      const hilum = x + 0.5 < g.cx ? g.hilumR : g.hilumL;
      const dx = (x + 0.5 - hilum.x) / sigmaX;
      const dy = (yc - hilum.y) / sigmaY;
      // Bat-wing: alveolar filling concentrated at the hila; a thinner interstitial haze over the whole lung.
      const perihilar = exp(-(dx * dx + dy * dy));
      const fill = lung * (0.75 * sev * perihilar + 0.18 * sev) * (0.85 + 0.15 * (grain[i] ?? 0));
      planes.fill[i] = min(0.95, (planes.fill[i] ?? 0) + fill);
    }
  }
  if (sev >= 0.35) drawKerleyLines(rng, g, planes, sev);
}

/** Kerley B lines: 1–2 cm horizontal septal lines reaching the pleura at the lateral lung bases. */
function drawKerleyLines(rng: Random, g: CxrGeometry, planes: CxrPlanes, severity: number): void {
  const S = g.size;
  const count = round(4 + 10 * severity);
  for (const side of [-1, 1] as const) {
    const dome = side < 0 ? g.domeR : g.domeL;
    for (let k = 0; k < count; k += 1) {
      const y = dome - S * rng.uniform(0.0, 0.13);
      const row = min(S - 1, max(0, floor(y)));
      const wall = side < 0 ? (g.latR[row] ?? 0) : (g.latL[row] ?? 0);
      const length = S * rng.uniform(0.015, 0.03);
      const inner = wall - side * length;
      addTube(
        planes.density,
        S,
        wall - side * S * 0.002,
        y,
        inner,
        y + rng.normal(0, S * 0.002),
        S * 0.0022,
        S * 0.0018,
        0.05,
        0.03,
      );
    }
  }
}

/**
 * Effusion on one side (−1 = right, image left). Erect: fluid fills the hemithorax below a meniscus that rises
 * from the medial level to its highest at the lateral chest wall, so the costophrenic angle is blunted first.
 * Supine AP: the fluid layers posteriorly, a veil densest at the base, without a meniscus.
 */
function drawEffusion(
  rng: Random,
  g: CxrGeometry,
  planes: CxrPlanes,
  side: -1 | 1,
  severity: number,
  supine: boolean,
): void {
  const S = g.size;
  const half = side < 0 ? g.halfWidthR : g.halfWidthL;
  const cp = side < 0 ? g.cpYR : g.cpYL;
  const dome = side < 0 ? g.domeR : g.domeL;
  const lateralLevel = cp - clamp01(severity) * (cp - g.apexY) * 0.7;
  const medialLevel = max(lateralLevel, dome) + S * rng.uniform(0.01, 0.03);
  const soft = S * (supine ? 0.12 : 0.012);
  for (let y = floor(max(0, lateralLevel - 2 * soft)); y < S; y += 1) {
    const yc = y + 0.5;
    for (let x = 0; x < S; x += 1) {
      const s = (side * (x + 0.5 - g.cx)) / half;
      if (s < 0.05 || s > 1.08) continue;
      const i = y * S + x;
      if ((planes.air[i] ?? 0) <= 0) continue;
      const meniscus = medialLevel + (lateralLevel - medialLevel) * min(1, s) ** 2;
      const dia = g.diaphragm[x] ?? S;
      // Fluid stops in the posterior recess just below the dome (the gastric bubble below stays visible).
      const fluid =
        smooth(meniscus - soft, meniscus + soft, yc) * smooth(0.05, 0.2, s) * (1 - smooth(dia, dia + S * 0.03, yc));
      const value = supine ? 0.75 * fluid : fluid;
      planes.fill[i] = max(planes.fill[i] ?? 0, value);
    }
  }
}

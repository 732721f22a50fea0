/**
 * The anatomical model of a frontal chest radiograph, in pixels of the square image, upright (the acquisition's
 * in-plane rotation is applied to the finished picture). Image left is the patient's right, as a frontal film is
 * viewed. The model is a handful of analytic outlines: per row, the lateral and medial border of each lung; per
 * column, the hemidiaphragm; the heart and mediastinum as per-row half-widths from the midline. Everything that is
 * drawn (and the measured cardiothoracic ratio) reads these same outlines.
 */
import type { Random } from '../random';
import type { CxrSynthSpec } from '../types';

export interface CxrGeometry {
  size: number;
  /** Midline (spinous processes, trachea), px. */
  cx: number;
  /** Inner thoracic half-widths from the midline to the inner rib margin: patient right (image left) and left. */
  halfWidthR: number;
  halfWidthL: number;
  /** Top of the lung apices. */
  apexY: number;
  /** Hemidiaphragm dome tops; the right is higher (the liver). */
  domeR: number;
  domeL: number;
  /** Lateral costophrenic angles (the deepest lung point at the lateral chest wall). */
  cpYR: number;
  cpYL: number;
  /** Posterior ribs: the y of rib 1 and the spacing, at the midclavicular line. */
  ribFirstY: number;
  ribSpacing: number;
  /** Posterior ribs whose midclavicular crossing lies above the right dome: the depth of inspiration. */
  inspirationRibs: number;
  heart: { top: number; bottom: number; right: number; left: number };
  /** Upper mediastinal half-widths (SVC border on the right, aortic border on the left). */
  mediastinumR: number;
  mediastinumL: number;
  knob: { y: number; radius: number; bulge: number };
  carinaY: number;
  hilumR: { x: number; y: number };
  hilumL: { x: number; y: number };
  spineHalfWidth: number;
  /** Outer half-width of the torso (skin), px. */
  torsoHalfWidth: number;
  /** Whether the arms hang beside the chest (in the picture) or are raised out of it. */
  armsDown: boolean;
  /** Per row: lung borders (x, px); a row without lung has lat ≥ med. */
  latR: Float32Array;
  medR: Float32Array;
  medL: Float32Array;
  latL: Float32Array;
  /** Per row: the heart's half-widths right and left of the midline (0 outside the heart). */
  heartR: Float32Array;
  heartL: Float32Array;
  /** Per column: the hemidiaphragm's upper border (y, px); below it the abdomen. */
  diaphragm: Float32Array;
}

/** Where the dome's top lies across the hemithorax (0 = midline, 1 = lateral wall). */
const DOME_TOP_S = 0.5;
/** The apex sits over the inner part of the hemithorax (fraction of the half-width). */
const APEX_S = 0.32;

/**
 * Draws one patient's anatomy. The heart is sized so that its widest extents right and left of the midline,
 * over the inner thoracic width, give the spec's cardiothoracic ratio, magnified for an AP projection (the heart
 * lies far from the detector in AP, about 10–15 % larger relative to the thorax than on PA).
 */
export function drawGeometry(rng: Random, spec: CxrSynthSpec, size: number, inspirationRibs: number): CxrGeometry {
  const S = size;
  const ap = spec.view === 'AP';
  const cx = S * (0.5 + rng.normal(0, 0.012));
  const halfWidth = S * rng.uniform(0.36, 0.395);
  const halfWidthR = halfWidth * rng.uniform(0.98, 1.02);
  const halfWidthL = halfWidth * rng.uniform(0.98, 1.02);
  const apexY = S * rng.uniform(0.09, 0.13);
  const ribFirstY = apexY + S * 0.035;
  const ribSpacing = S * rng.uniform(0.054, 0.06);
  // The right dome lies between posterior ribs n and n + 1 at the midclavicular line.
  const domeR = ribFirstY + ribSpacing * (inspirationRibs - 1 + rng.uniform(0.35, 0.75));
  const domeL = domeR + S * rng.uniform(0.012, 0.03);
  const cpYR = domeR + S * rng.uniform(0.08, 0.12);
  const cpYL = domeL + S * rng.uniform(0.075, 0.11);

  // Drawn for PA too, so that the same seed gives the same anatomy in both projections.
  const apMagnification = rng.uniform(1.1, 1.16);
  const magnification = ap ? apMagnification : 1;
  const cardiacWidth = spec.cardiothoracicRatio * magnification * (halfWidthR + halfWidthL);
  const rightFraction = rng.uniform(0.3, 0.37);
  const heartBottom = domeL + S * 0.03;
  const knobY = apexY + S * rng.uniform(0.16, 0.2);
  const knobRadius = S * rng.uniform(0.025, 0.033);
  const heartTop = knobY + knobRadius + S * rng.uniform(0.0, 0.02);
  const heart = {
    top: heartTop,
    bottom: heartBottom,
    right: cardiacWidth * rightFraction,
    left: cardiacWidth * (1 - rightFraction),
  };
  const ageFactor = Math.min(1, Math.max(0, (spec.ageYears - 30) / 50));
  const knob = {
    y: knobY,
    radius: knobRadius,
    bulge: S * (rng.uniform(0.025, 0.035) + 0.012 * ageFactor),
  };
  const mediastinumR = S * rng.uniform(0.055, 0.07) * (ap ? 1.12 : 1);
  const mediastinumL = S * rng.uniform(0.045, 0.058) * (ap ? 1.12 : 1);
  const hilumY = heartTop + S * rng.uniform(-0.01, 0.02);
  const geometry: CxrGeometry = {
    size: S,
    cx,
    halfWidthR,
    halfWidthL,
    apexY,
    domeR,
    domeL,
    cpYR,
    cpYL,
    ribFirstY,
    ribSpacing,
    inspirationRibs,
    heart,
    mediastinumR,
    mediastinumL,
    knob,
    carinaY: knobY + S * rng.uniform(0.035, 0.055),
    hilumR: { x: cx - Math.max(mediastinumR, heart.right * 0.8) - S * 0.035, y: hilumY + S * 0.015 },
    hilumL: { x: cx + Math.max(mediastinumL + knob.bulge * 0.5, heart.left * 0.55) + S * 0.03, y: hilumY },
    spineHalfWidth: S * rng.uniform(0.032, 0.04),
    torsoHalfWidth: Math.max(halfWidthR, halfWidthL) + S * rng.uniform(0.06, 0.11),
    armsDown: rng.bernoulli(0.85),
    latR: new Float32Array(S),
    medR: new Float32Array(S),
    medL: new Float32Array(S),
    latL: new Float32Array(S),
    heartR: new Float32Array(S),
    heartL: new Float32Array(S),
    diaphragm: new Float32Array(S),
  };
  fillOutlines(geometry);
  return geometry;
}

/** Heart half-widths at row y: right atrium (widest about 70 % down), left ventricle (widest at the apex, 85 %). */
export function heartHalfWidths(g: CxrGeometry, y: number): { right: number; left: number } {
  const { top, bottom, right, left } = g.heart;
  if (y < top || y > bottom + g.size * 0.05) return { right: 0, left: 0 };
  const t = Math.min(1, (y - top) / (bottom - top));
  // The right border starts at the SVC, the left at the pulmonary trunk: both grow out of the mediastinum.
  const tr = Math.min(1, t / 0.68);
  let r = right * Math.sin((Math.PI / 2) * tr) ** 0.6;
  if (t > 0.68) r *= 1 - 0.1 * ((t - 0.68) / 0.32) ** 2;
  const tl = Math.min(1, t / 0.84);
  let l = left * Math.sin((Math.PI / 2) * tl) ** 0.8;
  if (t > 0.84) l *= 1 - 0.35 * ((t - 0.84) / 0.16) ** 2;
  return { right: r, left: l };
}

/** Upper mediastinal half-widths at row y, with the aortic knob bulging to the patient's left. */
export function mediastinumHalfWidths(g: CxrGeometry, y: number): { right: number; left: number } {
  const dy = (y - g.knob.y) / g.knob.radius;
  // Above the knob the left subclavian artery keeps the border out; below it the aortopulmonary window dips in.
  const knob = dy < 0 ? 0.45 + 0.55 * Math.exp(-((dy / 1.6) ** 2)) : Math.exp(-(dy * dy));
  return { right: g.mediastinumR, left: g.mediastinumL + g.knob.bulge * knob };
}

/** Fraction of the half-width the lung reaches laterally at depth t (0 = apex, 1 = costophrenic angle). */
function lateralReach(t: number): number {
  const u = Math.min(1, t / 0.88);
  return APEX_S + (1 - APEX_S) * Math.sqrt(1 - (1 - u) ** 2);
}

/** Near the apex the medial border swings out to the apex, so the apex is a rounded cap over the hemithorax. */
function apicalMedialReach(t: number): number {
  const u = Math.min(1, t / 0.18);
  return APEX_S * (1 - Math.sqrt(1 - (1 - u) ** 2));
}

function fillOutlines(g: CxrGeometry): void {
  const { size: S, cx } = g;
  for (let y = 0; y < S; y += 1) {
    const yc = y + 0.5;
    const heart = heartHalfWidths(g, yc);
    const mediastinum = mediastinumHalfWidths(g, yc);
    g.heartR[y] = heart.right;
    g.heartL[y] = heart.left;
    if (yc < g.apexY) {
      g.latR[y] = cx;
      g.medR[y] = cx;
      g.medL[y] = cx;
      g.latL[y] = cx;
      continue;
    }
    const tR = (yc - g.apexY) / (g.cpYR - g.apexY);
    const tL = (yc - g.apexY) / (g.cpYL - g.apexY);
    g.latR[y] = cx - g.halfWidthR * lateralReach(tR);
    g.latL[y] = cx + g.halfWidthL * lateralReach(tL);
    g.medR[y] = cx - Math.max(mediastinum.right, heart.right, g.halfWidthR * apicalMedialReach(tR));
    g.medL[y] = cx + Math.max(mediastinum.left, heart.left, g.halfWidthL * apicalMedialReach(tL));
  }
  for (let x = 0; x < S; x += 1) {
    const xc = x + 0.5;
    const right = xc < cx;
    const s = Math.abs(xc - cx) / (right ? g.halfWidthR : g.halfWidthL);
    const dome = right ? g.domeR : g.domeL;
    const lateralDepth = (right ? g.cpYR : g.cpYL) - dome;
    // Lateral of the dome top the diaphragm falls to the costophrenic angle (reached at s = 1); medially it falls
    // gently to the cardiophrenic angle.
    const y =
      s >= DOME_TOP_S
        ? dome + lateralDepth * ((s - DOME_TOP_S) / (1 - DOME_TOP_S)) ** 1.6
        : dome + S * 0.05 * ((DOME_TOP_S - s) / DOME_TOP_S) ** 1.6;
    g.diaphragm[x] = y;
  }
}

/**
 * The cardiothoracic ratio measured on the drawn outlines, as a reader would (Danzer): the widest extent of the
 * heart right of the midline plus the widest extent left of it, over rows where that border is above the
 * diaphragm, divided by the widest inner thoracic width (rib margin to rib margin) over the rows with lung.
 */
export function measureCardiothoracicRatio(g: CxrGeometry): number {
  let right = 0;
  let left = 0;
  let thorax = 0;
  for (let y = 0; y < g.size; y += 1) {
    const yc = y + 0.5;
    const heartR = g.heartR[y] ?? 0;
    const heartL = g.heartL[y] ?? 0;
    if (heartR > right && yc < diaphragmAt(g, g.cx - heartR)) right = heartR;
    if (heartL > left && yc < diaphragmAt(g, g.cx + heartL)) left = heartL;
    if (yc >= g.apexY && yc <= Math.max(g.cpYR, g.cpYL)) {
      thorax = Math.max(thorax, (g.latL[y] ?? 0) - (g.latR[y] ?? 0));
    }
  }
  return thorax > 0 ? (right + left) / thorax : 0;
}

/** The diaphragm's y at a (fractional) column, clamped to the image. */
export function diaphragmAt(g: CxrGeometry, x: number): number {
  const column = Math.min(g.size - 1, Math.max(0, Math.floor(x)));
  return g.diaphragm[column] ?? g.size;
}

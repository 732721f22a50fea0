/**
 * Ischaemia and infarction in a coronary territory, as vectors pointing at the territory (Frank coordinates, before
 * the patient's heart rotation is applied):
 * - anterior (LAD): towards the front and slightly left-superior → V1–V4 (and I, aVL), reciprocal III/aVF;
 * - inferior (RCA): towards the feet and slightly right → II, III, aVF, reciprocal I/aVL;
 * - lateral (LCx): towards the left and superior → I, aVL, V5, V6, reciprocal III/aVF.
 * An injury current towards the territory raises ST there and lowers it in the opposite leads (reciprocal change);
 * subendocardial ischaemia points away (ST depression) and inverts T; an old transmural infarct removes the
 * territory's early forces, so the early QRS points away from it (pathological Q waves ≥ 40 ms).
 */
import type { CoronaryTerritory, EcgSynthSpec } from '../types';
import type { Random } from '../random';
import type { EcgLeadName } from '../../shared';
import type { BeatModel } from './beat-model';
import { rotateHeart } from './beat-model';
import { componentsWithRole, requireComponent, rescaleAlong } from './beat-edits';
import type { Vec3 } from './lead-vectors';
import { LEAD_VECTORS, dot, scale, withLength } from './lead-vectors';

const TERRITORY_DIRECTIONS: Record<CoronaryTerritory, Vec3> = {
  anterior: withLength([0.3, -0.55, -1], 1),
  inferior: withLength([-0.3, 1, 0.1], 1),
  lateral: withLength([1, -0.5, 0.3], 1),
};

/** The leads that face each territory (the textbook grouping). */
export const TERRITORY_LEADS: Record<CoronaryTerritory, readonly EcgLeadName[]> = {
  anterior: ['V1', 'V2', 'V3', 'V4'],
  inferior: ['II', 'III', 'aVF'],
  lateral: ['I', 'aVL', 'V5', 'V6'],
};

/** Unit vector towards the territory in this patient's (rotated) heart. */
function territoryVector(model: BeatModel, territory: CoronaryTerritory): Vec3 {
  return rotateHeart(TERRITORY_DIRECTIONS[territory], model.orientation.frontalDeg, model.orientation.horizontalDeg);
}

/** Largest projection of the unit vector `u` on the territory's leads (mV per mV of dipole). */
function maxTerritoryGain(u: Vec3, territory: CoronaryTerritory): number {
  return Math.max(...TERRITORY_LEADS[territory].map((lead) => Math.abs(dot(LEAD_VECTORS[lead], u))));
}

/** Mean projection of the unit vector `u` on the territory's leads, so that the weaker facing leads show it too. */
function meanTerritoryGain(u: Vec3, territory: CoronaryTerritory): number {
  const leads = TERRITORY_LEADS[territory];
  return leads.reduce((sum, lead) => sum + Math.abs(dot(LEAD_VECTORS[lead], u)), 0) / leads.length;
}

/** Adds the spec's ischaemia (if any) to the beat. Needs the final QRS and T timing, so it runs after widening. */
export function applyIschaemia(rng: Random, spec: EcgSynthSpec, model: BeatModel): void {
  if (spec.ischaemia === undefined) return;
  const { territory, kind } = spec.ischaemia;
  const u = territoryVector(model, territory);
  if (kind === 'q-waves') addInfarctQ(rng, model, u, territory);
  else addInjury(rng, model, u, territory, kind === 'st-elevation' ? 1 : -1);
}

/**
 * ST deviation: a lobe rising over the end of the QRS to a plateau that starts exactly at the J point (QRS offset),
 * level until the T peak and falling to zero at T end. `sign` +1 elevates ST in the territory (transmural injury),
 * −1 depresses it. The plateau starts at J because the injury current flows between injured and healthy myocardium
 * once both are depolarised: the ST segment is displaced from the J point on. (A rise that went on 20 ms past the QRS
 * wrote a sloping ST start that measureEcg rightly took for QRS, 10–20 ms past the truth's offset.)
 */
function addInjury(rng: Random, model: BeatModel, u: Vec3, territory: CoronaryTerritory, sign: 1 | -1): void {
  const t = requireComponent(model, 't');
  const tPeak = t.lobe.start + t.lobe.rise;
  const start = (sign > 0 ? 0.7 : 0.85) * model.qrsMs;
  const rise = model.qrsMs - start;
  const plateau = Math.max(0, tPeak - start - rise);
  const targetMv = sign > 0 ? rng.truncatedNormal(0.28, 0.08, 0.15, 0.5) : rng.truncatedNormal(0.16, 0.05, 0.08, 0.3);
  model.components.push({
    role: 'injury',
    wave: 'st-t',
    direction: withLength(u, (sign * targetMv) / maxTerritoryGain(u, territory)),
    lobe: { start, rise, plateau, fall: Math.max(10, model.qtMs - start - rise - plateau), power: 2 },
  });
  if (sign > 0) {
    model.signs.push(`st-elevation-${territory}`);
  } else {
    invertTerritoryT(model, u, rng.uniform(0.55, 1));
    model.signs.push(`st-depression-${territory}`, `t-inversion-${territory}`);
  }
}

/**
 * Turns the T loop away from the territory: its component along the territory vector becomes −depth × |T|, so the
 * facing leads' T waves invert (depth 0.5–1 inverts most of them; the vector's other components are kept).
 */
function invertTerritoryT(model: BeatModel, u: Vec3, depth: number): void {
  for (const c of componentsWithRole(model, 't', 't-loop')) {
    const along = dot(c.direction, u) + depth * Math.hypot(...c.direction);
    c.direction = [c.direction[0] - along * u[0], c.direction[1] - along * u[1], c.direction[2] - along * u[2]];
  }
}

/**
 * Old infarct: the free wall loses most of its force towards the territory, and an early (0–50+ ms) vector pointing
 * away from the territory writes Q waves of at least 40 ms in the facing leads; half the patients keep inverted T.
 */
function addInfarctQ(rng: Random, model: BeatModel, u: Vec3, territory: CoronaryTerritory): void {
  const freeWall = requireComponent(model, 'lv-free-wall');
  const septal = requireComponent(model, 'septal');
  // The septum is LAD territory: an anterior infarct loses the septal r in V1–V3 (QS complexes); elsewhere only the
  // septal force towards the dead wall goes.
  if (territory === 'anterior') septal.direction = scale(septal.direction, 0.15);
  else if (dot(septal.direction, u) > 0) septal.direction = rescaleAlong(septal.direction, u, 0);
  if (dot(freeWall.direction, u) > 0) freeWall.direction = rescaleAlong(freeWall.direction, u, rng.uniform(0, 0.3));
  // Activation detours round the scar, so the surviving free wall depolarises a little later.
  freeWall.lobe = { ...freeWall.lobe, start: freeWall.lobe.start + 0.08 * model.qrsMs };
  const depthMv = rng.truncatedNormal(0.75, 0.12, 0.5, 1) * Math.sqrt(model.voltage);
  const duration = Math.min(0.6 * model.qrsMs, rng.uniform(50, 58));
  // Raised-cosine edges and the deepest point at half the Q duration: the initial forces build up as the activation
  // front grows. A sharper lobe peaking at 35 % (power 1.5) reached the beat's peak spatial velocity within 10 ms of
  // onset (lateral infarcts; median 1.0 of the peak 10 ms after a 10 % crossing, now 0.74; anterior 0.65, now 0.46;
  // PTB-XL MI records, numpy on their median beats: 0.2–0.6, median 0.32); its abrupt start rang ahead of the
  // onset through a 45 Hz low-pass, and measured QRS complexes began 10–25 ms before the truth's onset.
  model.components.push({
    role: 'infarct-q',
    wave: 'qrs',
    direction: withLength(u, -depthMv / meanTerritoryGain(u, territory)),
    lobe: { start: 0, rise: 0.5 * duration, plateau: 0.1 * duration, fall: 0.4 * duration, power: 2 },
  });
  model.signs.push(`q-waves-${territory}`);
  if (rng.bernoulli(0.5)) {
    invertTerritoryT(model, u, rng.uniform(0.2, 0.6));
    model.signs.push(`t-inversion-${territory}`);
  }
}

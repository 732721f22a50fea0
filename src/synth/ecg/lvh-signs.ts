/**
 * Left ventricular hypertrophy: a larger, more leftward-posterior free-wall vector (tall R in V5/V6, deep S in V1/V2),
 * a QRS about 8 ms longer, and with `lvhStrain` the secondary repolarisation change (downsloping ST depression and
 * asymmetric T inversion opposite the main QRS vector, i.e. in I, aVL, V5, V6).
 *
 * Voltage is calibrated on the model itself: the QRS vectors are scaled until Sokolow-Lyon
 * (SV1 + max(RV5, RV6)) reaches a drawn target of 3.6–5.4 mV (PTB-XL LVH records measured with numpy: median 3.56 mV,
 * IQR 2.79–4.14; the generator draws records that meet the criterion, since the spec says the sign is present).
 */
import type { EcgSynthSpec } from '../types';
import type { Random } from '../random';
import type { BeatModel } from './beat-model';
import { requireComponent, componentsWithRole, widenQrs } from './beat-edits';
import { leadExtremes } from './beat-template';
import { simpleLobe } from './lobe';
import { rotateHeart } from './beat-model';
import { add, scale, withLength } from './lead-vectors';

/** Sokolow-Lyon and Cornell voltages (mV) of the model's QRS. */
export function qrsVoltages(model: BeatModel): { sokolowLyon: number; cornell: number } {
  const window = (lead: 'V1' | 'V3' | 'V5' | 'V6' | 'aVL') => leadExtremes(model, lead, 0, model.qrsMs);
  const sV1 = Math.max(0, -window('V1').min);
  const rV5 = Math.max(0, window('V5').max);
  const rV6 = Math.max(0, window('V6').max);
  const rAvl = Math.max(0, window('aVL').max);
  const sV3 = Math.max(0, -window('V3').min);
  return { sokolowLyon: sV1 + Math.max(rV5, rV6), cornell: rAvl + sV3 };
}

/** Cornell thresholds: 2.8 mV in men, 2.0 mV in women (Casale et al., Circulation 1987). */
export function meetsLvhVoltage(model: BeatModel, sex: EcgSynthSpec['sex']): boolean {
  const v = qrsVoltages(model);
  return v.sokolowLyon > 3.5 || v.cornell > (sex === 'female' ? 2.0 : 2.8);
}

/** Shape changes of LVH (vector direction, QRS width, strain). Voltage comes later, in calibrateLvhVoltage. */
export function applyLvh(rng: Random, spec: EcgSynthSpec, model: BeatModel): void {
  const { frontalDeg, horizontalDeg } = model.orientation;
  const freeWall = requireComponent(model, 'lv-free-wall');
  const length = Math.hypot(...freeWall.direction);
  const shift = rotateHeart(withLength([0.5, -0.2, 0.8], 0.35 * length), frontalDeg, horizontalDeg);
  freeWall.direction = withLength(add(freeWall.direction, shift), length);
  widenQrs(model, (model.qrsMs + rng.truncatedNormal(8, 3, 2, 14)) / model.qrsMs);
  if (!spec.lvhStrain) return;

  for (const c of componentsWithRole(model, 't', 't-loop')) c.direction = scale(c.direction, 0.25);
  const strainMv = rng.truncatedNormal(0.45, 0.1, 0.28, 0.7);
  model.components.push({
    role: 'strain',
    wave: 'st-t',
    direction: withLength(freeWall.direction, -strainMv),
    // Starts at J and ends at QT; a near-linear start gives the downsloping ST, the late peak the asymmetric T.
    lobe: simpleLobe(model.qrsMs, model.qtMs - model.qrsMs, 0.68, 1.1),
  });
  model.signs.push('lvh-strain');
}

/**
 * Scales the septal, free-wall and basal vectors (hypertrophy thickens the septum too) until Sokolow-Lyon equals
 * `targetMv` (three fixed-point steps), by at most 2.5 times overall so that an unusual axis cannot blow the QRS up.
 */
export function calibrateLvhVoltage(model: BeatModel, targetMv: number): void {
  const parts = componentsWithRole(model, 'septal', 'lv-free-wall', 'basal');
  let total = 1;
  for (let step = 0; step < 3; step++) {
    const current = qrsVoltages(model).sokolowLyon;
    if (current <= 0) return;
    const factor = Math.min(2.5 / total, targetMv / current);
    total *= factor;
    for (const c of parts) c.direction = scale(c.direction, factor);
  }
}

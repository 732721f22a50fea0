/**
 * Potassium on the ECG (Parham et al., Tex Heart Inst J 2006; Mattu et al., Am J Emerg Med 2000): above about
 * 5.5 mEq/L the T wave becomes tall, narrow and symmetric ("peaked"); above about 6.5 the P wave flattens and widens
 * and PR lengthens; above about 7 the QRS widens. Below about 3.5 the T wave flattens.
 */
import type { EcgSynthSpec } from '../types';
import type { BeatModel } from './beat-model';
import { componentsWithRole, widenQrs } from './beat-edits';
import { lobeEnd } from './lobe';
import { scale } from './lead-vectors';

/** Alters the beat for the spec's potassium and records the signs it drew. */
export function applyPotassium(spec: EcgSynthSpec, model: BeatModel): void {
  const k = spec.potassiumMeqL;
  if (k > 7) {
    // 0.35 per mEq/L: 93 ms → ~125 ms at 8 mEq/L, ~160 ms at 9.
    widenQrs(model, 1 + 0.35 * (Math.min(k, 9.5) - 7));
    model.signs.push('wide-qrs');
  }
  if (k > 6.5) flattenP(model, Math.min(k, 9.5) - 6.5);
  if (k > 5.5) peakT(model, Math.min(k, 9) - 5.5);
  else if (k < 3.5) {
    for (const c of componentsWithRole(model, 't', 't-loop'))
      c.direction = scale(c.direction, Math.max(0.35, 1 - 0.5 * (3.5 - k)));
    model.signs.push('flat-t');
  }
}

/**
 * Narrows the T wave about its end (to 45 % of its width at the most), makes it symmetric and pointed, and raises it
 * (up to 2.2 times at 7.5 mEq/L and above).
 */
function peakT(model: BeatModel, excess: number): void {
  for (const c of componentsWithRole(model, 't', 't-loop')) {
    const end = lobeEnd(c.lobe);
    const duration = (end - c.lobe.start) * Math.max(0.45, 1 - 0.18 * excess);
    c.lobe = { start: end - duration, rise: duration / 2, plateau: 0, fall: duration / 2, power: 1.4 };
    c.direction = scale(c.direction, 1 + 0.6 * Math.min(excess, 2));
  }
  model.signs.push('peaked-t');
}

/** Lowers and widens the P wave and moves its onset earlier (PR lengthens by 12 ms per mEq/L above 6.5). */
function flattenP(model: BeatModel, excess: number): void {
  const p = componentsWithRole(model, 'p-right-atrium', 'p-left-atrium');
  if (p.length === 0) return;
  const amplitude = Math.max(0.15, 1 - 0.35 * excess);
  const widen = 1 + 0.08 * excess;
  const shift = 12 * excess;
  for (const c of p) {
    c.direction = scale(c.direction, amplitude);
    c.lobe = { ...c.lobe, start: c.lobe.start * widen - shift, rise: c.lobe.rise * widen, fall: c.lobe.fall * widen };
  }
  if (amplitude < 0.7) model.signs.push('flattened-p');
}

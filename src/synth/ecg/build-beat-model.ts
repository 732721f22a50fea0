/**
 * The whole beat for a spec: a healthy beat, then the disease signs in an order that keeps timing consistent
 * (everything that widens the QRS first, then potassium's T and P changes, then ischaemia, which needs the final
 * T timing; LVH voltage last, since it is calibrated on the finished QRS).
 */
import type { EcgSynthSpec } from '../types';
import type { Random } from '../random';
import type { BeatModel } from './beat-model';
import { buildNormalBeat, updateIntervals } from './beat-model';
import { applyIschaemia } from './ischaemia-signs';
import { applyLvh, calibrateLvhVoltage, meetsLvhVoltage } from './lvh-signs';
import { applyPotassium } from './potassium-signs';

/**
 * The beat for this spec with its signs. `signs` lists what was drawn ('lvh-strain', 'st-elevation-inferior',
 * 'q-waves-anterior', 'peaked-t', 'wide-qrs', …) plus 'lvh-voltage' whenever the finished QRS meets Sokolow-Lyon or
 * Cornell, LVH drawn or not (a young man's normal ECG can meet them, as in life).
 */
export function buildBeatModel(rng: Random, spec: EcgSynthSpec): BeatModel {
  const model = buildNormalBeat(rng, spec);
  const lvhTargetMv = rng.truncatedNormal(4.1, 0.45, 3.6, 5.4);
  if (spec.lvh) applyLvh(rng, spec, model);
  applyPotassium(spec, model);
  applyIschaemia(rng, spec, model);
  if (spec.lvh) calibrateLvhVoltage(model, lvhTargetMv);
  updateIntervals(model);
  if (meetsLvhVoltage(model, spec.sex)) model.signs.unshift('lvh-voltage');
  return model;
}

/**
 * Rendering a beat model: the exact lead voltages at any time (for ground truth), and the sampled per-lead templates
 * that the generator adds at each beat (precomputed once per record, so a record costs one template plus additions).
 */
import type { EcgLeadName } from '../../shared';
import type { BeatModel } from './beat-model';
import { waveSupport } from './beat-model';
import { lobeEnd, lobeValue } from './lobe';
import type { IndependentLead } from './lead-vectors';
import { INDEPENDENT_LEADS, LEAD_VECTORS, dot } from './lead-vectors';

/** Voltage (mV) of `lead` at `tMs` after QRS onset, straight from the model (no sampling, no noise). */
export function leadValueAt(model: BeatModel, lead: EcgLeadName, tMs: number): number {
  const vector = LEAD_VECTORS[lead];
  let value = 0;
  for (const c of model.components) value += dot(vector, c.direction) * lobeValue(c.lobe, tMs);
  return value;
}

/**
 * The isoelectric reference of the beat: the middle of the PR segment (between P offset and QRS onset), or 10 ms
 * before QRS onset when there is no P wave.
 */
export function prBaselineTimeMs(model: BeatModel): number {
  const p = waveSupport(model, 'p');
  return p === undefined ? -10 : p[1] / 2;
}

/** Extremes of a lead over [fromMs, toMs] on a 1 ms grid (plus both ends): { max, min } in mV. */
export function leadExtremes(
  model: BeatModel,
  lead: EcgLeadName,
  fromMs: number,
  toMs: number,
): { max: number; min: number } {
  let max = -Infinity;
  let min = Infinity;
  for (let t = fromMs; t <= toMs; t += 1) {
    const v = leadValueAt(model, lead, t);
    if (v > max) max = v;
    if (v < min) min = v;
  }
  const last = leadValueAt(model, lead, toMs);
  return { max: Math.max(max, last), min: Math.min(min, last) };
}

/** The sampled beat: `leads[name][j]` is the voltage at sample `firstSample + j` relative to the QRS onset sample. */
export interface BeatTemplate {
  firstSample: number;
  length: number;
  leads: Record<IndependentLead, Float64Array>;
}

/**
 * Samples the beat at `samplingRateHz` over the support of all its components. The dipole is accumulated first
 * (three arrays) and then projected, so the cost is components × support + 8 × 3 × length.
 */
export function renderBeatTemplate(model: BeatModel, samplingRateHz: number): BeatTemplate {
  const msPerSample = 1000 / samplingRateHz;
  let startMs = 0;
  let endMs = 0;
  for (const c of model.components) {
    startMs = Math.min(startMs, c.lobe.start);
    endMs = Math.max(endMs, lobeEnd(c.lobe));
  }
  const firstSample = Math.floor(startMs / msPerSample);
  const length = Math.ceil(endMs / msPerSample) - firstSample + 1;
  const dx = new Float64Array(length);
  const dy = new Float64Array(length);
  const dz = new Float64Array(length);
  for (const c of model.components) {
    const from = Math.max(0, Math.ceil(c.lobe.start / msPerSample) - firstSample);
    const to = Math.min(length - 1, Math.floor(lobeEnd(c.lobe) / msPerSample) - firstSample);
    for (let j = from; j <= to; j++) {
      const g = lobeValue(c.lobe, (j + firstSample) * msPerSample);
      (dx[j] as number) += c.direction[0] * g;
      (dy[j] as number) += c.direction[1] * g;
      (dz[j] as number) += c.direction[2] * g;
    }
  }
  const leads = {} as Record<IndependentLead, Float64Array>;
  for (const name of INDEPENDENT_LEADS) {
    const [lx, ly, lz] = LEAD_VECTORS[name];
    const out = new Float64Array(length);
    for (let j = 0; j < length; j++) out[j] = lx * (dx[j] as number) + ly * (dy[j] as number) + lz * (dz[j] as number);
    leads[name] = out;
  }
  return { firstSample, length, leads };
}

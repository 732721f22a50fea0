/**
 * The synthetic 12-lead ECG: a vectorcardiographic beat model (beat-model.ts and the disease signs) projected on
 * Dower's lead vectors, repeated at the planned beat times, with f waves in atrial fibrillation and acquisition noise
 * added at the electrodes. I, II and V1–V6 are formed first; III, aVR, aVL and aVF are computed from the stored
 * (float32) I and II, so Einthoven's and Goldberger's laws hold to one float32 rounding, noise included.
 *
 * Edge beats: the signal contains every beat that reaches into the record (partial P, QRS or T at the edges).
 * The truth lists only beats whose whole QRS, onset to offset, lies inside the record; RR intervals are between
 * consecutive listed beats and the heart rate is 60000 / their mean.
 */
import type { EcgLead, EcgLeadName } from '../../shared';
import { ECG_LEAD_NAMES } from '../../shared';
import type { EcgSynthSpec, EcgTruth, GeneratedEcg } from '../types';
import { Random } from '../random';
import { addAcquisitionNoise } from './acquisition-noise';
import type { BeatModel } from './beat-model';
import { leadValueAt, prBaselineTimeMs, renderBeatTemplate } from './beat-template';
import { buildBeatModel } from './build-beat-model';
import { addFibrillatoryWaves } from './fibrillatory-waves';
import type { IndependentLead } from './lead-vectors';
import { INDEPENDENT_LEADS, deriveLimbLeads } from './lead-vectors';
import type { BeatPlan } from './rhythm';
import { drawRespiration, planBeats } from './rhythm';

export interface EcgGenerationOptions {
  /**
   * Leave out the acquisition noise (baseline wander, mains hum, EMG). The cardiac signal, f waves included, is the
   * same sample for sample as with noise for the same seed, so noisy − noise-free is the noise.
   */
  noiseFree?: boolean;
}

/** ST is read 60 ms after the J point (QRS offset), the usual point for ST deviation. */
const ST_OFFSET_MS = 60;

function validate(spec: EcgSynthSpec, samplingRateHz: number, durationS: number): void {
  const problems: string[] = [];
  if (!(spec.heartRateBpm >= 20 && spec.heartRateBpm <= 250))
    problems.push(`heartRateBpm ${spec.heartRateBpm} outside 20–250`);
  if (!(spec.potassiumMeqL >= 1.5 && spec.potassiumMeqL <= 10))
    problems.push(`potassiumMeqL ${spec.potassiumMeqL} outside 1.5–10`);
  if (!(samplingRateHz >= 100 && samplingRateHz <= 10000))
    problems.push(`samplingRateHz ${samplingRateHz} outside 100–10000`);
  if (!(durationS >= 2 && durationS <= 600)) problems.push(`durationS ${durationS} outside 2–600`);
  if (problems.length > 0) throw new RangeError(`ECG synth spec: ${problems.join('; ')}`);
}

/** Adds the beat template at every planned onset into the independent leads; returns the onsets in samples. */
function placeBeats(
  model: BeatModel,
  plan: BeatPlan,
  samplingRateHz: number,
  leads: Record<IndependentLead, Float64Array>,
): number[] {
  const template = renderBeatTemplate(model, samplingRateHz);
  const n = leads.I.length;
  const onsets = plan.onsetsMs.map((ms) => Math.round((ms * samplingRateHz) / 1000));
  for (let b = 0; b < onsets.length; b++) {
    const base = (onsets[b] as number) + template.firstSample;
    const k = plan.amplitudeScales[b] as number;
    const from = Math.max(0, -base);
    const to = Math.min(template.length, n - base);
    for (const name of INDEPENDENT_LEADS) {
      const source = template.leads[name];
      const target = leads[name];
      for (let j = from; j < to; j++) target[base + j] = (target[base + j] as number) + k * (source[j] as number);
    }
  }
  return onsets;
}

function buildTruth(
  spec: EcgSynthSpec,
  model: BeatModel,
  onsets: number[],
  samplingRateHz: number,
  n: number,
  fallbackRrMs: number,
): EcgTruth {
  const qrsSamples = Math.ceil((model.qrsMs * samplingRateHz) / 1000);
  const inside = onsets.filter((s) => s >= 0 && s + qrsSamples <= n - 1);
  const rrIntervalsMs = inside.slice(1).map((s, i) => ((s - (inside[i] as number)) * 1000) / samplingRateHz);
  const meanRrMs =
    rrIntervalsMs.length > 0 ? rrIntervalsMs.reduce((a, b) => a + b, 0) / rrIntervalsMs.length : fallbackRrMs;
  const baselineMs = prBaselineTimeMs(model);
  const stDeviationMv = {} as Record<EcgLeadName, number>;
  for (const lead of ECG_LEAD_NAMES) {
    stDeviationMv[lead] = leadValueAt(model, lead, model.qrsMs + ST_OFFSET_MS) - leadValueAt(model, lead, baselineMs);
  }
  const signs = [...model.signs];
  if (spec.rhythm === 'atrial-fibrillation') signs.unshift('irregular-rr', 'no-p-waves', 'fibrillatory-waves');
  else if (spec.heartRateBpm > 100) signs.unshift('sinus-tachycardia');
  else if (spec.heartRateBpm < 60) signs.unshift('sinus-bradycardia');
  return {
    rhythm: spec.rhythm,
    heartRateBpm: 60000 / meanRrMs,
    rrIntervalsMs,
    qrsOnsets: inside,
    prMs: model.prMs,
    qrsMs: model.qrsMs,
    qtMs: model.qtMs,
    qtcMs: model.qtMs / Math.sqrt(meanRrMs / 1000),
    stDeviationMv,
    signs,
  };
}

/** float32 leads in catalogue order; the four derived limb leads computed from the float32 I and II. */
function toRecordingLeads(leads: Record<IndependentLead, Float64Array>): EcgLead[] {
  const n = leads.I.length;
  const out = {} as Record<EcgLeadName, Float32Array>;
  for (const name of INDEPENDENT_LEADS) out[name] = Float32Array.from(leads[name]);
  out.III = new Float32Array(n);
  out.aVR = new Float32Array(n);
  out.aVL = new Float32Array(n);
  out.aVF = new Float32Array(n);
  deriveLimbLeads(out.I, out.II, out);
  return ECG_LEAD_NAMES.map((name) => ({ name, samples: out[name] }));
}

/**
 * Generates one 12-lead ECG (mV; 500 Hz × 10 s unless the spec says otherwise) and its ground truth.
 * Draws one number from `rng` and derives its own streams from it (morphology, rhythm, atrial activity, noise), so
 * the same `rng` state gives the same record, and the noise never shifts the cardiac signal.
 * @param rng - Seeded random source; advanced by one draw.
 * @param spec - Rhythm, rate, disease signs and potassium; throws RangeError for values outside physiology.
 * @param options - `noiseFree` leaves out the acquisition noise.
 */
export function generateEcg(rng: Random, spec: EcgSynthSpec, options: EcgGenerationOptions = {}): GeneratedEcg {
  const samplingRateHz = spec.samplingRateHz ?? 500;
  const durationS = spec.durationS ?? 10;
  validate(spec, samplingRateHz, durationS);
  const key = rng.nextUint32();
  const stream = (label: string) => new Random(`ecg/${key}/${label}`);
  const n = Math.round(samplingRateHz * durationS);

  const model = buildBeatModel(stream('morphology'), spec);
  const respiration = drawRespiration(stream('respiration'), spec);
  const plan = planBeats(stream('rhythm'), spec, respiration, durationS * 1000, model.qtMs, model.prMs ?? 0);
  const leads = {} as Record<IndependentLead, Float64Array>;
  for (const name of INDEPENDENT_LEADS) leads[name] = new Float64Array(n);
  const onsets = placeBeats(model, plan, samplingRateHz, leads);
  if (spec.rhythm === 'atrial-fibrillation') addFibrillatoryWaves(stream('atrial'), samplingRateHz, leads);
  if (options.noiseFree !== true) addAcquisitionNoise(stream('noise'), samplingRateHz, respiration, leads);

  return {
    recording: { samplingRateHz, leads: toRecordingLeads(leads), provenance: { source: 'synthetic', references: [] } },
    truth: buildTruth(spec, model, onsets, samplingRateHz, n, 60000 / spec.heartRateBpm),
  };
}

/**
 * Amplitudes read off the median beat of measureEcg (band-passed 0.5–45 Hz, mV): QRS voltage for left ventricular
 * hypertrophy (Sokolow-Lyon) and the T-wave height for hyperkalaemia. Each is measured against the PR-segment level,
 * the mean of the 20 ms before QRS onset, as ST deviation is.
 */
import type { EcgLeadName } from '../../shared';
import type { EcgMeasurementResult } from '../../signal/ecg';

/** Length of the PR-segment window the baseline is averaged over, seconds. */
const BASELINE_WINDOW_S = 0.02;

/** A lead's amplitude, mV. */
export interface LeadAmplitude {
  lead: EcgLeadName;
  mv: number;
}

/**
 * Sokolow-Lyon voltage: S depth in V1 plus the taller R of V5 and V6, mV, between QRS onset and offset
 * (Sokolow & Lyon, Am Heart J 1949; > 3.5 mV suggests left ventricular hypertrophy).
 *
 * @returns undefined without a delineated QRS, V1, or both V5 and V6
 */
export function sokolowLyonMv(measurement: EcgMeasurementResult): number | undefined {
  const beat = measurement.medianBeat;
  if (!beat || beat.qrsOnset === undefined || beat.qrsOffset === undefined) return undefined;
  const { qrsOnset, qrsOffset } = beat;
  const window = (lead: EcgLeadName) => extremes(measurement, lead, qrsOnset, qrsOffset);
  const v1 = window('V1');
  const rV5 = window('V5');
  const rV6 = window('V6');
  if (!v1 || (!rV5 && !rV6)) return undefined;
  const sV1 = Math.max(0, -v1.min);
  return sV1 + Math.max(0, rV5?.max ?? 0, rV6?.max ?? 0);
}

/**
 * The tallest T wave among the given leads (highest point between QRS offset and T end above the PR level), mV.
 *
 * @returns undefined without QRS offset and T end, or when none of the leads is in the median beat
 */
export function maxTWaveAmplitude(
  measurement: EcgMeasurementResult,
  leads: readonly EcgLeadName[],
): LeadAmplitude | undefined {
  const beat = measurement.medianBeat;
  if (!beat || beat.qrsOffset === undefined || beat.tEnd === undefined) return undefined;
  let best: LeadAmplitude | undefined;
  for (const lead of leads) {
    const range = extremes(measurement, lead, beat.qrsOffset, beat.tEnd);
    if (range && (best === undefined || range.max > best.mv)) best = { lead, mv: range.max };
  }
  return best;
}

/** Min and max of a lead's median beat over [from, to] relative to its PR level, or undefined without the lead. */
function extremes(
  measurement: EcgMeasurementResult,
  lead: EcgLeadName,
  from: number,
  to: number,
): { min: number; max: number } | undefined {
  const beat = measurement.medianBeat;
  const x = beat?.leads[lead];
  if (!beat || !x || beat.qrsOnset === undefined) return undefined;
  const baseline = prLevel(x, beat.qrsOnset, Math.round(BASELINE_WINDOW_S * measurement.samplingRateHz));
  let min = Infinity;
  let max = -Infinity;
  for (let i = Math.max(0, from); i <= Math.min(to, x.length - 1); i++) {
    const v = (x[i] as number) - baseline;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return Number.isFinite(min) && Number.isFinite(max) ? { min, max } : undefined;
}

function prLevel(x: Float32Array, qrsOnset: number, samples: number): number {
  const from = Math.max(0, qrsOnset - Math.max(1, samples));
  let sum = 0;
  let n = 0;
  for (let i = from; i <= qrsOnset && i < x.length; i++) {
    sum += x[i] as number;
    n++;
  }
  return n > 0 ? sum / n : 0;
}

/**
 * The ECG features compared between synthetic and real records, all measured by src/signal's measureEcg so that
 * both sides go through the same code.
 *
 * R amplitude of a lead: on measureEcg's median beat of that lead (0.5–45 Hz band-passed, mV), the maximum within
 * the global QRS (onset to offset) minus the PR-segment level, the mean over 24 to 6 ms before QRS onset (the
 * window measureEcg uses as the ST baseline). A QRS with no positive deflection above that level (QS) has R = 0.
 * The band-pass lowers a narrow R by a few percent on both sides alike.
 */
import { measureEcg, type EcgMeasurementResult } from '../../signal/ecg';
import type { EcgLeadName, EcgRecording } from '../../shared';

export interface EcgFeatures {
  rAmplitudeIIMv?: number;
  rAmplitudeV5Mv?: number;
  qrsMs?: number;
  heartRateBpm?: number;
}

/** PR-segment baseline window before QRS onset, seconds. */
const BASELINE_FROM_S = 0.024;
const BASELINE_TO_S = 0.006;

/**
 * R amplitude of `lead` on the median beat; undefined when measureEcg found no median beat, no QRS bounds, or
 * the lead is missing.
 * @param measured - measureEcg's result for the record
 */
export function rAmplitudeMv(measured: EcgMeasurementResult, lead: EcgLeadName): number | undefined {
  const beat = measured.medianBeat;
  const x = beat?.leads[lead];
  if (!beat || !x || beat.qrsOnset === undefined || beat.qrsOffset === undefined) return undefined;
  const fs = measured.samplingRateHz;
  const from = Math.max(0, beat.qrsOnset - Math.round(BASELINE_FROM_S * fs));
  const to = Math.max(from + 1, beat.qrsOnset - Math.round(BASELINE_TO_S * fs));
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i] as number;
  const baseline = sum / (to - from);
  let peak = -Infinity;
  for (let i = beat.qrsOnset; i <= beat.qrsOffset && i < x.length; i++) peak = Math.max(peak, x[i] as number);
  return Math.max(0, peak - baseline);
}

/** Measures a record and picks the compared features (undefined where measureEcg could not measure). */
export function measureEcgFeatures(recording: EcgRecording): EcgFeatures {
  const measured = measureEcg(recording);
  const features: EcgFeatures = {};
  const rII = rAmplitudeMv(measured, 'II');
  const rV5 = rAmplitudeMv(measured, 'V5');
  if (rII !== undefined) features.rAmplitudeIIMv = rII;
  if (rV5 !== undefined) features.rAmplitudeV5Mv = rV5;
  if (measured.qrsMs !== undefined) features.qrsMs = measured.qrsMs;
  if (measured.heartRateBpm !== undefined) features.heartRateBpm = measured.heartRateBpm;
  return features;
}

/**
 * Beat timing. Sinus rhythm: the mean RR of the spec's rate, modulated by respiratory sinus arrhythmia (RSA, at the
 * breathing rate, larger in the young and at slow rates), a 0.1 Hz Mayer-wave component and a little beat-to-beat
 * jitter (PTB-XL NORM records measured with numpy: RR coefficient of variation median 0.033, IQR 0.021–0.053).
 * Atrial fibrillation: independent log-normal RR intervals ("irregularly irregular"), coefficient of variation drawn
 * from 0.15–0.30 (PTB-XL AFIB: median 0.215, IQR 0.16–0.23), never shorter than 250 ms.
 */
import type { EcgSynthSpec } from '../types';
import type { Random } from '../random';

export interface Respiration {
  rateHz: number;
  /** Phase at time 0, radians. */
  phase: number;
}

export interface BeatPlan {
  /** QRS onset times, ms from the start of the record, increasing; the first ones may be negative. */
  onsetsMs: number[];
  /** Per-beat amplitude factor (respiratory movement of the heart against the electrodes). */
  amplitudeScales: number[];
}

/** Breathing 9–20 breaths/min at rest, faster with fever-driven or septic tachycardia. */
export function drawRespiration(rng: Random, spec: EcgSynthSpec): Respiration {
  const base = rng.uniform(0.15, 0.3);
  const rateHz = spec.heartRateBpm > 100 ? Math.min(0.45, base + 0.002 * (spec.heartRateBpm - 100)) : base;
  return { rateHz, phase: rng.uniform(0, 2 * Math.PI) };
}

function sinusMultipliers(
  rng: Random,
  spec: EcgSynthSpec,
  respiration: Respiration,
  rrMs: number,
  count: number,
): number[] {
  const ageFactor = Math.min(1, Math.max(0.3, 1 - (spec.ageYears - 20) / 100));
  const rateFactor = Math.min(1, Math.max(0.1, (110 - spec.heartRateBpm) / 45));
  const rsa = 0.055 * ageFactor * rateFactor * rng.logNormal(1, 0.45);
  const mayer = 0.4 * rsa * rng.uniform(0.3, 1);
  const mayerPhase = rng.uniform(0, 2 * Math.PI);
  const jitter = 0.01 * rng.logNormal(1, 0.3);
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    const tS = (k * rrMs) / 1000;
    out.push(
      1 +
        rsa * Math.sin(2 * Math.PI * respiration.rateHz * tS + respiration.phase) +
        mayer * Math.sin(2 * Math.PI * 0.1 * tS + mayerPhase) +
        rng.normal(0, jitter),
    );
  }
  return out;
}

function fibrillationMultipliers(rng: Random, rrMs: number, count: number): number[] {
  const cv = rng.uniform(0.15, 0.3);
  const sdLog = Math.sqrt(Math.log(1 + cv * cv));
  const lowest = Math.max(0.5, 250 / rrMs);
  const out: number[] = [];
  for (let k = 0; k < count; k++)
    out.push(Math.min(2, Math.max(lowest, rng.logNormal(1, sdLog) / Math.exp((sdLog * sdLog) / 2))));
  return out;
}

/**
 * QRS onset times covering the record and the beats just outside it whose P or T waves reach into it: from
 * `-(leadInMs)` to `durationMs + leadOutMs`. The RR multipliers are normalised to mean 1 so the record's rate is
 * the spec's on average.
 */
export function planBeats(
  rng: Random,
  spec: EcgSynthSpec,
  respiration: Respiration,
  durationMs: number,
  leadInMs: number,
  leadOutMs: number,
): BeatPlan {
  const rrMs = 60000 / spec.heartRateBpm;
  const first = -leadInMs - rng.uniform(0, rrMs);
  const count = Math.ceil((durationMs + leadOutMs - first) / rrMs) + 3;
  const multipliers =
    spec.rhythm === 'sinus'
      ? sinusMultipliers(rng, spec, respiration, rrMs, count)
      : fibrillationMultipliers(rng, rrMs, count);
  const mean = multipliers.reduce((s, m) => s + m, 0) / count;
  const amplitudeSwing = rng.uniform(0.02, 0.07);
  const amplitudePhase = respiration.phase + rng.uniform(-0.5, 0.5);
  const onsetsMs: number[] = [];
  const amplitudeScales: number[] = [];
  let t = first;
  for (let k = 0; k < count && t <= durationMs + leadOutMs; k++) {
    onsetsMs.push(t);
    amplitudeScales.push(1 + amplitudeSwing * Math.sin((2 * Math.PI * respiration.rateHz * t) / 1000 + amplitudePhase));
    t += (rrMs * (multipliers[k] as number)) / mean;
  }
  return { onsetsMs, amplitudeScales };
}

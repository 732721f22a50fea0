/**
 * Helpers for the ECG generator's tests: specs, lead access and beat-averaged measurements made on the output
 * samples (not on the model), so the tests check the signal a reader of the recording would see.
 */
import type { EcgLeadName, EcgRecording } from '../../shared';
import type { EcgSynthSpec, GeneratedEcg } from '../types';
import { Random } from '../random';
import { generateEcg } from './generate-ecg';

/** A resting adult man's spec (sinus, 70 bpm, normokalaemic, no LVH or ischaemia) with `overrides` applied. */
export function ecgSpec(overrides: Partial<EcgSynthSpec> = {}): EcgSynthSpec {
  return {
    sex: 'male',
    ageYears: 55,
    rhythm: 'sinus',
    heartRateBpm: 70,
    lvh: false,
    lvhStrain: false,
    potassiumMeqL: 4.2,
    ...overrides,
  };
}

/** `count` records for seeds `label/0…count-1`, alternating sex and spreading age over 30–85. */
export function cohort(
  label: string,
  count: number,
  overrides: Partial<EcgSynthSpec>,
  noiseFree = true,
): GeneratedEcg[] {
  return Array.from({ length: count }, (_, i) =>
    generateEcg(
      new Random(`${label}/${i}`),
      ecgSpec({ sex: i % 2 === 0 ? 'male' : 'female', ageYears: 30 + ((i * 17) % 56), ...overrides }),
      { noiseFree },
    ),
  );
}

/** The samples of the named lead; throws when the recording lacks it. */
export function samplesOf(recording: EcgRecording, name: EcgLeadName): Float32Array {
  const lead = recording.leads.find((l) => l.name === name);
  if (lead === undefined) throw new Error(`test: lead ${name} missing`);
  return lead.samples;
}

/** Mean over the truth's beats of the lead at `offsetMs` from each QRS onset (beats whose sample is inside). */
export function beatMeanAt(ecg: GeneratedEcg, name: EcgLeadName, offsetMs: number): number {
  const samples = samplesOf(ecg.recording, name);
  const shift = Math.round((offsetMs * ecg.recording.samplingRateHz) / 1000);
  const values = ecg.truth.qrsOnsets.map((s) => samples[s + shift]).filter((v): v is number => v !== undefined);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** The beat-averaged waveform of a lead over [fromMs, toMs] around the QRS onsets (beats fully inside only). */
export function averagedBeat(ecg: GeneratedEcg, name: EcgLeadName, fromMs: number, toMs: number): number[] {
  const fs = ecg.recording.samplingRateHz;
  const samples = samplesOf(ecg.recording, name);
  const from = Math.round((fromMs * fs) / 1000);
  const to = Math.round((toMs * fs) / 1000);
  const onsets = ecg.truth.qrsOnsets.filter((s) => s + from >= 0 && s + to < samples.length);
  const out: number[] = [];
  for (let k = from; k <= to; k++)
    out.push(onsets.reduce((sum, s) => sum + (samples[s + k] as number), 0) / onsets.length);
  return out;
}

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Population SD / mean. */
export function coefficientOfVariation(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return Math.sqrt(variance) / mean;
}

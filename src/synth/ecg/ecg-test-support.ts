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

/** The kinds of record in the measurement check, 40 of each among its 200 records (record i is of kind i mod 5). */
export const MEASUREMENT_CHECK_KINDS = ['sinus', 'af', 'lvh', 'hyperkalaemia', 'ischaemia'] as const;
export type MeasurementCheckKind = (typeof MEASUREMENT_CHECK_KINDS)[number];

const TERRITORIES = ['anterior', 'inferior', 'lateral'] as const;
const ISCHAEMIA_KINDS = ['st-elevation', 'st-depression', 'q-waves'] as const;

/**
 * Record `index` (0–199) of the check of src/signal's measureEcg against the generator's truth, with acquisition
 * noise: sinus rhythm at 50–130 bpm, atrial fibrillation at 60–140 bpm, LVH (half with strain), hyperkalaemia
 * (K 5.6–8.1 mEq/L) or ischaemia (ischaemia record k of the 40 has territory k mod 3 and kind ⌊k / 3⌋ mod 3, so
 * all nine territory × kind pairs occur). Each record has its own seed (`prefix/index`), so that any range of the
 * records can be generated alone, in any order.
 */
export function measurementCheckEcg(
  prefix: string,
  index: number,
): { kind: MeasurementCheckKind; spec: EcgSynthSpec; ecg: GeneratedEcg } {
  const rng = new Random(`${prefix}/${index}`);
  const kind = MEASUREMENT_CHECK_KINDS[index % MEASUREMENT_CHECK_KINDS.length] as MeasurementCheckKind;
  const spec: EcgSynthSpec = {
    sex: rng.bernoulli(0.5) ? 'male' : 'female',
    ageYears: rng.int(30, 89),
    rhythm: kind === 'af' ? 'atrial-fibrillation' : 'sinus',
    heartRateBpm: kind === 'af' ? rng.uniform(60, 140) : rng.uniform(50, 130),
    lvh: kind === 'lvh',
    lvhStrain: kind === 'lvh' && rng.bernoulli(0.5),
    potassiumMeqL: kind === 'hyperkalaemia' ? rng.uniform(5.6, 8.1) : rng.uniform(3.8, 5),
  };
  if (kind === 'ischaemia') {
    const k = Math.floor(index / MEASUREMENT_CHECK_KINDS.length);
    spec.ischaemia = {
      territory: TERRITORIES[k % 3] as (typeof TERRITORIES)[number],
      kind: ISCHAEMIA_KINDS[Math.floor(k / 3) % 3] as (typeof ISCHAEMIA_KINDS)[number],
    };
  }
  return { kind, spec, ecg: generateEcg(rng, spec) };
}

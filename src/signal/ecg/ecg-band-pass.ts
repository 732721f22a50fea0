/**
 * The zero-phase band-pass every ECG measurement starts from: 0.5 Hz high-pass (baseline wander) and 45 Hz
 * low-pass (mains hum at 50 and 60 Hz and most muscle noise), applied in the frequency domain.
 *
 * Why these corners: a zero-phase high-pass up to about 0.67 Hz leaves the ST segment undistorted (AHA/ACCF/HRS
 * 2007 recommendations for ECG standardisation, part I: the 0.05 Hz limit applies to causal filters only), and
 * interval and ST measurements need nothing above 40 Hz; a low-pass below 50 Hz removes hum at either mains
 * frequency without having to know which one the recording site used. Both edges are raised-cosine tapers rather
 * than brick walls, so that the filter rings little in time.
 *
 * The record is extended at both ends by odd reflection (x[−k] = 2·x[0] − x[k], as SciPy's `filtfilt` pads), so
 * that the circular FFT sees no step where the record's ends meet.
 */
import { createRealFftPlan, type RealFftPlan } from '../fft';

/** High-pass taper: 0 below 0.2 Hz, 1 above 0.8 Hz (half power near 0.5 Hz). */
const HIGH_PASS_STOP_HZ = 0.2;
const HIGH_PASS_PASS_HZ = 0.8;
/** Low-pass taper: 1 below 40 Hz, 0 above 48 Hz, so both 50 and 60 Hz hum are removed. */
const LOW_PASS_PASS_HZ = 40;
const LOW_PASS_STOP_HZ = 48;
/** Reflected padding at each end, seconds: longer than the high-pass taper's ringing (about 1/0.6 Hz). */
const PADDING_S = 1.5;

/** A band-pass filter for one record length and sampling rate, with its buffers. */
export interface EcgBandPass {
  readonly length: number;
  /** Filters `input` (`length` samples, all finite) into `output` (may be the same array). */
  apply(input: ArrayLike<number>, output: Float64Array): void;
}

/**
 * Creates the band-pass for records of `length` samples at `samplingRateHz`.
 *
 * @param length - samples per lead, ≥ 2
 * @param samplingRateHz - Hz, > 0
 */
export function createEcgBandPass(length: number, samplingRateHz: number): EcgBandPass {
  const padding = Math.min(length - 1, Math.round(PADDING_S * samplingRateHz));
  const fftLength = smoothLength(length + 2 * padding);
  const plan = createRealFftPlan(fftLength);
  const gain = bandGain(plan, samplingRateHz);
  const buffer = new Float64Array(fftLength);
  const re = new Float64Array(plan.bins);
  const im = new Float64Array(plan.bins);
  return {
    length,
    apply(input, output) {
      const first = input[0]!;
      const last = input[length - 1]!;
      for (let k = 0; k < padding; k++) buffer[k] = 2 * first - input[padding - k]!;
      // Typed-array copies are memcpy; a plain array-like is copied value by value.
      if (input instanceof Float64Array) buffer.set(input.subarray(0, length), padding);
      else for (let i = 0; i < length; i++) buffer[padding + i] = input[i]!;
      // The right-hand padding fills the rest of the FFT frame, reflecting as far as the record allows.
      const right = fftLength - padding - length;
      for (let k = 0; k < right; k++) buffer[padding + length + k] = 2 * last - input[length - 2 - (k % (length - 1))]!;
      plan.forward(buffer, re, im);
      for (let k = 0; k < plan.bins; k++) {
        re[k]! *= gain[k]!;
        im[k]! *= gain[k]!;
      }
      plan.inverse(re, im, buffer);
      output.set(buffer.subarray(padding, padding + length));
    },
  };
}

function bandGain(plan: RealFftPlan, samplingRateHz: number): Float64Array {
  const gain = new Float64Array(plan.bins);
  const binHz = samplingRateHz / plan.length;
  for (let k = 0; k < plan.bins; k++) {
    gain[k] =
      taper(k * binHz, HIGH_PASS_STOP_HZ, HIGH_PASS_PASS_HZ) *
      (1 - taper(k * binHz, LOW_PASS_PASS_HZ, LOW_PASS_STOP_HZ));
  }
  return gain;
}

/** 0 below `from`, 1 above `to`, a raised cosine between. */
function taper(f: number, from: number, to: number): number {
  if (f <= from) return 0;
  if (f >= to) return 1;
  return 0.5 - 0.5 * Math.cos((Math.PI * (f - from)) / (to - from));
}

/**
 * The smallest multiple of 4, n' ≥ n, whose prime factors are 2, 3 and 5: where the FFT runs fastest (an even length
 * runs as a half-length complex transform, radix 4 first).
 */
function smoothLength(n: number): number {
  for (let m = Math.ceil(n / 4) * 4; ; m += 4) {
    let rest = m;
    for (const p of [2, 3, 5]) while (rest % p === 0) rest /= p;
    if (rest === 1) return m;
  }
}

/**
 * FFT resampling with the semantics of `scipy.signal.resample(x, num)` (SciPy 1.17, real input, no window): the
 * spectrum is truncated (down-sampling) or zero-padded (up-sampling) and transformed back, which is the ideal
 * low-pass filter at the lower of the two Nyquist frequencies. It treats the signal as periodic, so the first and
 * last few samples of a record whose ends differ carry some wrap-around ringing, exactly as SciPy's do.
 *
 * MedTVT-R1 prepares ECGs this way (PTB-XL 500 Hz × 5000 → 100 Hz × 1000); matching SciPy keeps our inputs equal to
 * those the paper's encoder was trained on.
 */
import type { EcgRecording } from '../shared';
import { createRealFftPlan } from './fft';

/**
 * Resamples `x` to `targetLength` samples over the same duration, as `scipy.signal.resample(x, targetLength)`.
 *
 * Non-finite samples (NaN where a WFDB file marked a sample invalid, ±Infinity) are set to 0 first, as the
 * MedTVT-R1 preprocessing does (`np.nan_to_num` before resampling): a single NaN would otherwise spread over every
 * output sample through the FFT. In mV signals this reads a missing sample as the isoelectric line.
 *
 * Even lengths get SciPy's treatment of the unpaired bin at m/2 (m = min(n, targetLength)): it is doubled when
 * down-sampling (it stands for the pair ±m/2 of the input) and halved when up-sampling (it is split into that pair).
 *
 * @param x - the signal, any length ≥ 1
 * @param targetLength - the number of output samples, an integer ≥ 1
 * @returns a new array of `targetLength` samples, computed in float64 and stored as float32
 * @throws RangeError when `x` is empty or `targetLength` is not a positive integer
 */
export function resampleFft(x: Float32Array, targetLength: number): Float32Array {
  const n = x.length;
  if (n === 0) throw new RangeError('resampleFft: the input signal is empty');
  if (!Number.isInteger(targetLength) || targetLength < 1) {
    throw new RangeError(`resampleFft: target length must be a positive integer, got ${targetLength}`);
  }

  const input = scratch(0, n);
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    // v − v is 0 for finite v and NaN for NaN and ±Infinity (and, unlike Number.isFinite, stays fast under jest's vm).
    input[i] = v - v === 0 ? v : 0;
  }
  if (targetLength === n) return new Float32Array(input);

  const source = createRealFftPlan(n);
  const re = scratch(1, source.bins);
  const im = scratch(2, source.bins);
  source.forward(input, re, im);

  const target = createRealFftPlan(targetLength);
  const outRe = scratch(3, target.bins);
  const outIm = scratch(4, target.bins);
  const m = Math.min(n, targetLength);
  const kept = Math.floor(m / 2) + 1;
  // irfft divides by targetLength; SciPy scales by targetLength / n so amplitudes are kept.
  const scale = targetLength / n;
  for (let k = 0; k < kept; k++) {
    outRe[k] = re[k]! * scale;
    outIm[k] = im[k]! * scale;
  }
  // Zero-padding when up-sampling: the bins above the input's are 0.
  outRe.fill(0, kept);
  outIm.fill(0, kept);
  if (m % 2 === 0) {
    const factor = targetLength < n ? 2 : 0.5;
    outRe[m / 2]! *= factor;
    outIm[m / 2]! *= factor;
  }

  const out = scratch(5, targetLength);
  target.inverse(outRe, outIm, out);
  return new Float32Array(out);
}

/**
 * Work arrays reused from call to call (a 12-lead ECG resamples twelve leads of one length): slot `slot` holds a
 * view of exactly `length` values. Arrays are grown, never shrunk, and only up to SCRATCH_KEEP values are kept.
 */
const scratchSlots: Float64Array[] = [];
const SCRATCH_KEEP = 1 << 16;

function scratch(slot: number, length: number): Float64Array {
  if (length > SCRATCH_KEEP) return new Float64Array(length);
  let buffer = scratchSlots[slot];
  if (buffer === undefined || buffer.length < length) {
    buffer = new Float64Array(Math.min(SCRATCH_KEEP, Math.max(length, 2 * (buffer?.length ?? 0))));
    scratchSlots[slot] = buffer;
  }
  return buffer.subarray(0, length);
}

/**
 * The recording at `targetHz`, each lead resampled with {@link resampleFft} to round(length · targetHz / rate)
 * samples, so the duration is kept (to within one output sample when the ratio is not exact). Missing (NaN)
 * samples become 0 mV, as documented on resampleFft. Other fields are carried over unchanged.
 *
 * @param recording - the ECG to resample
 * @param targetHz - the new sampling rate, finite and > 0 (100 Hz for the model input)
 * @throws RangeError when `targetHz` is not a finite positive number
 */
export function resampleEcg(recording: EcgRecording, targetHz: number): EcgRecording {
  if (!Number.isFinite(targetHz) || targetHz <= 0) {
    throw new RangeError(`resampleEcg: target rate must be a positive number of Hz, got ${targetHz}`);
  }
  const ratio = targetHz / recording.samplingRateHz;
  return {
    ...recording,
    samplingRateHz: targetHz,
    leads: recording.leads.map((lead) => ({
      name: lead.name,
      samples:
        lead.samples.length === 0
          ? new Float32Array(0)
          : resampleFft(lead.samples, Math.max(1, Math.round(lead.samples.length * ratio))),
    })),
  };
}

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

  const input = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    // v − v is 0 for finite v and NaN for NaN and ±Infinity (and, unlike Number.isFinite, stays fast under jest's vm).
    input[i] = v - v === 0 ? v : 0;
  }
  if (targetLength === n) return Float32Array.from(input);

  const source = createRealFftPlan(n);
  const re = new Float64Array(source.bins);
  const im = new Float64Array(source.bins);
  source.forward(input, re, im);

  const target = createRealFftPlan(targetLength);
  const outRe = new Float64Array(target.bins);
  const outIm = new Float64Array(target.bins);
  const m = Math.min(n, targetLength);
  const kept = Math.floor(m / 2) + 1;
  // irfft divides by targetLength; SciPy scales by targetLength / n so amplitudes are kept.
  const scale = targetLength / n;
  for (let k = 0; k < kept; k++) {
    outRe[k] = re[k]! * scale;
    outIm[k] = im[k]! * scale;
  }
  if (m % 2 === 0) {
    const factor = targetLength < n ? 2 : 0.5;
    outRe[m / 2]! *= factor;
    outIm[m / 2]! *= factor;
  }

  const out = new Float64Array(targetLength);
  target.inverse(outRe, outIm, out);
  return Float32Array.from(out);
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

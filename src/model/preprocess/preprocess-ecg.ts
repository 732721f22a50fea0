/**
 * 12-lead ECG → `ecg [12, 1000]` float32, mV, 100 Hz, leads in MODEL_LEAD_ORDER, as the MedTVT-R1 reference code
 * prepares it (`process_and_save_tensors.py::get_ecg`: 12 × 5000 at 500 Hz, `scipy.signal.resample(x, 1000)` per
 * lead, NaN → 0, no amplitude normalisation).
 */
import { MODEL_LEAD_ORDER, ModelInputError, type EcgLead, type EcgRecording } from '../../shared';
import { resampleFft } from '../../signal/resample';

/** The ECG preparation parameters; the model package's `inputs.ecg` carries the same values. */
export interface EcgPreprocessing {
  /** Length of the window taken from the start of the recording, in seconds. */
  windowSeconds: number;
  /** Samples per lead in the model input (1000 over 10 s: 100 Hz). */
  samples: number;
}

/** The paper's values: the first 10 s at 100 Hz. */
export const ECG_PREPROCESSING: EcgPreprocessing = { windowSeconds: 10, samples: 1000 };

/** The model input of one ECG and what was wrong with the recording. */
export interface PreprocessedEcg {
  /** `[12, samples]` float32, mV, row-major, leads in MODEL_LEAD_ORDER. */
  tensor: Float32Array;
  /** One plain sentence per problem (missing lead, short lead, missing samples); no signal values. */
  issues: string[];
}

/** Number of non-finite samples in the first `n` of `x`. */
function countNonFinite(x: Float32Array, n: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v - v !== 0) count++;
  }
  return count;
}

/**
 * Prepares a 12-lead ECG for the ECG encoder, at any sampling rate.
 *
 * Each lead is taken by NAME (the recording may hold its leads in any order) and placed in MODEL_LEAD_ORDER. Its
 * first `windowSeconds` (round(windowSeconds · rate) samples: 5000 at 500 Hz, 3600 at 360 Hz) are resampled by FFT to
 * `samples` samples with `scipy.signal.resample` semantics, NaN and ±Infinity samples first set to 0 mV. Values stay
 * in mV.
 *
 * Decisions where the reference code, which only ever saw complete 10 s records, has none:
 * - a lead shorter than the window is resampled over its own length, to round(length · samples / window) samples,
 *   and zero-padded at the end (zeros after resampling, so the padding stays exactly 0 and does not ring into the
 *   signal); the issue names the lead and its duration;
 * - a missing (or empty) lead is all zeros, and the issue names it;
 * - a lead name that appears twice: the first is used, and the issue says so.
 *
 * @param recording - the ECG, in mV
 * @param options - preparation parameters, the paper's by default
 * @throws ModelInputError when the sampling rate is not a positive finite number
 */
export function preprocessEcg(recording: EcgRecording, options: EcgPreprocessing = ECG_PREPROCESSING): PreprocessedEcg {
  const rate = recording.samplingRateHz;
  if (!(rate > 0) || !Number.isFinite(rate)) {
    throw new ModelInputError('ecg', `sampling rate must be a positive number of Hz, got ${rate}`);
  }
  const { samples } = options;
  const window = Math.max(1, Math.round(options.windowSeconds * rate));
  const tensor = new Float32Array(MODEL_LEAD_ORDER.length * samples);
  const issues: string[] = [];

  const byName = new Map<string, EcgLead>();
  for (const lead of recording.leads) {
    if (byName.has(lead.name)) {
      issues.push(`lead ${lead.name} appears more than once; the first was used`);
      continue;
    }
    byName.set(lead.name, lead);
  }

  MODEL_LEAD_ORDER.forEach((name, row) => {
    const lead = byName.get(name);
    if (!lead || lead.samples.length === 0) {
      issues.push(`lead ${name} is missing; its input is zeros`);
      return;
    }
    const taken = Math.min(lead.samples.length, window);
    const nonFinite = countNonFinite(lead.samples, taken);
    if (nonFinite > 0) issues.push(`lead ${name}: ${nonFinite} missing or non-finite samples were set to 0 mV`);

    const windowed = lead.samples.subarray(0, taken);
    if (taken === window) {
      tensor.set(resampleFft(windowed, samples), row * samples);
      return;
    }
    const length = Math.min(samples, Math.max(1, Math.round((taken * samples) / window)));
    tensor.set(resampleFft(windowed, length), row * samples);
    issues.push(
      `lead ${name} lasts ${(taken / rate).toFixed(2)} s, shorter than ${options.windowSeconds} s; ` +
        'zero-padded at the end',
    );
  });
  return { tensor, issues };
}

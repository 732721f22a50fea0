/**
 * One synthetic admission prepared for training: the model tensors (ECG, CXR compacted to one channel), the lab
 * panel (vectorised later, with the train-split ECDF), the disease labels and the encoders' auxiliary targets.
 * Plain data and typed arrays only, so that it crosses worker threads as a structured clone.
 */
import type { LabPanel } from '../../shared';
import { CXR_PREPROCESSING, preprocessCxr } from '../../model/preprocess/preprocess-cxr';
import { preprocessEcg } from '../../model/preprocess/preprocess-ecg';
import { generateAdmission } from '../../synth/admission/generate-admission';
import type { PrevalenceName } from '../../synth/admission/synthetic-admission';
import { TrainingError } from '../engine/training-error';
import { cxrTargets, ecgTargets } from './encoder-targets';

/** CXR side after preprocessing. */
export const CXR_SIDE = 224;
export const CXR_PIXELS = CXR_SIDE * CXR_SIDE;
/** ECG values per record: 12 leads × 1000 samples. */
export const ECG_VALUES = 12 * 1000;

export interface SyntheticExample {
  index: number;
  patientId: string;
  /** 0/1 in DISEASE_IDS order. */
  labels: Float32Array;
  /** [12, 1000] float32, mV, MODEL_LEAD_ORDER. */
  ecg: Float32Array;
  /**
   * Channel 0 of the preprocessed `[3, 224, 224]` CXR ((grey − mean₀) / std₀). A synthetic film is greyscale, so
   * the other two channels follow from it (expandCxr); one channel keeps a 5,000-patient cohort near 1 GB.
   */
  cxr: Float32Array;
  labs: LabPanel;
  ecgTargets: Float32Array;
  cxrTargets: Float32Array;
}

/** Generation settings of a training cohort. */
export interface ExampleJob {
  seed: number | string;
  prevalence?: PrevalenceName;
}

/**
 * Generates admission `index` of the cohort with all three modalities and prepares it.
 *
 * @throws TrainingError when a modality is missing (allModalities should prevent it)
 */
export function makeSyntheticExample(job: ExampleJob, index: number): SyntheticExample {
  const admission = generateAdmission(job.seed, index, {
    allModalities: true,
    ...(job.prevalence ? { prevalence: job.prevalence } : {}),
  });
  const { ecg, cxr, labs } = admission.record;
  if (!ecg || !cxr || !labs || !admission.ecg || !admission.cxr) {
    throw new TrainingError(`synthetic admission ${index} of seed ${String(job.seed)} lacks a modality`);
  }
  const ecgTensor = preprocessEcg(ecg).tensor;
  const cxrTensor = preprocessCxr(cxr, CXR_PREPROCESSING);
  return {
    index,
    patientId: admission.ids.patient,
    labels: Float32Array.from(admission.labels),
    ecg: ecgTensor,
    cxr: cxrTensor.slice(0, CXR_PIXELS),
    labs,
    ecgTargets: ecgTargets(admission.ecg.truth),
    cxrTargets: cxrTargets(admission.cxr.truth),
  };
}

/**
 * Rebuilds rows of the `[3, 224, 224]` CXR tensor from stored channel 0: grey = x·std₀ + mean₀, then channel c =
 * (grey − mean_c) / std_c.
 *
 * @param channel0 - [rows × 224²]
 * @returns [rows × 3 × 224²]
 */
export function expandCxr(channel0: Float32Array, rows: number): Float32Array {
  const { mean, std } = CXR_PREPROCESSING;
  const out = new Float32Array(rows * 3 * CXR_PIXELS);
  for (let r = 0; r < rows; r++) {
    const source = r * CXR_PIXELS;
    const target = r * 3 * CXR_PIXELS;
    for (let i = 0; i < CXR_PIXELS; i++) {
      const x = channel0[source + i] as number;
      const grey = x * std[0] + mean[0];
      out[target + i] = x;
      out[target + CXR_PIXELS + i] = (grey - mean[1]) / std[1];
      out[target + 2 * CXR_PIXELS + i] = (grey - mean[2]) / std[2];
    }
  }
  return out;
}

import type { Modality, ModalityIssue, MultimodalRecord } from '../../shared';

/**
 * One record's tensors, one row each, without the batch axis. A modality left out is absent (zeros, mask 0).
 */
export interface RecordTensors {
  /** 12 × 1000 float32, mV, 100 Hz, leads in MODEL_LEAD_ORDER. */
  ecg?: Float32Array;
  /** 3 × 224 × 224 float32, ImageNet-normalised. */
  cxr?: Float32Array;
  /** 100 float32: ECDF percentiles then presence flags. */
  labs?: Float32Array;
  /** What preprocessing dropped, repaired or could not read. */
  issues: ModalityIssue[];
}

/**
 * Turns a record into model tensors, as the model package says (lead order, resize and crop, ECDF). The ONNX runtime
 * takes one so that preprocessing can be swapped (a worker pool, a test double) without touching inference.
 */
export interface RecordPreprocessor {
  /**
   * @param record - the patient's record
   * @param modalities - the modalities to prepare (others are left out even when the record has them)
   */
  preprocess(record: MultimodalRecord, modalities: readonly Modality[]): RecordTensors | Promise<RecordTensors>;
}

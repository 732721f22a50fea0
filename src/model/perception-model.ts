/**
 * The perception model port: what the CDS service, the agent tools and the evaluation see of the model, whatever
 * runs it (onnxruntime on cpu/cuda/webgpu today; a Triton server or a test double tomorrow).
 */
import type { DiseaseId, Modality, ModalityIssue, MultimodalRecord } from '../shared';

/** A dense float32 tensor on the host, row-major. The same shape as parameters at rest in src/training. */
export interface HostTensor {
  shape: number[];
  data: Float32Array;
}

/**
 * One batch of B rows for the perception graph, in the layouts of the model package contract.
 * Rows of an absent modality are zeros with that modality's mask column 0.
 */
export interface PerceptionInput {
  /** [B, 12, 1000] float32, mV, 100 Hz, leads in MODEL_LEAD_ORDER. */
  ecg: HostTensor;
  /** [B, 3, 224, 224] float32, ImageNet-normalised. */
  cxr: HostTensor;
  /** [B, 100] float32: 50 train-ECDF percentiles in [0, 1] in LABS order, then 50 presence flags (1 = present). */
  labs: HostTensor;
  /** [B, 3] float32 in MODALITIES order (ecg, cxr, labs), 1 = present, 0 = absent. */
  modalityMask: HostTensor;
}

/** The perception graph's outputs for one batch, plus how the batch was run. */
export interface PerceptionOutput {
  /** [B, 7] raw logits in DISEASE_IDS order (before temperature scaling). */
  logits: HostTensor;
  /** [B, 3] contribution-aware weights in MODALITIES order; ~0 for masked modalities. */
  modalityWeights: HostTensor;
  /** [B, 3, D] fused modality tokens. */
  tokens: HostTensor;
  run: {
    /** Milliseconds the rows waited in the micro-batching queue before their batch started. */
    queueMs: number;
    /** Milliseconds the batch spent in the inference session. */
    inferenceMs: number;
    /** Rows in the batch these rows ran in (≥ B when requests were batched together). */
    batchRows: number;
  };
}

/** The model's view of one disease for one patient. */
export interface DiseaseProbability {
  id: DiseaseId;
  /** The paper's exact answer string, from the model package. */
  display: string;
  logit: number;
  /** Calibrated: sigmoid(logit / temperature). */
  probability: number;
  /** Decision threshold chosen on validation, from the model package. */
  threshold: number;
  /** `probability >= threshold`. */
  likely: boolean;
}

/** The perception result for one patient record. */
export interface PerceptionResult {
  /** In DISEASE_IDS order. */
  diseases: DiseaseProbability[];
  /** Contribution weight per used modality (sums to ~1 over the used ones). */
  modalityWeights: Partial<Record<Modality, number>>;
  /** In MODALITIES order. */
  modalitiesUsed: Modality[];
  /** In MODALITIES order. */
  modalitiesMissing: Modality[];
  /** The record's issues, then those preprocessing raised, then one `absent` issue per missing modality not yet explained. */
  issues: ModalityIssue[];
  /** Milliseconds. */
  timings: { preprocessMs: number; inferenceMs: number; queueMs: number; totalMs: number };
  model: { name: string; version: string };
}

/** Options of {@link PerceptionModel.assess}. */
export interface AssessOptions {
  /** Modalities the model may use (default: all three); the others are treated as missing, e.g. for ablations. */
  modalities?: readonly Modality[];
}

/** A multimodal perception model. */
export interface PerceptionModel {
  /** Name and version from the model package. */
  readonly model: { name: string; version: string };
  /**
   * Preprocesses one patient's record and assesses the seven diseases.
   *
   * @throws ModelInputError when a tensor made from the record has the wrong shape or non-finite values, or when the
   *   record has no usable modality
   */
  assess(record: MultimodalRecord, options?: AssessOptions): Promise<PerceptionResult>;
  /**
   * Runs the perception graph on ready-made tensors.
   *
   * @throws ModelInputError naming the modality and the problem (shape, batch size, non-finite values, mask values)
   */
  infer(batch: PerceptionInput): Promise<PerceptionOutput>;
  /** Releases the model's resources; later calls fail. */
  close(): Promise<void>;
}

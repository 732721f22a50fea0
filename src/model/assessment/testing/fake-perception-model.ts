/**
 * A PerceptionModel test double: answers with the probabilities it was given instead of running a graph, and with
 * the modalities the record actually holds, so that tests of the assessor, the cards and the CDS service can set up
 * any clinical picture without a model package.
 */
import {
  DISEASE_IDS,
  getDisease,
  MODALITIES,
  ModelInputError,
  type DiseaseId,
  type Modality,
  type ModalityIssue,
  type MultimodalRecord,
} from '../../../shared';
import type {
  AssessOptions,
  PerceptionInput,
  PerceptionModel,
  PerceptionOutput,
  PerceptionResult,
} from '../../perception-model';

/** How the fake answers. */
export interface FakePerceptionModelOptions {
  /** Calibrated probability per disease (default 0.05). */
  probabilities?: Partial<Record<DiseaseId, number>>;
  /** Decision threshold per disease (default 0.5). */
  thresholds?: Partial<Record<DiseaseId, number>>;
  /**
   * Raw contribution weight per modality; those of the modalities used are renormalised to sum to 1
   * (default: equal).
   */
  weights?: Partial<Record<Modality, number>>;
  /** Modalities to treat as unreadable even when the record has them (an `unreadable` issue is added). */
  unreadable?: readonly Modality[];
  model?: { name: string; version: string };
}

/** A PerceptionModel whose answers are set by the test. */
export class FakePerceptionModel implements PerceptionModel {
  readonly model: { name: string; version: string };
  /** Records passed to `assess`, in call order. */
  readonly calls: MultimodalRecord[] = [];
  private closed = false;

  constructor(private readonly options: FakePerceptionModelOptions = {}) {
    this.model = options.model ?? { name: 'fake-perception', version: '0.0.0-test' };
  }

  async assess(record: MultimodalRecord, assessOptions: AssessOptions = {}): Promise<PerceptionResult> {
    if (this.closed) throw new Error('FakePerceptionModel: assess after close');
    this.calls.push(record);
    const allowed = assessOptions.modalities ?? MODALITIES;
    const issues: ModalityIssue[] = [...record.issues];
    const present = (m: Modality) =>
      m === 'ecg' ? record.ecg !== undefined : m === 'cxr' ? record.cxr !== undefined : record.labs !== undefined;
    const used: Modality[] = [];
    for (const m of MODALITIES) {
      if (!allowed.includes(m) || !present(m)) continue;
      if (this.options.unreadable?.includes(m)) {
        issues.push({ modality: m, kind: 'unreadable', message: `the ${m} could not be preprocessed (fake)` });
        continue;
      }
      used.push(m);
    }
    if (used.length === 0) throw new ModelInputError('mask', 'the record has no usable modality');
    const missing = MODALITIES.filter((m) => !used.includes(m));
    for (const m of missing) {
      if (!issues.some((issue) => issue.modality === m))
        issues.push({ modality: m, kind: 'absent', message: `no ${m} in the record` });
    }
    const raw = used.map((m) => this.options.weights?.[m] ?? 1);
    const sum = raw.reduce((a, b) => a + b, 0);
    const modalityWeights: Partial<Record<Modality, number>> = {};
    used.forEach((m, i) => (modalityWeights[m] = (raw[i] as number) / sum));
    return {
      diseases: DISEASE_IDS.map((id) => {
        const probability = this.options.probabilities?.[id] ?? 0.05;
        const threshold = this.options.thresholds?.[id] ?? 0.5;
        return {
          id,
          display: getDisease(id).answer,
          logit: Math.log(probability / (1 - probability)),
          probability,
          threshold,
          likely: probability >= threshold,
        };
      }),
      modalityWeights,
      modalitiesUsed: used,
      modalitiesMissing: missing,
      issues,
      timings: { preprocessMs: 1, inferenceMs: 2, queueMs: 0, totalMs: 3 },
      model: { ...this.model },
    };
  }

  async infer(_batch: PerceptionInput): Promise<PerceptionOutput> {
    throw new Error('FakePerceptionModel.infer: the fake answers records only; use assess');
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

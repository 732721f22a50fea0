import { MODALITIES, type Modality, type ModalityIssue } from '../../shared';
import type { ModelManifest } from '../package/manifest-schema';
import type { DiseaseProbability, PerceptionOutput, PerceptionResult } from '../perception-model';

/** Logistic function, written so that neither branch overflows for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Calibrated per-disease probabilities and decisions from one row of logits, with the package's temperatures and
 * thresholds.
 *
 * @param logits - 7 logits in DISEASE_IDS order
 * @param diseases - the manifest's diseases (same order)
 */
export function toDiseaseProbabilities(
  logits: Float32Array,
  diseases: ModelManifest['diseases'],
): DiseaseProbability[] {
  return diseases.map((disease, i) => {
    const logit = logits[i] as number;
    const probability = sigmoid(logit / disease.temperature);
    return {
      id: disease.id,
      display: disease.display,
      logit,
      probability,
      threshold: disease.threshold,
      likely: probability >= disease.threshold,
    };
  });
}

/** The parts of a result that depend on the record rather than the graph. */
export interface ResultContext {
  manifest: ModelManifest;
  used: ReadonlySet<Modality>;
  issues: ModalityIssue[];
  preprocessMs: number;
  totalMs: number;
}

/**
 * The perception result of a batch-1 output.
 *
 * @param output - the graph's outputs for the record's single row
 * @param context - manifest, modalities used, issues, timings
 */
export function toPerceptionResult(output: PerceptionOutput, context: ResultContext): PerceptionResult {
  const modalitiesUsed = MODALITIES.filter((m) => context.used.has(m));
  const modalitiesMissing = MODALITIES.filter((m) => !context.used.has(m));
  const modalityWeights: Partial<Record<Modality, number>> = {};
  for (const m of modalitiesUsed) modalityWeights[m] = output.modalityWeights.data[MODALITIES.indexOf(m)] as number;
  const issues = [...context.issues];
  for (const m of modalitiesMissing) {
    // Never drop a modality silently: say why it is missing when nothing upstream did.
    if (!issues.some((issue) => issue.modality === m)) {
      issues.push({ modality: m, kind: 'absent', message: `no ${m} in the record` });
    }
  }
  return {
    diseases: toDiseaseProbabilities(output.logits.data, context.manifest.diseases),
    modalityWeights,
    modalitiesUsed,
    modalitiesMissing,
    issues,
    timings: {
      preprocessMs: context.preprocessMs,
      inferenceMs: output.run.inferenceMs,
      queueMs: output.run.queueMs,
      totalMs: context.totalMs,
    },
    model: { name: context.manifest.name, version: context.manifest.version },
  };
}

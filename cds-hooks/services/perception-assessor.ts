/**
 * An Assessor straight over the PerceptionModel port: the model's calibrated probabilities as findings, without
 * the evidence chain (src/model/assessment adds that). Used where no evidence is wanted, and by tests of the
 * service that need a real model but not its evidence.
 */
import { randomUUID } from 'node:crypto';
import type { PerceptionModel } from '../../src/model/perception-model';
import type { Assessment, MultimodalRecord } from '../../src/shared/index';
import type { Assessor, AssessorOptions } from '../deps';

export function createPerceptionAssessor(model: PerceptionModel, now: () => Date = () => new Date()): Assessor {
  return {
    model: model.model,
    async assess(record: MultimodalRecord, options: AssessorOptions = {}): Promise<Assessment> {
      const result = await model.assess(record);
      return {
        id: randomUUID(),
        patientId: record.patientId,
        ...(record.encounterId ? { encounterId: record.encounterId } : {}),
        createdAt: now().toISOString(),
        model: result.model,
        findings: result.diseases.map((d) => ({
          disease: d.id,
          display: d.display,
          probability: d.probability,
          threshold: d.threshold,
          likely: d.likely,
          evidence: [],
        })),
        modalities: { used: result.modalitiesUsed, missing: result.modalitiesMissing, weights: result.modalityWeights },
        issues: result.issues,
        timings: {
          ...(options.fetchMs !== undefined ? { fetchMs: options.fetchMs } : {}),
          preprocessMs: result.timings.preprocessMs,
          inferenceMs: result.timings.inferenceMs,
          totalMs: result.timings.totalMs + (options.fetchMs ?? 0),
        },
        basis: record.provenance.references,
      };
    },
  };
}

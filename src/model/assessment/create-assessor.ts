/**
 * The assessor: runs the perception model on a record, measures its ECG with src/signal, and builds the Assessment
 * with a chain of evidence per disease. What the CDS service, the assessment API and the agent tools call.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  DISEASE_IDS,
  type Assessment,
  type DiseaseFinding,
  type DiseaseId,
  type EcgRecording,
  type EvidenceItem,
  type LruByteCache,
  type ModalityIssue,
  type MultimodalRecord,
} from '../../shared';
import { measureEcg, type EcgMeasurementResult } from '../../signal/ecg';
import { ecgContentKey } from '../cache/content-keys';
import { ecgMeasurementRegion } from '../cache/model-cache-regions';
import type { DiseaseProbability, PerceptionModel, PerceptionResult } from '../perception-model';
import { assessmentBasis } from './assessment-basis';
import { contributionEvidence } from './contribution-evidence';
import { cxrEvidence } from './cxr-evidence';
import { DISEASE_EVIDENCE_PLANS } from './disease-evidence-plan';
import { ecgEvidence } from './ecg-evidence';
import { labEvidence } from './lab-evidence';

/** What the assessor needs. */
export interface AssessorDeps {
  model: PerceptionModel;
  /** Clock for `createdAt` (default: the system clock). */
  now?: () => Date;
  /** Assessment ids (default: random UUIDs). */
  idFactory?: () => string;
  /**
   * Derived-data cache for measureEcg's results, keyed by a hash of the recording's samples (none by default). The
   * evidence builders only read a result, so a cached one is shared, not copied.
   */
  cache?: LruByteCache;
}

/** Options of {@link Assessor.assess}. */
export interface AssessmentOptions {
  /** FHIR logical id of the encounter; defaults to the record's. */
  encounterId?: string;
  /** Diseases already on the patient's problem list; sets `onProblemList` on each finding when given. */
  problemList?: readonly DiseaseId[];
  /** Milliseconds the caller spent reading the record, reported in `timings.fetchMs` and added to `totalMs`. */
  fetchMs?: number;
}

/** Assesses one patient's record. */
export interface Assessor {
  /**
   * @throws ModelInputError (from the model) when the record has no usable modality
   */
  assess(record: MultimodalRecord, options?: AssessmentOptions): Promise<Assessment>;
}

/**
 * Creates an assessor over a perception model.
 *
 * @param deps - the model, and optionally a clock and an id factory (for reproducible tests)
 */
export function createAssessor(deps: AssessorDeps): Assessor {
  const now = deps.now ?? (() => new Date());
  const idFactory = deps.idFactory ?? randomUUID;
  const measure = cachedMeasureEcg(deps.cache);
  return {
    async assess(record, options = {}) {
      const started = performance.now();
      const perception = await deps.model.assess(record);
      const issues = [...perception.issues];
      const ecg = measureUsedEcg(record, perception, issues, measure);
      const findings = DISEASE_IDS.map((id) =>
        finding(diseaseOf(perception, id), evidenceFor(id, record, perception, ecg), options.problemList),
      );
      const encounterId = options.encounterId ?? record.encounterId;
      const elapsedMs = performance.now() - started;
      const assessment: Assessment = {
        id: idFactory(),
        patientId: record.patientId,
        createdAt: now().toISOString(),
        model: { ...perception.model },
        findings,
        modalities: {
          used: [...perception.modalitiesUsed],
          missing: [...perception.modalitiesMissing],
          weights: { ...perception.modalityWeights },
        },
        issues,
        timings: {
          preprocessMs: perception.timings.preprocessMs,
          inferenceMs: perception.timings.inferenceMs,
          totalMs: elapsedMs + (options.fetchMs ?? 0),
        },
        basis: assessmentBasis(record, perception.modalitiesUsed),
      };
      if (encounterId) assessment.encounterId = encounterId;
      if (options.fetchMs !== undefined) assessment.timings.fetchMs = options.fetchMs;
      return assessment;
    },
  };
}

/**
 * Measures the ECG when the model used it. A measurement failure does not fail the assessment: it becomes a
 * `partial` issue and the ECG evidence is left out.
 */
function measureUsedEcg(
  record: MultimodalRecord,
  perception: PerceptionResult,
  issues: ModalityIssue[],
  measure: (recording: EcgRecording) => EcgMeasurementResult,
): EcgMeasurementResult | undefined {
  if (!record.ecg || !perception.modalitiesUsed.includes('ecg')) return undefined;
  try {
    return measure(record.ecg);
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const issue: ModalityIssue = {
      modality: 'ecg',
      kind: 'partial',
      message: `ECG measurements could not be made (${error.message}); the model still read the waveform`,
    };
    const source = record.ecg.provenance.references[0];
    if (source) issue.source = source;
    issues.push(issue);
    return undefined;
  }
}

/** measureEcg, through the cache when there is one; a failure is not cached (it is reported each time). */
function cachedMeasureEcg(cache: LruByteCache | undefined): (recording: EcgRecording) => EcgMeasurementResult {
  if (!cache?.enabled) return measureEcg;
  const region = ecgMeasurementRegion(cache);
  return (recording) => {
    const key = ecgContentKey(recording);
    const hit = region.get(key);
    if (hit) return hit;
    const result = measureEcg(recording);
    region.set(key, result);
    return result;
  };
}

function diseaseOf(perception: PerceptionResult, id: DiseaseId): DiseaseProbability {
  const disease = perception.diseases.find((d) => d.id === id);
  if (!disease) throw new RangeError(`Perception result from model ${perception.model.name} has no output for ${id}`);
  return disease;
}

/** Labs (abnormal first), ECG, CXR, then each modality's contribution. */
function evidenceFor(
  id: DiseaseId,
  record: MultimodalRecord,
  perception: PerceptionResult,
  ecg: EcgMeasurementResult | undefined,
): EvidenceItem[] {
  const plan = DISEASE_EVIDENCE_PLANS[id];
  const used = perception.modalitiesUsed;
  return [
    ...(used.includes('labs') ? labEvidence(record.labs, plan.labs) : []),
    ...(ecg ? ecgEvidence(ecg, plan.ecg, record.ecg?.provenance.references[0]) : []),
    ...(plan.cxr && record.cxr && used.includes('cxr') ? cxrEvidence(record.cxr) : []),
    ...contributionEvidence(perception.modalityWeights, used),
  ];
}

function finding(
  disease: DiseaseProbability,
  evidence: EvidenceItem[],
  problemList: readonly DiseaseId[] | undefined,
): DiseaseFinding {
  const result: DiseaseFinding = {
    disease: disease.id,
    display: disease.display,
    probability: disease.probability,
    threshold: disease.threshold,
    likely: disease.likely,
    evidence,
  };
  if (problemList) result.onProblemList = problemList.includes(disease.id);
  return result;
}

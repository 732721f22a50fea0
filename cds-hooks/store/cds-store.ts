/**
 * The CdsStore port: the audit trail of assessments, the cards they produced and the feedback CDS clients sent about
 * those cards (https://cds-hooks.hl7.org/2.0/#feedback). It holds FHIR ids, codes, probabilities and timings only:
 * never names, dates of birth, lab or waveform values, or resource bodies, so that the database is not a second copy
 * of the chart. The one free-text column is the clinician's `userComment` on an override, which the spec asks a
 * service to receive; it is stored and never logged.
 */
import type { Assessment, DiseaseId, Modality } from '../../src/shared/index';

/** Where an assessment came from: a CDS service id, or `api` for the assessment API. */
export type AuditSource = string;

/** What the caller knows about an assessment beyond the Assessment itself. */
export interface AuditContext {
  /** CDS service id that ran the assessment, or `api`. */
  source: AuditSource;
  /** The hook call's `hookInstance` (a UUID), for assessments made by a hook. */
  hookInstance?: string;
  /** FHIR base URL the record was read from (origin and path only; it never holds query values). */
  fhirServer?: string;
  /** The user who caused the call, as a FHIR reference (`Practitioner/123`), when known. */
  userRef?: string;
}

/** The audited view of one disease: no evidence, only the decision and what it rested on numerically. */
export interface AuditFinding {
  disease: DiseaseId;
  /** Calibrated probability in [0, 1]. */
  probability: number;
  threshold: number;
  likely: boolean;
}

/** One audited assessment, as stored. */
export interface AuditRecord {
  /** The Assessment's id. */
  id: string;
  /** When the assessment was made (Assessment.createdAt), ISO 8601. */
  createdAt: string;
  /** When the store recorded it, ISO 8601. */
  recordedAt: string;
  source: AuditSource;
  hookInstance?: string;
  fhirServer?: string;
  userRef?: string;
  /** FHIR logical id of the Patient. */
  patientId: string;
  /** FHIR logical id of the Encounter, when the assessment named one. */
  encounterId?: string;
  model: { name: string; version: string };
  /** In MODALITIES order. */
  modalitiesUsed: Modality[];
  /** In MODALITIES order. */
  modalitiesMissing: Modality[];
  /** In DISEASE_IDS order. */
  findings: AuditFinding[];
  /** Milliseconds, as the Assessment reported them. */
  timings: Assessment['timings'];
  /** FHIR references of the basis reduced to `Type/id` (base URLs and `_history` removed), sorted. */
  basis: string[];
}

/** A card the service returned, tied to the assessment it came from. */
export interface CardRecord {
  /** `card.uuid`, which the client sends back in feedback. */
  uuid: string;
  assessmentId: string;
  /** The disease the card is about; absent for a card about the whole assessment (e.g. "could not read the ECG"). */
  disease?: DiseaseId;
  /** When the card was recorded, ISO 8601. */
  createdAt: string;
}

/** CDS Hooks Coding (`code` and `system` required). */
export interface FeedbackCoding {
  system: string;
  code: string;
  display?: string;
}

/** One feedback item as the client sent it (https://cds-hooks.hl7.org/2.0/#feedback). */
export interface FeedbackInput {
  /** The service the feedback was posted to. */
  serviceId: string;
  /** `card.uuid` the feedback is about. */
  card: string;
  outcome: 'accepted' | 'overridden';
  /** `suggestion.uuid`s the user accepted (required by the spec for `accepted`). */
  acceptedSuggestions?: string[];
  overrideReason?: { reason?: FeedbackCoding; userComment?: string };
  /** When the user acted, ISO 8601 (UTC per the spec). */
  outcomeTimestamp: string;
}

/** One stored feedback item. */
export interface FeedbackRecord extends FeedbackInput {
  /** Row id, increasing in the order feedback was received. */
  id: number;
  /** When the store received it, ISO 8601. */
  receivedAt: string;
  /** Whether `card` was a card this store had recorded when the feedback arrived. */
  knownCard: boolean;
}

/** The store of audit records, cards and feedback. */
export interface CdsStore {
  /** The database file, or `:memory:`. */
  readonly path: string;
  /** False once {@link CdsStore.close} was called. */
  readonly open: boolean;
  /**
   * Records the audit of an assessment: ids, model, modalities, probabilities and decisions, timings and the basis
   * as FHIR ids. Evidence (labels, values, ranges) and issue messages are not stored.
   *
   * @throws StoreError when an assessment with the same id was already recorded
   */
  recordAssessment(assessment: Assessment, context: AuditContext): AuditRecord;
  /**
   * Records the cards returned for an assessment.
   *
   * @throws StoreError when the assessment was not recorded first, or a card uuid was already recorded
   */
  recordCards(assessmentId: string, cards: readonly { uuid: string; disease?: DiseaseId }[]): CardRecord[];
  /** Records feedback items in one transaction, flagging those about cards the store does not know. */
  recordFeedback(items: readonly FeedbackInput[]): FeedbackRecord[];
  /** Whether a card uuid was recorded. */
  hasCard(uuid: string): boolean;
  getAudit(assessmentId: string): AuditRecord | undefined;
  /** The latest audit records, newest first (by the time they were recorded). */
  recentAudit(limit: number): AuditRecord[];
  cardsForAssessment(assessmentId: string): CardRecord[];
  /** Feedback about the assessment's cards, in the order received. */
  feedbackForAssessment(assessmentId: string): FeedbackRecord[];
  /** Feedback about one card, in the order received. */
  feedbackForCard(uuid: string): FeedbackRecord[];
  /** Closes the database; later calls throw. */
  close(): void;
}

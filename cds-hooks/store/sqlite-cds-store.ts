/**
 * The CdsStore on an embedded SQLite file (better-sqlite3 12; 13 crashes on Node 20). WAL journal, so that a
 * dashboard can read while the service writes; prepared statements built once; every multi-row write in one
 * transaction. Calls are synchronous and take a fraction of a millisecond for one assessment, which is why they run
 * on the request path without a queue.
 *
 * Group commit: by default the writes of one event-loop turn share one transaction, committed by a setImmediate at
 * the end of the turn (and by close). Each call still runs in its own savepoint, so a call either writes all its
 * rows or none and fails synchronously as before (a duplicate id, an unknown assessment), and reads on this
 * connection see every write at once. What changes: one WAL commit per turn instead of one per call (the commit was
 * half the store's main-thread time per hook call), and another connection (a dashboard, the bench's reader) sees a
 * write at the end of the turn rather than at once. A process killed mid-turn loses that turn's writes, as it would
 * lose a request in flight.
 *
 * WAL checkpoints run on a second connection in a worker thread (wal-checkpointer.ts), not inside one of these commits.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  DISEASE_IDS,
  MODALITIES,
  isModality,
  type Assessment,
  type DiseaseId,
  type Modality,
} from '../../src/shared/index';
import type {
  AuditContext,
  AuditFinding,
  AuditRecord,
  CardRecord,
  CdsStore,
  FeedbackInput,
  FeedbackRecord,
} from './cds-store';
import { migrate } from './migrations';
import { StoreError } from './store-error';
import { toFhirIdReference } from './to-fhir-id-reference';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer';

/** Options of {@link openCdsStore}. */
export interface CdsStoreOptions {
  /** Clock for `recordedAt`, `receivedAt` and card times (tests pass a fixed one). */
  now?: () => Date;
  /** Commit the writes of one event-loop turn together (default true); false commits every call at once. */
  groupCommits?: boolean;
  /**
   * Told when a group commit fails, which loses that turn's writes (a full disk, an I/O error; the calls that made
   * them have returned already), and when background checkpoints stop. Default: a process warning.
   */
  onCommitError?: (error: StoreError) => void;
  /**
   * Checkpoint the WAL from a worker thread instead of inside a commit on the caller's thread (wal-checkpointer.ts;
   * default true for a file, ignored for `:memory:`).
   */
  backgroundCheckpoints?: boolean;
}

interface AssessmentRow {
  id: string;
  created_at: string;
  recorded_at: string;
  source: string;
  hook_instance: string | null;
  fhir_server: string | null;
  user_ref: string | null;
  patient_id: string;
  encounter_id: string | null;
  model_package: string;
  model_version: string;
  modalities_used: string;
  modalities_missing: string;
  fetch_ms: number | null;
  preprocess_ms: number | null;
  inference_ms: number | null;
  total_ms: number;
}

interface FindingRow {
  disease: string;
  probability: number;
  threshold: number;
  likely: number;
}

interface CardRow {
  uuid: string;
  assessment_id: string;
  disease: string | null;
  created_at: string;
}

interface FeedbackRow {
  id: number;
  service_id: string;
  card_uuid: string;
  known_card: number;
  outcome: string;
  accepted_suggestions: string | null;
  override_system: string | null;
  override_code: string | null;
  override_display: string | null;
  user_comment: string | null;
  outcome_timestamp: string;
  received_at: string;
}

const isDiseaseId = (value: string): value is DiseaseId => (DISEASE_IDS as readonly string[]).includes(value);

/** Modalities as stored: comma-separated, in MODALITIES order, so that equal sets compare equal in SQL. */
function modalityList(modalities: readonly Modality[]): string {
  return MODALITIES.filter((m) => modalities.includes(m)).join(',');
}

function parseModalities(text: string): Modality[] {
  return text.split(',').filter(isModality);
}

/**
 * Opens (creating when missing, with its folder) and migrates the store at `path`. `:memory:` gives a store that
 * lives as long as the returned object.
 *
 * @param path - SQLite file, e.g. `var/medtvt.sqlite`, or `:memory:`
 * @param options - clock
 * @throws StoreError when the file cannot be opened or migrated
 */
export function openCdsStore(path: string, options: CdsStoreOptions = {}): CdsStore {
  const now = options.now ?? (() => new Date());
  let db: Database.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
  } catch (error) {
    throw new StoreError(`cannot open the CDS store at ${path}`, { cause: error });
  }
  try {
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    // WAL makes NORMAL durable against application crashes; only an OS crash can lose the last transactions.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, undefined, now);
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    throw new StoreError(`cannot prepare the CDS store at ${path}`, { cause: error });
  }
  const onError = options.onCommitError ?? ((error: StoreError) => process.emitWarning(error));
  const checkpointer =
    path !== ':memory:' && (options.backgroundCheckpoints ?? true)
      ? startWalCheckpointer(db, path, { onError })
      : undefined;
  return new SqliteCdsStore(path, db, now, {
    groupCommits: options.groupCommits ?? true,
    onCommitError: onError,
    ...(checkpointer ? { checkpointer } : {}),
  });
}

/** The store's statements, prepared once per connection. */
function prepareStatements(db: Database.Database) {
  return {
    insertAssessment: db.prepare(`INSERT INTO assessments (id, created_at, recorded_at, source, hook_instance,
      fhir_server, user_ref, patient_id, encounter_id, model_package, model_version, modalities_used,
      modalities_missing, fetch_ms, preprocess_ms, inference_ms, total_ms)
      VALUES (@id, @created_at, @recorded_at, @source, @hook_instance, @fhir_server, @user_ref, @patient_id,
      @encounter_id, @model_package, @model_version, @modalities_used, @modalities_missing, @fetch_ms,
      @preprocess_ms, @inference_ms, @total_ms)`),
    insertFinding: db.prepare(`INSERT INTO assessment_findings
      (assessment_id, disease, ordinal, probability, threshold, likely) VALUES (?, ?, ?, ?, ?, ?)`),
    // All of an assessment's basis (one reference per lab, ECG, image: ~50) in one statement, from a JSON array of
    // strings: one call into SQLite instead of one per row.
    insertBasis: db.prepare(`INSERT OR IGNORE INTO assessment_basis (assessment_id, reference)
      SELECT ?, value FROM json_each(?)`),
    insertCard: db.prepare('INSERT INTO cards (uuid, assessment_id, disease, created_at) VALUES (?, ?, ?, ?)'),
    insertFeedback: db.prepare(`INSERT INTO feedback (service_id, card_uuid, known_card, outcome,
      accepted_suggestions, override_system, override_code, override_display, user_comment, outcome_timestamp,
      received_at) VALUES (@service_id, @card_uuid, @known_card, @outcome, @accepted_suggestions, @override_system,
      @override_code, @override_display, @user_comment, @outcome_timestamp, @received_at)`),
    assessment: db.prepare('SELECT * FROM assessments WHERE id = ?'),
    recent: db.prepare('SELECT * FROM assessments ORDER BY recorded_at DESC, rowid DESC LIMIT ?'),
    findings: db.prepare(
      'SELECT disease, probability, threshold, likely FROM assessment_findings WHERE assessment_id = ? ORDER BY ordinal',
    ),
    basis: db.prepare('SELECT reference FROM assessment_basis WHERE assessment_id = ? ORDER BY reference'),
    card: db.prepare('SELECT 1 FROM cards WHERE uuid = ?'),
    cards: db.prepare('SELECT * FROM cards WHERE assessment_id = ? ORDER BY rowid'),
    feedbackForAssessment: db.prepare(`SELECT feedback.* FROM feedback JOIN cards ON cards.uuid = feedback.card_uuid
      WHERE cards.assessment_id = ? ORDER BY feedback.id`),
    feedbackForCard: db.prepare('SELECT * FROM feedback WHERE card_uuid = ? ORDER BY id'),
    begin: db.prepare('BEGIN'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

interface GroupCommit {
  groupCommits: boolean;
  onCommitError: (error: StoreError) => void;
  checkpointer?: WalCheckpointer;
}

class SqliteCdsStore implements CdsStore {
  private readonly statements: Statements;
  /** Runs a body in a transaction, or in a savepoint inside the open group; built once (building one is not free). */
  private readonly inTransaction: (body: () => void) => void;
  /** Whether this store opened the transaction now in progress (the turn's group) and scheduled its commit. */
  private groupOpen = false;
  private readonly commitGroup = (): void => this.commitOpenGroup(false);

  constructor(
    readonly path: string,
    private readonly db: Database.Database,
    private readonly now: () => Date,
    private readonly group: GroupCommit,
  ) {
    this.statements = prepareStatements(db);
    this.inTransaction = db.transaction((body: () => void) => body());
  }

  get open(): boolean {
    return this.db.open;
  }

  recordAssessment(assessment: Assessment, context: AuditContext): AuditRecord {
    const recordedAt = this.now().toISOString();
    const basis = [
      ...new Set(assessment.basis.map(toFhirIdReference).filter((r): r is string => r !== undefined)),
    ].sort();
    this.write(`assessment ${assessment.id}`, () => {
      this.statements.insertAssessment.run({
        id: assessment.id,
        created_at: assessment.createdAt,
        recorded_at: recordedAt,
        source: context.source,
        hook_instance: context.hookInstance ?? null,
        fhir_server: context.fhirServer ?? null,
        user_ref: context.userRef ?? null,
        patient_id: assessment.patientId,
        encounter_id: assessment.encounterId ?? null,
        model_package: assessment.model.name,
        model_version: assessment.model.version,
        modalities_used: modalityList(assessment.modalities.used),
        modalities_missing: modalityList(assessment.modalities.missing),
        fetch_ms: assessment.timings.fetchMs ?? null,
        preprocess_ms: assessment.timings.preprocessMs ?? null,
        inference_ms: assessment.timings.inferenceMs ?? null,
        total_ms: assessment.timings.totalMs,
      });
      for (const [ordinal, finding] of assessment.findings.entries()) {
        this.statements.insertFinding.run(
          assessment.id,
          finding.disease,
          ordinal,
          finding.probability,
          finding.threshold,
          finding.likely ? 1 : 0,
        );
      }
      if (basis.length > 0) this.statements.insertBasis.run(assessment.id, JSON.stringify(basis));
    });
    return auditRecordOf(assessment, context, recordedAt, basis);
  }

  recordCards(assessmentId: string, cards: readonly { uuid: string; disease?: DiseaseId }[]): CardRecord[] {
    const createdAt = this.now().toISOString();
    this.write(`cards of assessment ${assessmentId}`, () => {
      for (const card of cards)
        this.statements.insertCard.run(card.uuid, assessmentId, card.disease ?? null, createdAt);
    });
    return cards.map((card) => ({
      uuid: card.uuid,
      assessmentId,
      createdAt,
      ...(card.disease && { disease: card.disease }),
    }));
  }

  recordFeedback(items: readonly FeedbackInput[]): FeedbackRecord[] {
    const receivedAt = this.now().toISOString();
    const records: FeedbackRecord[] = [];
    this.write('feedback', () => {
      for (const item of items) {
        const knownCard = this.hasCard(item.card);
        const result = this.statements.insertFeedback.run({
          service_id: item.serviceId,
          card_uuid: item.card,
          known_card: knownCard ? 1 : 0,
          outcome: item.outcome,
          accepted_suggestions: item.acceptedSuggestions ? JSON.stringify(item.acceptedSuggestions) : null,
          override_system: item.overrideReason?.reason?.system ?? null,
          override_code: item.overrideReason?.reason?.code ?? null,
          override_display: item.overrideReason?.reason?.display ?? null,
          user_comment: item.overrideReason?.userComment ?? null,
          outcome_timestamp: item.outcomeTimestamp,
          received_at: receivedAt,
        });
        records.push({ ...item, id: Number(result.lastInsertRowid), receivedAt, knownCard });
      }
    });
    return records;
  }

  hasCard(uuid: string): boolean {
    return this.statements.card.get(uuid) !== undefined;
  }

  getAudit(assessmentId: string): AuditRecord | undefined {
    const row = this.statements.assessment.get(assessmentId) as AssessmentRow | undefined;
    return row && this.toAuditRecord(row);
  }

  recentAudit(limit: number): AuditRecord[] {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`recentAudit: limit ${limit} is not a positive integer`);
    const rows = this.statements.recent.all(limit) as AssessmentRow[];
    return rows.map((row) => this.toAuditRecord(row));
  }

  cardsForAssessment(assessmentId: string): CardRecord[] {
    return (this.statements.cards.all(assessmentId) as CardRow[]).map((row) => ({
      uuid: row.uuid,
      assessmentId: row.assessment_id,
      createdAt: row.created_at,
      ...(row.disease !== null && isDiseaseId(row.disease) && { disease: row.disease }),
    }));
  }

  feedbackForAssessment(assessmentId: string): FeedbackRecord[] {
    return (this.statements.feedbackForAssessment.all(assessmentId) as FeedbackRow[]).map(toFeedbackRecord);
  }

  feedbackForCard(uuid: string): FeedbackRecord[] {
    return (this.statements.feedbackForCard.all(uuid) as FeedbackRow[]).map(toFeedbackRecord);
  }

  /** Commits the open group, if any, and closes the database. */
  close(): void {
    if (!this.db.open) return;
    try {
      this.commitOpenGroup(true);
    } finally {
      this.group.checkpointer?.stop();
      this.db.close();
    }
  }

  /**
   * Runs `body` in a transaction (with group commits, a savepoint in the turn's transaction); a constraint
   * violation becomes a StoreError naming what was being written.
   */
  private write(what: string, body: () => void): void {
    if (this.group.groupCommits && !this.db.inTransaction && this.db.open) {
      this.statements.begin.run();
      this.groupOpen = true;
      setImmediate(this.commitGroup);
    }
    try {
      this.inTransaction(body);
    } catch (error) {
      if (this.groupOpen && !this.db.inTransaction) {
        // SQLite rolls the whole transaction back on some errors (I/O, full disk), taking the turn's earlier writes.
        this.groupOpen = false;
        this.group.onCommitError(
          new StoreError(`the audit writes of this event-loop turn were rolled back: ${sqliteCode(error)}`, {
            cause: error,
          }),
        );
      }
      throw new StoreError(`cannot record ${what}: ${sqliteCode(error)}`, { cause: error });
    }
  }

  /**
   * Commits the turn's transaction when this store opened one. A failure rolls it back and is told to
   * onCommitError, or thrown when `fromClose` (close's caller can still act on it).
   */
  private commitOpenGroup(fromClose: boolean): void {
    if (!this.groupOpen) return;
    this.groupOpen = false;
    if (!this.db.open || !this.db.inTransaction) return;
    try {
      this.statements.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.statements.rollback.run();
      const failure = new StoreError(`cannot commit the audit writes of one event-loop turn: ${sqliteCode(error)}`, {
        cause: error,
      });
      if (fromClose) throw failure;
      this.group.onCommitError(failure);
    }
  }

  private toAuditRecord(row: AssessmentRow): AuditRecord {
    const findings = (this.statements.findings.all(row.id) as FindingRow[]).flatMap((f): AuditFinding[] =>
      isDiseaseId(f.disease)
        ? [{ disease: f.disease, probability: f.probability, threshold: f.threshold, likely: f.likely === 1 }]
        : [],
    );
    const basis = (this.statements.basis.all(row.id) as { reference: string }[]).map((b) => b.reference);
    const timings: AuditRecord['timings'] = { totalMs: row.total_ms };
    if (row.fetch_ms !== null) timings.fetchMs = row.fetch_ms;
    if (row.preprocess_ms !== null) timings.preprocessMs = row.preprocess_ms;
    if (row.inference_ms !== null) timings.inferenceMs = row.inference_ms;
    const record: AuditRecord = {
      id: row.id,
      createdAt: row.created_at,
      recordedAt: row.recorded_at,
      source: row.source,
      patientId: row.patient_id,
      model: { name: row.model_package, version: row.model_version },
      modalitiesUsed: parseModalities(row.modalities_used),
      modalitiesMissing: parseModalities(row.modalities_missing),
      findings,
      timings,
      basis,
    };
    if (row.hook_instance !== null) record.hookInstance = row.hook_instance;
    if (row.fhir_server !== null) record.fhirServer = row.fhir_server;
    if (row.user_ref !== null) record.userRef = row.user_ref;
    if (row.encounter_id !== null) record.encounterId = row.encounter_id;
    return record;
  }
}

/**
 * SQLite's error code (`SQLITE_CONSTRAINT_PRIMARYKEY`), or `failed`. Duck-typed rather than `instanceof`:
 * better-sqlite3's native part keeps the SqliteError class of the first realm that loaded it, so under jest's
 * per-file realms its errors are not instances of this realm's Error.
 */
function sqliteCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code : 'failed';
}

/**
 * The audit record of a just-written assessment, as getAudit would read it back (same fields, same omissions, same
 * orders), built without the three queries of a read-back.
 */
function auditRecordOf(
  assessment: Assessment,
  context: AuditContext,
  recordedAt: string,
  basis: string[],
): AuditRecord {
  const timings: AuditRecord['timings'] = { totalMs: assessment.timings.totalMs };
  if (assessment.timings.fetchMs !== undefined) timings.fetchMs = assessment.timings.fetchMs;
  if (assessment.timings.preprocessMs !== undefined) timings.preprocessMs = assessment.timings.preprocessMs;
  if (assessment.timings.inferenceMs !== undefined) timings.inferenceMs = assessment.timings.inferenceMs;
  const record: AuditRecord = {
    id: assessment.id,
    createdAt: assessment.createdAt,
    recordedAt,
    source: context.source,
    patientId: assessment.patientId,
    model: { name: assessment.model.name, version: assessment.model.version },
    modalitiesUsed: MODALITIES.filter((m) => assessment.modalities.used.includes(m)),
    modalitiesMissing: MODALITIES.filter((m) => assessment.modalities.missing.includes(m)),
    findings: assessment.findings.map((f) => ({
      disease: f.disease,
      probability: f.probability,
      threshold: f.threshold,
      likely: f.likely,
    })),
    timings,
    basis,
  };
  if (context.hookInstance !== undefined) record.hookInstance = context.hookInstance;
  if (context.fhirServer !== undefined) record.fhirServer = context.fhirServer;
  if (context.userRef !== undefined) record.userRef = context.userRef;
  if (assessment.encounterId !== undefined) record.encounterId = assessment.encounterId;
  return record;
}

function toFeedbackRecord(row: FeedbackRow): FeedbackRecord {
  const record: FeedbackRecord = {
    id: row.id,
    serviceId: row.service_id,
    card: row.card_uuid,
    outcome: row.outcome === 'accepted' ? 'accepted' : 'overridden',
    outcomeTimestamp: row.outcome_timestamp,
    receivedAt: row.received_at,
    knownCard: row.known_card === 1,
  };
  if (row.accepted_suggestions !== null) {
    const ids: unknown = JSON.parse(row.accepted_suggestions);
    if (Array.isArray(ids)) record.acceptedSuggestions = ids.filter((id): id is string => typeof id === 'string');
  }
  const reason =
    row.override_system !== null && row.override_code !== null
      ? {
          system: row.override_system,
          code: row.override_code,
          ...(row.override_display !== null && { display: row.override_display }),
        }
      : undefined;
  if (reason || row.user_comment !== null) {
    record.overrideReason = {
      ...(reason && { reason }),
      ...(row.user_comment !== null && { userComment: row.user_comment }),
    };
  }
  return record;
}

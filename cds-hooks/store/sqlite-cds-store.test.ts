import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openCdsStore } from './sqlite-cds-store';
import { isStoreError } from './store-error';
import type { CdsStore } from './cds-store';
import { assessmentFixture, FIXTURE_EVIDENCE_LABEL, FIXTURE_EVIDENCE_VALUE } from './testing/assessment-fixture';

const CARD_A = '0a5c6f0e-7e43-4a7b-9f8e-5b8a3e1d2c01';
const CARD_B = '0a5c6f0e-7e43-4a7b-9f8e-5b8a3e1d2c02';
const SUGGESTION = 'e56e1945-20b3-4393-8503-a1a20fd73152';

/** A clock that advances one second per call, from 2025-03-01T12:00:00Z. */
function steppingClock(): () => Date {
  let t = Date.parse('2025-03-01T12:00:00.000Z');
  return () => new Date((t += 1000) - 1000);
}

describe('openCdsStore', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cds-store-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('records an assessment and reads back ids, model, modalities, probabilities, decisions and timings', () => {
    const store = openCdsStore(':memory:', { now: () => new Date('2025-03-01T12:00:00.000Z') });

    store.recordAssessment(assessmentFixture(), { source: 'comorbidity-patient-view', hookInstance: 'h-1' });
    const audit = store.getAudit(assessmentFixture().id);

    // Expected values are the fixture's literals: probabilities 0.05 + 0.1·i against threshold 0.5.
    expect(audit).toEqual({
      id: '7d1b0f44-54a9-4c4e-9d3e-0f4a5d8c2b11',
      createdAt: '2025-03-01T10:00:00.000Z',
      recordedAt: '2025-03-01T12:00:00.000Z',
      source: 'comorbidity-patient-view',
      hookInstance: 'h-1',
      patientId: 'patient-1',
      encounterId: 'encounter-1',
      model: { name: 'tiny-test-perception', version: '0.0.1' },
      modalitiesUsed: ['ecg', 'labs'],
      modalitiesMissing: ['cxr'],
      findings: [
        { disease: 'coronary-artery-disease', probability: 0.05, threshold: 0.5, likely: false },
        { disease: 'acute-renal-failure', probability: expect.closeTo(0.15, 12), threshold: 0.5, likely: false },
        { disease: 'hypertension', probability: expect.closeTo(0.25, 12), threshold: 0.5, likely: false },
        { disease: 'atrial-fibrillation', probability: expect.closeTo(0.35, 12), threshold: 0.5, likely: false },
        { disease: 'pneumonia', probability: expect.closeTo(0.45, 12), threshold: 0.5, likely: false },
        { disease: 'diabetes-mellitus', probability: expect.closeTo(0.55, 12), threshold: 0.5, likely: true },
        { disease: 'sepsis', probability: expect.closeTo(0.65, 12), threshold: 0.5, likely: true },
      ],
      timings: { fetchMs: 12.5, preprocessMs: 3.25, inferenceMs: 4.75, totalMs: 21 },
      // The absolute, versioned reference is reduced to Type/id; urn:uuid is not a server id and is dropped.
      basis: ['Observation/ecg-1', 'Observation/lab-1'],
    });
    store.close();
  });

  it('keeps no evidence labels, values, units or issue messages anywhere in the database', () => {
    const store = openCdsStore(':memory:');
    store.recordAssessment(assessmentFixture(), { source: 'api' });
    const db = rawDatabaseOf(store);

    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    const dump = JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM "${t.name}"`).all()));

    expect(dump).toContain('patient-1');
    expect(dump).not.toContain(String(FIXTURE_EVIDENCE_VALUE));
    expect(dump).not.toContain(FIXTURE_EVIDENCE_LABEL);
    expect(dump).not.toContain('mg/dL');
    expect(dump).not.toContain('No chest radiograph');
    store.close();
  });

  it('has no column that could hold a name, birth date, address, identifier or clinical value', () => {
    const store = openCdsStore(':memory:');
    const db = rawDatabaseOf(store);

    const columns = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[])
      .filter((t) => t.name !== 'sqlite_sequence')
      .flatMap((t) =>
        (db.prepare(`PRAGMA table_info("${t.name}")`).all() as { name: string }[]).map((c) => `${t.name}.${c.name}`),
      )
      .sort();

    // The whole schema, listed so that a new column is a reviewed change to this test. `feedback.user_comment` is
    // the spec's overrideReason.userComment (free text typed by the clinician in the EHR about the card).
    expect(columns).toEqual(
      [
        'assessment_basis.assessment_id',
        'assessment_basis.reference',
        'assessment_findings.assessment_id',
        'assessment_findings.disease',
        'assessment_findings.likely',
        'assessment_findings.ordinal',
        'assessment_findings.probability',
        'assessment_findings.threshold',
        'assessments.created_at',
        'assessments.encounter_id',
        'assessments.fetch_ms',
        'assessments.fhir_server',
        'assessments.hook_instance',
        'assessments.id',
        'assessments.inference_ms',
        'assessments.modalities_missing',
        'assessments.modalities_used',
        'assessments.model_package',
        'assessments.model_version',
        'assessments.patient_id',
        'assessments.preprocess_ms',
        'assessments.recorded_at',
        'assessments.source',
        'assessments.total_ms',
        'assessments.user_ref',
        'cards.assessment_id',
        'cards.created_at',
        'cards.disease',
        'cards.uuid',
        'feedback.accepted_suggestions',
        'feedback.card_uuid',
        'feedback.id',
        'feedback.known_card',
        'feedback.outcome',
        'feedback.outcome_timestamp',
        'feedback.override_code',
        'feedback.override_display',
        'feedback.override_system',
        'feedback.received_at',
        'feedback.service_id',
        'feedback.user_comment',
        'schema_version.applied_at',
        'schema_version.description',
        'schema_version.version',
      ].sort(),
    );
    const phi = /name|birth|gender|sex|address|phone|email|mrn|identifier|value|text|body|resource|label|unit/i;
    expect(columns.filter((c) => phi.test(c))).toEqual([]);
    store.close();
  });

  it('records cards and feedback, accepted and overridden with a reason, and reads them back by assessment', () => {
    const store = openCdsStore(':memory:', { now: steppingClock() });
    const assessment = assessmentFixture();
    store.recordAssessment(assessment, { source: 'comorbidity-patient-view' });

    store.recordCards(assessment.id, [{ uuid: CARD_A, disease: 'sepsis' }, { uuid: CARD_B }]);
    store.recordFeedback([
      {
        serviceId: 'comorbidity-patient-view',
        card: CARD_A,
        outcome: 'accepted',
        acceptedSuggestions: [SUGGESTION],
        outcomeTimestamp: '2025-03-01T12:05:00Z',
      },
      {
        serviceId: 'comorbidity-patient-view',
        card: CARD_B,
        outcome: 'overridden',
        overrideReason: {
          reason: { system: 'https://example.org/override', code: 'already-treated', display: 'Already treated' },
          userComment: 'Seen by nephrology',
        },
        outcomeTimestamp: '2025-03-01T12:06:00Z',
      },
    ]);

    expect(store.cardsForAssessment(assessment.id).map((c) => [c.uuid, c.disease])).toEqual([
      [CARD_A, 'sepsis'],
      [CARD_B, undefined],
    ]);
    const feedback = store.feedbackForAssessment(assessment.id);
    expect(feedback).toEqual([
      {
        id: 1,
        serviceId: 'comorbidity-patient-view',
        card: CARD_A,
        outcome: 'accepted',
        acceptedSuggestions: [SUGGESTION],
        outcomeTimestamp: '2025-03-01T12:05:00Z',
        // Clock calls: migration 12:00:00, recordAssessment 12:00:01, recordCards 12:00:02, recordFeedback 12:00:03.
        receivedAt: '2025-03-01T12:00:03.000Z',
        knownCard: true,
      },
      {
        id: 2,
        serviceId: 'comorbidity-patient-view',
        card: CARD_B,
        outcome: 'overridden',
        overrideReason: {
          reason: { system: 'https://example.org/override', code: 'already-treated', display: 'Already treated' },
          userComment: 'Seen by nephrology',
        },
        outcomeTimestamp: '2025-03-01T12:06:00Z',
        receivedAt: '2025-03-01T12:00:03.000Z',
        knownCard: true,
      },
    ]);
    store.close();
  });

  it('keeps feedback about a card it never issued, flagged as unknown', () => {
    const store = openCdsStore(':memory:');
    const unknown = '11111111-2222-4333-8444-555555555555';

    const [record] = store.recordFeedback([
      { serviceId: 's', card: unknown, outcome: 'overridden', outcomeTimestamp: '2025-03-01T12:06:00Z' },
    ]);

    expect(record?.knownCard).toBe(false);
    expect(store.feedbackForCard(unknown)).toHaveLength(1);
    expect(store.feedbackForCard(unknown)[0]?.overrideReason).toBeUndefined();
    store.close();
  });

  it('refuses a second audit with the same assessment id and cards of an unrecorded assessment', () => {
    const store = openCdsStore(':memory:');
    store.recordAssessment(assessmentFixture(), { source: 'api' });

    const again = captureError(() => store.recordAssessment(assessmentFixture(), { source: 'api' }));
    const orphan = captureError(() => store.recordCards('no-such-assessment', [{ uuid: CARD_A }]));

    expect(isStoreError(again)).toBe(true);
    expect((again as Error).message).toContain('assessment 7d1b0f44-54a9-4c4e-9d3e-0f4a5d8c2b11');
    expect((again as Error).message).toContain('SQLITE_CONSTRAINT_PRIMARYKEY');
    expect(isStoreError(orphan)).toBe(true);
    expect((orphan as Error).message).toContain('SQLITE_CONSTRAINT_FOREIGNKEY');
    expect(store.hasCard(CARD_A)).toBe(false);
    store.close();
  });

  it('lists the latest audits newest first, up to the limit', () => {
    const store = openCdsStore(':memory:', { now: steppingClock() });
    for (const id of ['a-1', 'a-2', 'a-3']) store.recordAssessment(assessmentFixture({ id }), { source: 'api' });

    expect(store.recentAudit(2).map((a) => a.id)).toEqual(['a-3', 'a-2']);
    expect(store.recentAudit(10).map((a) => a.id)).toEqual(['a-3', 'a-2', 'a-1']);
    expect(() => store.recentAudit(0)).toThrow(RangeError);
    store.close();
  });

  it('creates the folder of its file, writes in WAL mode and keeps everything across a restart', () => {
    const path = join(dir, 'nested', 'var', 'store.sqlite');
    const first = openCdsStore(path);
    first.recordAssessment(assessmentFixture(), { source: 'api', fhirServer: 'http://localhost:8080/fhir' });
    first.recordCards(assessmentFixture().id, [{ uuid: CARD_A, disease: 'sepsis' }]);
    first.recordFeedback([
      { serviceId: 's', card: CARD_A, outcome: 'overridden', outcomeTimestamp: '2025-03-01T12:06:00Z' },
    ]);
    first.close();

    const second = openCdsStore(path);
    const raw = new Database(path, { readonly: true });

    expect(first.open).toBe(false);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(second.getAudit(assessmentFixture().id)?.fhirServer).toBe('http://localhost:8080/fhir');
    expect(second.feedbackForAssessment(assessmentFixture().id).map((f) => f.card)).toEqual([CARD_A]);
    raw.close();
    second.close();
  });

  it('migrates once: reopening a current database applies nothing and keeps one version row', () => {
    const path = join(dir, 'store.sqlite');
    openCdsStore(path).close();
    openCdsStore(path).close();

    const raw = new Database(path, { readonly: true });
    const versions = raw.prepare('SELECT version FROM schema_version').all();
    raw.close();

    expect(versions).toEqual([{ version: 1 }]);
  });

  it('fails after close instead of writing to a closed database', () => {
    const store = openCdsStore(':memory:');
    store.close();

    expect(() => store.getAudit('x')).toThrow(/not open/i);
  });
});

describe('openCdsStore group commits', () => {
  let dir: string;
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  /** Assessment ids another connection (a dashboard, the bench's reader) can see. */
  const visibleIds = (path: string): string[] => {
    const raw = new Database(path, { readonly: true });
    try {
      return (raw.prepare('SELECT id FROM assessments ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    } finally {
      raw.close();
    }
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cds-store-group-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns from recordAssessment exactly what getAudit reads back, a 52-reference basis included', () => {
    const store = openCdsStore(':memory:', { now: () => new Date('2025-03-01T12:00:00.000Z') });
    const labs = Array.from({ length: 50 }, (_, i) => `Observation/lab-${i}`);
    const assessment = assessmentFixture({
      basis: [...labs, 'Observation/ecg-1', 'DocumentReference/cxr-1', 'Observation/lab-0'],
    });

    const returned = store.recordAssessment(assessment, {
      source: 'medtvt-comorbidity',
      hookInstance: 'h-1',
      userRef: 'Practitioner/1',
      fhirServer: 'http://localhost:8080/fhir',
    });

    expect(returned).toEqual(store.getAudit(assessment.id));
    // 50 labs, the ECG and the image, the repeated lab once: 52, sorted as strings.
    expect(returned.basis).toHaveLength(52);
    expect(returned.basis.slice(0, 3)).toEqual(['DocumentReference/cxr-1', 'Observation/ecg-1', 'Observation/lab-0']);
    store.close();
  });

  it("shows a turn's writes to other connections when the turn ends, and to its own reads at once", async () => {
    const path = join(dir, 'store.sqlite');
    const store = openCdsStore(path);

    store.recordAssessment(assessmentFixture({ id: 'a-1' }), { source: 'api' });
    store.recordCards('a-1', [{ uuid: CARD_A }]);
    const before = visibleIds(path);
    const ownRead = store.getAudit('a-1')?.id;
    await nextTurn();
    const after = visibleIds(path);

    expect(before).toEqual([]);
    expect(ownRead).toBe('a-1');
    expect(after).toEqual(['a-1']);
    store.close();
  });

  it('keeps the other writes of a turn when one call fails, and fails that call as before', async () => {
    const path = join(dir, 'store.sqlite');
    const store = openCdsStore(path);

    store.recordAssessment(assessmentFixture({ id: 'a-1' }), { source: 'api' });
    const again = captureError(() => store.recordAssessment(assessmentFixture({ id: 'a-1' }), { source: 'api' }));
    const orphan = captureError(() => store.recordCards('no-such-assessment', [{ uuid: CARD_B }]));
    store.recordAssessment(assessmentFixture({ id: 'a-2' }), { source: 'api' });
    store.recordCards('a-2', [{ uuid: CARD_A }]);
    await nextTurn();

    expect((again as Error).message).toContain('SQLITE_CONSTRAINT_PRIMARYKEY');
    expect((orphan as Error).message).toContain('SQLITE_CONSTRAINT_FOREIGNKEY');
    expect(visibleIds(path)).toEqual(['a-1', 'a-2']);
    expect(store.hasCard(CARD_A)).toBe(true);
    expect(store.hasCard(CARD_B)).toBe(false);
    store.close();
  });

  it('commits on close, so that nothing written before close is lost', () => {
    const path = join(dir, 'store.sqlite');
    const store = openCdsStore(path);

    store.recordAssessment(assessmentFixture({ id: 'a-1' }), { source: 'api' });
    store.close();

    expect(visibleIds(path)).toEqual(['a-1']);
  });

  it('without group commits, shows every write to other connections at once', () => {
    const path = join(dir, 'store.sqlite');
    const store = openCdsStore(path, { groupCommits: false });

    store.recordAssessment(assessmentFixture({ id: 'a-1' }), { source: 'api' });

    expect(visibleIds(path)).toEqual(['a-1']);
    store.close();
  });
});

/** The store's connection, reached the way a dashboard would: through a second connection for files, or this. */
function rawDatabaseOf(store: CdsStore): Database.Database {
  const db = (store as unknown as { db: Database.Database }).db;
  if (!(db instanceof Database)) throw new Error('the store under test is not the SQLite store');
  return db;
}

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

/**
 * Schema migrations of the CDS store. Each migration runs once, in its own transaction, and leaves a row in
 * `schema_version`; opening a database that is already current changes nothing. A database written by a newer
 * release (a version above the last one known here) is refused rather than used with a schema this code does not
 * understand.
 *
 * Columns hold ids, codes, numbers and timings only (see cds-store.ts). Timestamps are ISO 8601 text, so that they
 * sort and read the same in any SQLite client.
 */
import type Database from 'better-sqlite3';
import { StoreError } from './store-error';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'audit of assessments, cards and feedback',
    sql: `
      CREATE TABLE assessments (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        source TEXT NOT NULL,
        hook_instance TEXT,
        fhir_server TEXT,
        user_ref TEXT,
        patient_id TEXT NOT NULL,
        encounter_id TEXT,
        model_package TEXT NOT NULL,
        model_version TEXT NOT NULL,
        modalities_used TEXT NOT NULL,
        modalities_missing TEXT NOT NULL,
        fetch_ms REAL,
        preprocess_ms REAL,
        inference_ms REAL,
        total_ms REAL NOT NULL
      ) STRICT;
      CREATE INDEX assessments_recorded_at ON assessments (recorded_at);
      CREATE INDEX assessments_patient ON assessments (patient_id);

      CREATE TABLE assessment_findings (
        assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
        disease TEXT NOT NULL,
        ordinal INTEGER NOT NULL,
        probability REAL NOT NULL CHECK (probability >= 0 AND probability <= 1),
        threshold REAL NOT NULL,
        likely INTEGER NOT NULL CHECK (likely IN (0, 1)),
        PRIMARY KEY (assessment_id, disease)
      ) STRICT;

      CREATE TABLE assessment_basis (
        assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
        reference TEXT NOT NULL,
        PRIMARY KEY (assessment_id, reference)
      ) STRICT;

      CREATE TABLE cards (
        uuid TEXT PRIMARY KEY,
        assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
        disease TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX cards_assessment ON cards (assessment_id);

      -- No foreign key to cards: feedback about a card this store never saw is kept (and flagged), see
      -- feedback/create-feedback-router.ts.
      CREATE TABLE feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        service_id TEXT NOT NULL,
        card_uuid TEXT NOT NULL,
        known_card INTEGER NOT NULL CHECK (known_card IN (0, 1)),
        outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
        accepted_suggestions TEXT,
        override_system TEXT,
        override_code TEXT,
        override_display TEXT,
        user_comment TEXT,
        outcome_timestamp TEXT NOT NULL,
        received_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX feedback_card ON feedback (card_uuid);
    `,
  },
];

/** What {@link migrate} did: the version found and the version left. */
export interface MigrationReport {
  from: number;
  to: number;
  applied: number[];
}

/**
 * Brings the database to the latest version of `migrations`.
 *
 * @param db - an open database
 * @param migrations - in increasing version order (default: {@link MIGRATIONS})
 * @param now - clock for `applied_at`
 * @throws StoreError when the database is newer than the migrations, or a migration fails (nothing of it is kept)
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
  now: () => Date = () => new Date(),
): MigrationReport {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as { version: number | null };
  const from = row.version ?? 0;
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new StoreError(`schema_version: the database is at version ${from}, newer than this release's ${latest}`);
  }
  const insert = db.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        insert.run(migration.version, migration.description, now().toISOString());
      })();
    } catch (error) {
      throw new StoreError(`schema migration ${migration.version} (${migration.description}) failed`, {
        cause: error,
      });
    }
    applied.push(migration.version);
  }
  return { from, to: Math.max(from, latest), applied };
}

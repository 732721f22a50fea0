import Database from 'better-sqlite3';
import { migrate, MIGRATIONS, type Migration } from './migrations';
import { isStoreError } from './store-error';

const FIXED = () => new Date('2025-03-01T00:00:00.000Z');

describe('migrate', () => {
  it('applies every migration to an empty database and nothing the second time', () => {
    const db = new Database(':memory:');

    const first = migrate(db, MIGRATIONS, FIXED);
    const second = migrate(db, MIGRATIONS, FIXED);

    expect(first).toEqual({ from: 0, to: 1, applied: [1] });
    expect(second).toEqual({ from: 1, to: 1, applied: [] });
    expect(db.prepare('SELECT version, applied_at FROM schema_version').all()).toEqual([
      { version: 1, applied_at: '2025-03-01T00:00:00.000Z' },
    ]);
    db.close();
  });

  it('applies only the migrations newer than the database', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, FIXED);
    const next: Migration = {
      version: 2,
      description: 'test column',
      sql: 'ALTER TABLE cards ADD COLUMN rank INTEGER',
    };

    const report = migrate(db, [...MIGRATIONS, next], FIXED);

    expect(report).toEqual({ from: 1, to: 2, applied: [2] });
    const columns = (db.prepare('PRAGMA table_info(cards)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toContain('rank');
    db.close();
  });

  it('leaves no trace of a migration that fails half way', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, FIXED);
    const broken: Migration = {
      version: 2,
      description: 'broken',
      sql: 'CREATE TABLE half (x INTEGER); SELECT * FROM no_such_table;',
    };

    const error = (() => {
      try {
        migrate(db, [...MIGRATIONS, broken], FIXED);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();

    expect(isStoreError(error)).toBe(true);
    expect((error as Error).message).toBe('schema migration 2 (broken) failed');
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").all()).toEqual([]);
    expect(db.prepare('SELECT MAX(version) AS v FROM schema_version').get()).toEqual({ v: 1 });
    db.close();
  });

  it('refuses a database written by a newer release', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, FIXED);
    db.prepare("INSERT INTO schema_version VALUES (9, 'future', '2030-01-01T00:00:00Z')").run();

    expect(() => migrate(db, MIGRATIONS, FIXED)).toThrow('the database is at version 9, newer than this release');
    db.close();
  });
});

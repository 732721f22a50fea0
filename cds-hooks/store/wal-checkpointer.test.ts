import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { StoreError } from './store-error';
import { startWalCheckpointer } from './wal-checkpointer';

/** Polls `condition` every 10 ms until it holds or `timeoutMs` passes. */
async function eventually(condition: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

describe('startWalCheckpointer', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wal-checkpointer-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("copies the writer's pages into the database file from a worker, with the writer's own checkpoint off", async () => {
    const path = join(dir, 'store.sqlite');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');

    const checkpointer = startWalCheckpointer(db, path, { intervalMs: 20 });
    const off = await eventually(() => db.pragma('wal_autocheckpoint', { simple: true }) === 0);
    const before = statSync(path).size;
    // 200 rows of 1 kB: ~50 pages of 4 kB, well below the 1,000 pages of SQLite's own checkpoint.
    for (let i = 0; i < 200; i++) insert.run('x'.repeat(1024));
    const copied = await eventually(() => statSync(path).size > before + 100 * 1024);
    checkpointer.stop();
    db.close();

    expect(off).toBe(true);
    expect(copied).toBe(true);
  });

  it('gives the writer its automatic checkpoint back and says why when the worker cannot open the file', async () => {
    const path = join(dir, 'store.sqlite');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    const errors: StoreError[] = [];

    startWalCheckpointer(db, join(dir, 'no-such-folder', 'store.sqlite'), { onError: (e) => errors.push(e) });
    const told = await eventually(() => errors.length > 0);

    expect(told).toBe(true);
    expect(errors[0]?.message).toContain('background WAL checkpoints of');
    expect(errors[0]?.message).toContain('no-such-folder');
    // SQLite's default, 1,000 pages (https://www.sqlite.org/pragma.html#pragma_wal_autocheckpoint).
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });
});

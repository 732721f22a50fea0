/**
 * WAL checkpoints of the CDS store from a worker thread, so that the connection that writes audit rows on the event
 * loop never stalls on one.
 *
 * SQLite's automatic checkpoint runs inside the COMMIT that takes the WAL past 1,000 pages: it copies those pages
 * into the database file and syncs it, 5–20 ms on a loaded 2-core machine, on the main thread, about once every
 * hundred hook calls (every request then in flight waits). Here the writing connection turns the automatic
 * checkpoint off, and a second connection in a worker thread runs `PRAGMA wal_checkpoint(PASSIVE)` every
 * `intervalMs`: a passive checkpoint never blocks the writer, and the writer restarts the WAL from its beginning on
 * its next transaction once a checkpoint has copied everything (https://www.sqlite.org/wal.html#ckpt).
 *
 * If the worker cannot start or fails, the writer gets its automatic checkpoint back, so the WAL never grows without
 * bound.
 */
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { StoreError } from './store-error';

/** Pages in the WAL that trigger SQLite's own checkpoint (its default), restored when the worker is gone. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

/** Options of {@link startWalCheckpointer}. */
export interface WalCheckpointerOptions {
  /** Milliseconds between two checkpoints (default 500). */
  intervalMs?: number;
  /** Told when the worker fails (the writer is back on automatic checkpoints then). */
  onError?: (error: StoreError) => void;
}

/** The running checkpointer. */
export interface WalCheckpointer {
  /** Asks the worker to checkpoint once more and close its connection; returns at once (the worker does not hold the process). */
  stop(): void;
}

// Plain CommonJS run by the worker: a TypeScript file would need the loader that runs this one (tsx, jest's SWC),
// which a worker thread does not inherit. It requires the same better-sqlite3 as the writer, by resolved path.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: error && error.message ? error.message : String(error) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
parentPort.postMessage({ type: 'ready' });
`;

/**
 * Starts checkpointing the WAL database at `path` from a worker thread, and turns `db`'s automatic checkpoint off
 * once the worker has opened the file.
 *
 * @param db - the writing connection (WAL mode)
 * @param path - its database file
 * @param options - interval and error callback
 */
export function startWalCheckpointer(
  db: Database.Database,
  path: string,
  options: WalCheckpointerOptions = {},
): WalCheckpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver: require.resolve('better-sqlite3'), path, intervalMs: options.intervalMs ?? 500 },
  });
  worker.unref();
  let running = true;
  const fallBack = (reason: string, cause?: unknown) => {
    if (!running) return;
    running = false;
    if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    // A worker whose checkpoints fail is stopped: the writer checkpoints for itself from now on.
    void worker.terminate();
    options.onError?.(new StoreError(`background WAL checkpoints of ${path} stopped: ${reason}`, { cause }));
  };
  worker.on('message', (message: { type: string; message?: string }) => {
    if (message.type === 'ready' && running && db.open) db.pragma('wal_autocheckpoint = 0');
    else if (message.type === 'error') fallBack(message.message ?? 'checkpoint failed');
  });
  worker.on('error', (error) => fallBack(error.message, error));
  worker.on('exit', (code) => {
    if (code !== 0) fallBack(`worker exited with code ${code}`);
    running = false;
  });
  return {
    stop() {
      if (!running) return;
      running = false;
      worker.postMessage('stop');
    },
  };
}

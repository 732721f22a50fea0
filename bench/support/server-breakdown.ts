/**
 * Where the server's time went during a phase of the CDS Hooks bench, from what the server itself records: the
 * audit store (one row per assessment with fetchMs, preprocessMs, inferenceMs and totalMs; ids and timings only) and
 * the sandbox's access log (method, redacted path, status and ms of each /fhir request the service made).
 */
import { openSync, readSync, fstatSync, closeSync } from 'node:fs';
import Database from 'better-sqlite3';

/** Per-assessment timings of a phase, ms, and how many assessments used each set of modalities. */
export interface AuditTimings {
  count: number;
  fetchMs: number[];
  preprocessMs: number[];
  inferenceMs: number[];
  totalMs: number[];
  modalities: Map<string, number>;
}

/** Reads the assessments recorded in [fromIso, toIso] from the audit database (read-only; the server keeps writing). */
export function auditTimings(dbPath: string, fromIso: string, toIso: string): AuditTimings {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `SELECT fetch_ms, preprocess_ms, inference_ms, total_ms, modalities_used FROM assessments
         WHERE recorded_at >= ? AND recorded_at <= ?`,
      )
      .all(fromIso, toIso) as {
      fetch_ms: number | null;
      preprocess_ms: number | null;
      inference_ms: number | null;
      total_ms: number;
      modalities_used: string;
    }[];
    const timings: AuditTimings = {
      count: rows.length,
      fetchMs: [],
      preprocessMs: [],
      inferenceMs: [],
      totalMs: [],
      modalities: new Map(),
    };
    for (const row of rows) {
      if (row.fetch_ms !== null) timings.fetchMs.push(row.fetch_ms);
      if (row.preprocess_ms !== null) timings.preprocessMs.push(row.preprocess_ms);
      if (row.inference_ms !== null) timings.inferenceMs.push(row.inference_ms);
      timings.totalMs.push(row.total_ms);
      timings.modalities.set(row.modalities_used, (timings.modalities.get(row.modalities_used) ?? 0) + 1);
    }
    return timings;
  } finally {
    db.close();
  }
}

/** The /fhir requests of a phase by method and redacted path: count and summed ms; and log lines at warn or above. */
export interface FhirAccess {
  byPath: Map<string, { count: number; ms: number; failures: number }>;
  warnings: number;
}

/** Size of a file now, to mark where a phase's log starts. */
export function fileSize(file: string): number {
  const fd = openSync(file, 'r');
  try {
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}

/** Parses the pino lines written to `file` between the byte offsets `from` and `to`. */
export function fhirAccess(file: string, from: number, to: number): FhirAccess {
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(Math.max(0, to - from));
  try {
    readSync(fd, buffer, 0, buffer.length, from);
  } finally {
    closeSync(fd);
  }
  const access: FhirAccess = { byPath: new Map(), warnings: 0 };
  for (const line of buffer.toString('utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as {
      level?: number;
      msg?: string;
      method?: string;
      path?: string;
      ms?: number;
      status?: number;
    };
    // pino levels: 40 warn, 50 error, 60 fatal.
    if ((entry.level ?? 0) >= 40) access.warnings++;
    if (entry.msg !== 'request' || !entry.path?.startsWith('/fhir')) continue;
    const key = `${entry.method ?? '?'} ${entry.path}`;
    const item = access.byPath.get(key) ?? { count: 0, ms: 0, failures: 0 };
    item.count++;
    item.ms += entry.ms ?? 0;
    if ((entry.status ?? 0) >= 400) item.failures++;
    access.byPath.set(key, item);
  }
  return access;
}

/**
 * Messages between the CDS Hooks load bench and the server it starts in a child process (node's IPC channel of
 * `fork`). Only ids, counts and figures cross it: never resource bodies.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Memory of the server process, bytes (process.memoryUsage()), and the CPU time it has used so far. */
export interface ServerMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** User + system CPU time since the process started, µs (process.cpuUsage()). */
  cpuUs: number;
}

/** Parent → child. */
export type BenchServerRequest =
  /** Sample memory; with `gc`, after a full garbage collection (retained memory, not garbage not yet collected). */
  | { type: 'memory'; id: number; gc: boolean }
  /** Close the server and exit (so that --cpu-prof writes its profile). */
  | { type: 'stop' };

/** Child → parent. */
export type BenchServerReply =
  | {
      type: 'ready';
      baseUrl: string;
      patientIds: string[];
      syntheticMs: number;
      model: string;
      executionProvider: string;
    }
  | { type: 'failed'; reason: string }
  | { type: 'memory'; id: number; memory: ServerMemory };

/** A full garbage collection, when the flag can be set at run time (V8's `--expose-gc` through a fresh context). */
export function exposeGc(): (() => void) | undefined {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
  return typeof gc === 'function' ? (gc as () => void) : undefined;
}

/** process.memoryUsage() and process.cpuUsage() as {@link ServerMemory}, after a full collection when `gc` is given. */
export function sampleMemory(gc?: () => void): ServerMemory {
  gc?.();
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  const cpu = process.cpuUsage();
  return { rss, heapUsed, heapTotal, external, arrayBuffers, cpuUs: cpu.user + cpu.system };
}

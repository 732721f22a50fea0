/**
 * The closed-loop load generator of the CDS Hooks bench: `concurrency` clients, each sending one hook call at a
 * time (sign a JWT for the call, POST, read the body, check it) and the next as soon as the answer is in, rotating
 * over the patients, until the phase's time is up. Node's fetch (undici) keeps connections alive, so each client
 * soon holds its own connection. Only the measured phase records figures; the warm-up phase just runs.
 */
import { cdsResponseViolations } from '../../cds-hooks/conformance/assert-cds-conforms';
import type { BenchServer } from './bench-server';
import type { HookCall } from './hook-calls';

/** What one phase of load measured. */
export interface LoadResult {
  seconds: number;
  /** Per request, ms: JWT signing + the HTTP round trip + reading the body (what the EHR waits). */
  latencyMs: number[];
  /** Per request, ms: JWT signing alone. */
  signMs: number[];
  ok: number;
  /** Responses by status other than 200. */
  statuses: Map<number, number>;
  /** 200 responses whose body breaks the card or response rules (conformance/). */
  invalid: number;
  /** Requests that got no response. */
  network: number;
  /** A few distinct reasons, for the output (statuses, first violation, network error message). */
  reasons: Set<string>;
  /** 200 responses with `{"cards": []}` (no data in the window): valid, but worth knowing. */
  emptyCardSets: number;
  cards: number;
  /** CPU time this (load generator) process used during the phase, µs. */
  generatorCpuUs: number;
}

export interface LoadOptions {
  url: string;
  calls: readonly HookCall[];
  concurrency: number;
  seconds: number;
  /** Check each 200 body against the spec's card rules (conformance/). */
  validate: boolean;
}

const MAX_REASONS = 5;

/** Runs one phase; resolves when every client's last call has finished (so the server is idle afterwards). */
export async function runLoad(server: BenchServer, options: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = {
    seconds: 0,
    latencyMs: [],
    signMs: [],
    ok: 0,
    statuses: new Map(),
    invalid: 0,
    network: 0,
    reasons: new Set(),
    emptyCardSets: 0,
    cards: 0,
    generatorCpuUs: 0,
  };
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  let next = 0;
  const reason = (text: string) => {
    if (result.reasons.size < MAX_REASONS) result.reasons.add(text);
  };

  const client = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const call = options.calls[next++ % options.calls.length] as HookCall;
      const body = call.body();
      const t0 = performance.now();
      const token = await server.sign(options.url);
      const t1 = performance.now();
      let status = 0;
      let text = '';
      try {
        const response = await fetch(options.url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        result.network++;
        reason(`network: ${error instanceof Error ? error.message : String(error)}`);
      }
      const t2 = performance.now();
      result.latencyMs.push(t2 - t0);
      result.signMs.push(t1 - t0);
      if (status === 0) continue;
      if (status !== 200) {
        result.statuses.set(status, (result.statuses.get(status) ?? 0) + 1);
        reason(`HTTP ${status}: ${text.slice(0, 200)}`);
        continue;
      }
      checkBody(text, options.validate, result, reason);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const cpu = process.cpuUsage(cpuStart);
  result.generatorCpuUs = cpu.user + cpu.system;
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

function checkBody(text: string, validate: boolean, result: LoadResult, reason: (text: string) => void): void {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON at all: counted as an invalid response, with the cause.
    result.invalid++;
    reason('200 with a body that is not JSON');
    return;
  }
  const violations = validate ? cdsResponseViolations(body) : [];
  if (violations.length > 0) {
    result.invalid++;
    reason(`invalid response: ${violations[0]}`);
    return;
  }
  const cards = (body as { cards?: unknown[] }).cards ?? [];
  result.ok++;
  result.cards += cards.length;
  if (cards.length === 0) result.emptyCardSets++;
}

/** Errors of a phase: non-200, invalid bodies and requests without a response. */
export function errorCount(result: LoadResult): number {
  let errors = result.invalid + result.network;
  for (const count of result.statuses.values()) errors += count;
  return errors;
}

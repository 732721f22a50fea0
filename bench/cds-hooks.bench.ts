/**
 * CDS Hooks patient-view under load, against issue 5's Done-when:
 * - with the full prefetch: p50 < 100 ms and p99 < 300 ms at 20 concurrent requests for 60 s on 2 cores, no errors,
 *   memory flat after warm-up (< 10 % growth);
 * - through fhirServer, fetching everything from the sandbox: p99 < 500 ms.
 *
 * The server is `npm start`'s composition (startSandbox: sandbox FHIR server with a synthetic cohort, the CDS Hooks
 * service with JWT client auth on, rate limit, audit store on disk, metrics), by default in a child process so that
 * its CPU and memory are its own (`--server inproc` runs it in this process). Every call carries a bearer JWT that a
 * development CDS client signs for that call (ES384, verified by the service: signature, iss, aud, exp/iat, jti).
 * The load is closed-loop: `--concurrency` clients each send the next call when the last one answered, rotating over
 * the patients, for a warm-up (not measured) and then `--seconds`. Both share the machine's cores with the server.
 *
 * Per scenario it prints latency (p50/p90/p99/max, signing included), throughput, errors (non-200, a body that
 * breaks the spec's card rules, no response), the server's CPU per request, its own timings from the audit store
 * (fetch, preprocess, inference), the /fhir requests it made (access log), and memory (RSS and heap after a full GC)
 * from the end of warm-up to the end, each figure as a ratio of its floor.
 *
 * It also prints the derived-data cache's hit ratio per region over the measured phase (the server's /metrics);
 * `--cache off` starts the server with CDS_CACHE_MB=0, so that the cold path (every file fetched and decoded, every
 * tensor and measurement computed) is measured too.
 *
 * Run: `npm run bench:cds [-- --seconds 60] [--warmup 10] [--concurrency 20] [--patients 50]
 *   [--scenario both|prefetch|fhir] [--server child|inproc] [--cache on|off] [--model DIR] [--cpu-prof DIR]
 *   [--log-level info]`.
 * The rate limit (CDS_RATE_LIMIT_PER_MINUTE) is raised for the bench: every client comes from one IP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { argValue, benchPackage, machineLine, quantile } from './bench-support';
import { startBenchServer, type BenchServer, type BenchServerMode } from './support/bench-server';
import type { ServerMemory } from './support/bench-server-protocol';
import { describeCacheRatios, scrapeCache } from './support/cache-ratios';
import { buildHookCalls, hookUrl, type HookCall } from './support/hook-calls';
import { errorCount, runLoad, type LoadResult } from './support/load-generator';
import { auditTimings, fhirAccess, fileSize } from './support/server-breakdown';

const P50_FLOOR_MS = 100;
const P99_FLOOR_MS = 300;
const P99_FHIR_FLOOR_MS = 500;
const GROWTH_FLOOR = 0.1;

interface Scenario {
  name: 'prefetch' | 'fhir';
  title: string;
  withPrefetch: boolean;
  floors: { label: string; value: (r: LoadResult) => number; floor: number }[];
}

const SCENARIOS: Scenario[] = [
  {
    name: 'prefetch',
    title: 'full prefetch (every discovery template filled in), fhirServer for what a prefetch cannot carry',
    withPrefetch: true,
    floors: [
      { label: 'p50 < 100 ms', value: (r) => quantile(r.latencyMs, 0.5), floor: P50_FLOOR_MS },
      { label: 'p99 < 300 ms', value: (r) => quantile(r.latencyMs, 0.99), floor: P99_FLOOR_MS },
    ],
  },
  {
    name: 'fhir',
    title: 'no prefetch: everything read from fhirServer (the sandbox /fhir) with the bearer token',
    withPrefetch: false,
    floors: [{ label: 'p99 < 500 ms', value: (r) => quantile(r.latencyMs, 0.99), floor: P99_FHIR_FLOOR_MS }],
  },
];

const MB = 1024 * 1024;

function numberArg(name: string, fallback: number): number {
  const value = Number(argValue(name) ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

function ms(values: readonly number[], q: number): string {
  return values.length === 0 ? 'n/a' : quantile(values, q).toFixed(1);
}

function verdict(ratio: number): string {
  return ratio < 1 ? 'met' : 'NOT met';
}

function growth(from: number, to: number): number {
  return (to - from) / from;
}

function describeMemory(label: string, from: number, to: number): { line: string; growth: number } {
  const g = growth(from, to);
  return {
    line: `${label} ${(from / MB).toFixed(1)} → ${(to / MB).toFixed(1)} MB (${g >= 0 ? '+' : ''}${(g * 100).toFixed(1)} %)`,
    growth: g,
  };
}

/** Samples the server every second until stopped. */
function sampleEverySecond(server: BenchServer): { stop(): Promise<ServerMemory[]> } {
  const samples: ServerMemory[] = [];
  let pending: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    pending = server.memory(false).then((m) => {
      samples.push(m);
    });
  }, 1000);
  return {
    async stop() {
      clearInterval(timer);
      await pending;
      return samples;
    },
  };
}

async function runScenario(
  server: BenchServer,
  scenario: Scenario,
  settings: {
    seconds: number;
    warmup: number;
    concurrency: number;
    dbPath: string;
    logFile: string;
    mode: BenchServerMode;
  },
): Promise<boolean> {
  const calls: HookCall[] = await buildHookCalls(server, scenario.withPrefetch);
  const url = hookUrl(server);
  const meanKb = calls.reduce((sum, c) => sum + c.bytes, 0) / calls.length / 1024;
  console.log(`\nscenario ${scenario.name}: ${scenario.title}`);
  console.log(
    `  ${calls.length} patients, request body mean ${meanKb.toFixed(0)} KiB; ${settings.concurrency} concurrent ` +
      `clients; warm-up ${settings.warmup} s, then ${settings.seconds} s measured`,
  );

  await runLoad(server, { url, calls, concurrency: settings.concurrency, seconds: settings.warmup, validate: true });
  const before = await server.memory(true);
  const cacheBefore = await scrapeCache(server.baseUrl);
  const logFrom = settings.mode === 'child' ? fileSize(settings.logFile) : 0;
  const fromIso = new Date().toISOString();
  const sampler = sampleEverySecond(server);
  const result = await runLoad(server, {
    url,
    calls,
    concurrency: settings.concurrency,
    seconds: settings.seconds,
    validate: true,
  });
  const perSecond = await sampler.stop();
  const toIso = new Date().toISOString();
  const logTo = settings.mode === 'child' ? fileSize(settings.logFile) : 0;
  const after = await server.memory(true);
  const cacheAfter = await scrapeCache(server.baseUrl);

  const requests = result.latencyMs.length;
  const errors = errorCount(result);
  const statuses = [...result.statuses].map(([status, n]) => `${status}×${n}`).join(', ') || 'none';
  console.log(
    `  requests ${requests} in ${result.seconds.toFixed(1)} s: ${(requests / result.seconds).toFixed(1)} req/s; ` +
      `${result.cards} cards (${(result.cards / Math.max(1, result.ok)).toFixed(2)} per answer), ` +
      `${result.emptyCardSets} answers with no cards`,
  );
  console.log(
    `  errors ${errors}: non-200 ${statuses}; invalid bodies ${result.invalid}; no response ${result.network}`,
  );
  for (const reason of result.reasons) console.log(`    e.g. ${reason}`);
  console.log(
    `  latency (JWT signing + round trip) p50 ${ms(result.latencyMs, 0.5)}  p90 ${ms(result.latencyMs, 0.9)}  ` +
      `p99 ${ms(result.latencyMs, 0.99)}  max ${ms(result.latencyMs, 1)} ms; of which signing p50 ` +
      `${ms(result.signMs, 0.5)}  p99 ${ms(result.signMs, 0.99)} ms`,
  );
  const serverCpuMs = (after.cpuUs - before.cpuUs) / 1000;
  const perRequest = (us: number) => `${(us / 1000 / Math.max(1, requests)).toFixed(1)} ms per request`;
  const cores = (us: number) => `${(us / 1e6 / result.seconds).toFixed(2)} cores`;
  const load = `load average ${loadavg()[0]?.toFixed(2)}`;
  console.log(
    server.mode === 'inproc'
      ? `  CPU (server and load generator in one process): ${perRequest(serverCpuMs * 1000)}, ` +
          `${cores(serverCpuMs * 1000)}; ${load}`
      : `  CPU: server ${perRequest(serverCpuMs * 1000)}, ${cores(serverCpuMs * 1000)}; load generator ` +
          `${perRequest(result.generatorCpuUs)}, ${cores(result.generatorCpuUs)}; ${load}`,
  );

  // Closed loop: mean latency = clients / throughput (Little's law). With the server's CPU per request c on k
  // cores, throughput is at most k / c, so the mean latency cannot fall below clients × c / k.
  const coreCount = availableParallelism();
  const perRequestMs = serverCpuMs / Math.max(1, requests);
  console.log(
    `  capacity: at ${perRequestMs.toFixed(1)} ms of server CPU per request, ${coreCount} cores serve at most ` +
      `${((coreCount * 1000) / perRequestMs).toFixed(0)} req/s, so ${settings.concurrency} clients wait at least ` +
      `${((settings.concurrency * perRequestMs) / coreCount).toFixed(0)} ms on average (Little's law); a mean under ${P50_FLOOR_MS} ms ` +
      `needs ≤ ${((coreCount * P50_FLOOR_MS) / settings.concurrency).toFixed(0)} ms of CPU per request`,
  );

  const audit = auditTimings(settings.dbPath, fromIso, toIso);
  console.log(
    `  server timings per assessment (audit store, ${audit.count} assessments), p50 / p99 ms: ` +
      `fetch ${ms(audit.fetchMs, 0.5)} / ${ms(audit.fetchMs, 0.99)}, ` +
      `preprocess ${ms(audit.preprocessMs, 0.5)} / ${ms(audit.preprocessMs, 0.99)}, ` +
      `inference ${ms(audit.inferenceMs, 0.5)} / ${ms(audit.inferenceMs, 0.99)}, ` +
      `assessment total ${ms(audit.totalMs, 0.5)} / ${ms(audit.totalMs, 0.99)}`,
  );
  for (const line of describeCacheRatios(cacheBefore, cacheAfter, requests)) console.log(`  ${line}`);
  const modalities = [...audit.modalities]
    .sort((a, b) => b[1] - a[1])
    .map(([used, n]) => `${used} ${n}`)
    .join('; ');
  console.log(`  modalities used: ${modalities || 'n/a'}`);
  if (settings.mode === 'child') {
    const access = fhirAccess(settings.logFile, logFrom, logTo);
    const total = [...access.byPath.values()].reduce((sum, a) => sum + a.count, 0);
    const paths = [...access.byPath]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(
        ([key, a]) =>
          `${key} ${(a.count / Math.max(1, requests)).toFixed(2)}/call, mean ${(a.ms / a.count).toFixed(1)} ms` +
          (a.failures ? `, ${a.failures} failed` : ''),
      );
    console.log(
      `  /fhir requests made by the service: ${(total / Math.max(1, requests)).toFixed(2)} per hook call; ` +
        `log lines at warn or above: ${access.warnings}`,
    );
    for (const line of paths) console.log(`    ${line}`);
  }

  const rss = describeMemory('RSS', before.rss, after.rss);
  const heap = describeMemory('heap used', before.heapUsed, after.heapUsed);
  const rssSeries = perSecond.map((m) => m.rss / MB);
  console.log(
    `  memory (server, after a full GC), end of warm-up → end: ${rss.line}; ${heap.line}; ` +
      `RSS sampled each second ${Math.min(...rssSeries).toFixed(0)}–${Math.max(...rssSeries).toFixed(0)} MB ` +
      `(${perSecond.length} samples)`,
  );

  console.log('  against the floors:');
  let met = true;
  for (const floor of scenario.floors) {
    const ratio = floor.value(result) / floor.floor;
    met &&= ratio < 1;
    console.log(
      `    ${floor.label}: ${floor.value(result).toFixed(1)} ms, ${ratio.toFixed(2)} of the floor (${verdict(ratio)})`,
    );
  }
  console.log(`    no errors: ${errors} (${errors === 0 ? 'met' : 'NOT met'})`);
  met &&= errors === 0;
  for (const memory of [rss, heap]) {
    const ratio = Math.max(0, memory.growth) / GROWTH_FLOOR;
    met &&= ratio < 1;
    console.log(
      `    memory growth < 10 %: ${memory.line.split(' ')[0] === 'RSS' ? 'RSS' : 'heap used'} ` +
        `${(memory.growth * 100).toFixed(1)} %, ${ratio.toFixed(2)} of the floor (${verdict(ratio)})`,
    );
  }
  return met;
}

async function main(): Promise<void> {
  const seconds = numberArg('seconds', 60);
  const warmup = numberArg('warmup', 10);
  const concurrency = numberArg('concurrency', 20);
  const patients = numberArg('patients', 50);
  const mode = (argValue('server') ?? 'child') as BenchServerMode;
  if (mode !== 'child' && mode !== 'inproc') throw new Error('--server must be child or inproc');
  const which = argValue('scenario') ?? 'both';
  const scenarios = SCENARIOS.filter((s) => which === 'both' || s.name === which);
  if (scenarios.length === 0) throw new Error('--scenario must be both, prefetch or fhir');
  const cpuProf = argValue('cpu-prof');
  const logLevel = argValue('log-level') ?? (mode === 'child' ? 'info' : 'warn');
  const cache = argValue('cache') ?? 'on';
  if (cache !== 'on' && cache !== 'off') throw new Error('--cache must be on or off');

  const pkg = await benchPackage(argValue('model'));
  const temp = mkdtempSync(path.join(tmpdir(), 'medtvt-cds-bench-'));
  const dbPath = path.join(temp, 'audit.sqlite');
  const logFile = path.join(temp, 'server.log');
  let server: BenchServer | undefined;
  try {
    const started = performance.now();
    server = await startBenchServer({
      mode,
      logFile,
      ...(cpuProf ? { cpuProfDir: path.resolve(cpuProf) } : {}),
      env: {
        SANDBOX_SYNTHETIC_PATIENTS: String(patients),
        SANDBOX_SEED: 'cds-bench',
        CDS_ENABLED: 'true',
        CDS_AUTH: 'jwt',
        MODEL_DIR: pkg.dir,
        CDS_DB_PATH: dbPath,
        // One client IP sends everything here; the default 600/min would answer 429 within seconds.
        CDS_RATE_LIMIT_PER_MINUTE: '10000000',
        LOG_LEVEL: logLevel,
        // Off: the cold path, every file fetched and decoded and every tensor computed (on: the default budget).
        ...(cache === 'off' ? { CDS_CACHE_MB: '0' } : {}),
      },
    });
    console.log(`cds-hooks bench: ${pkg.description}`);
    console.log(`  ${machineLine()}`);
    console.log(
      `  server: startSandbox ${mode === 'child' ? 'in a child process' : 'in this process'}, ` +
        `${server.patientIds.length} synthetic patients (seeded in ${(server.syntheticMs / 1000).toFixed(1)} s; ` +
        `up in ${((performance.now() - started) / 1000).toFixed(1)} s), model ${server.model}, CDS_AUTH=jwt, ` +
        `audit store on disk, log level ${logLevel}${mode === 'child' ? ' to a file' : ''}, ` +
        `derived-data cache ${cache === 'off' ? 'off (CDS_CACHE_MB=0)' : 'on'}`,
    );
    console.log(`  each call signed by ${server.signer}`);
    let allMet = true;
    for (const scenario of scenarios) {
      const met = await runScenario(server, scenario, { seconds, warmup, concurrency, dbPath, logFile, mode });
      allMet &&= met;
    }
    console.log(`\n${allMet ? 'every floor met' : 'some floors NOT met'}`);
  } finally {
    await server?.close();
    if (cpuProf) console.log(`server CPU profile written to ${path.resolve(cpuProf)}`);
    rmSync(temp, { recursive: true, force: true });
    pkg.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

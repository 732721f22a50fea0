/**
 * Starts the server the CDS Hooks load bench measures, `npm start`'s composition (startSandbox), either in a child
 * process (the default: the server's CPU, event loop and memory are its own, and the load generator's JSON and
 * signing work is not charged to it) or in the bench's own process. Either way each hook call carries a bearer JWT
 * signed per call by an ES384 development CDS client (cds-hooks/services/development-client.ts): in-process the
 * sandbox's own one; in a child, one made here whose public JWKS the child trusts through CDS_TRUSTED_CLIENTS (its
 * private key cannot cross the process boundary, and the server verifies both the same way).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import path from 'node:path';
import { createDevelopmentCdsClient } from '../../cds-hooks/services/development-client';
import { startSandbox } from '../../src/main';
import { createLogger, loadConfig } from '../../src/shared/index';
import {
  exposeGc,
  sampleMemory,
  type BenchServerReply,
  type BenchServerRequest,
  type ServerMemory,
} from './bench-server-protocol';

/** Where the server runs. */
export type BenchServerMode = 'child' | 'inproc';

export interface BenchServerOptions {
  mode: BenchServerMode;
  /** The server's environment (loadConfig keys); PORT, HOST and CDS_TRUSTED_CLIENTS are set here. */
  env: Record<string, string>;
  /** Child only: the server's stdout and stderr (its pino log) go to this file. */
  logFile: string;
  /** Child only: write a V8 CPU profile of the server into this folder when it stops. */
  cpuProfDir?: string;
}

/** The running server, as the load generator sees it. */
export interface BenchServer {
  mode: BenchServerMode;
  baseUrl: string;
  /** Synthetic patient ids, cohort order. */
  patientIds: string[];
  syntheticMs: number;
  /** `name version` of the loaded model. */
  model: string;
  /** Which client signs, for the output. */
  signer: string;
  /** A bearer JWT for one call to `aud` (the exact URL called). */
  sign(aud: string): Promise<string>;
  /** The server process's memory; with `gc`, after a full collection. */
  memory(gc: boolean): Promise<ServerMemory>;
  close(): Promise<void>;
}

/** The `iss` of the bench's own development client (child mode). */
const BENCH_ISSUER = 'http://bench-ehr.localhost';

/** Starts the server and waits until its model is loaded. */
export function startBenchServer(options: BenchServerOptions): Promise<BenchServer> {
  return options.mode === 'child' ? startChild(options) : startInProcess(options);
}

async function startInProcess(options: BenchServerOptions): Promise<BenchServer> {
  const gc = exposeGc();
  const config = loadConfig({ ...options.env, PORT: '0', HOST: '127.0.0.1' });
  const sandbox = await startSandbox(config, createLogger({ level: config.LOG_LEVEL, name: 'bench-server' }));
  await sandbox.cds?.model.loaded;
  const state = sandbox.cds?.model.state();
  const client = sandbox.cds?.developmentClient;
  if (state?.status !== 'ready' || !client) {
    await sandbox.close();
    throw new Error(`the CDS service is not ready: ${state?.status === 'unavailable' ? state.reason : 'no model'}`);
  }
  return {
    mode: 'inproc',
    baseUrl: sandbox.baseUrl,
    patientIds: sandbox.synthetic?.patientIds ?? [],
    syntheticMs: sandbox.synthetic?.ms ?? 0,
    model: config.MODEL_DIR,
    signer: "the sandbox's development client (ES384, iss = PUBLIC_BASE_URL)",
    sign: (aud) => client.sign(aud),
    memory: async (withGc) => sampleMemory(withGc ? gc : undefined),
    close: () => sandbox.close(),
  };
}

async function startChild(options: BenchServerOptions): Promise<BenchServer> {
  const client = await createDevelopmentCdsClient(BENCH_ISSUER);
  const log = openSync(options.logFile, 'a');
  const execArgv = [...process.execArgv];
  if (options.cpuProfDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`);
  const child = fork(path.join(__dirname, 'cds-bench-server-child.ts'), [], {
    // process.execArgv carries tsx's loader flags, so the child runs the TypeScript source as this process does.
    execArgv,
    env: {
      ...process.env,
      ...options.env,
      PORT: '0',
      HOST: '127.0.0.1',
      CDS_TRUSTED_CLIENTS: JSON.stringify([client.trustedClient]),
    },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  const ready = await new Promise<Extract<BenchServerReply, { type: 'ready' }>>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the server exited (${code}); see ${options.logFile}`));
    child.once('exit', onExit);
    child.on('message', (message: BenchServerReply) => {
      if (message.type === 'ready') {
        child.off('exit', onExit);
        resolve(message);
      } else if (message.type === 'failed') {
        child.kill();
        reject(new Error(`${message.reason}; see ${options.logFile}`));
      }
    });
  });
  const pending = new Map<number, (memory: ServerMemory) => void>();
  let nextId = 0;
  child.on('message', (message: BenchServerReply) => {
    if (message.type !== 'memory') return;
    pending.get(message.id)?.(message.memory);
    pending.delete(message.id);
  });
  return {
    mode: 'child',
    baseUrl: ready.baseUrl,
    patientIds: ready.patientIds,
    syntheticMs: ready.syntheticMs,
    model: `${ready.model} (${ready.executionProvider})`,
    signer: `a development client made by the bench (ES384, iss ${BENCH_ISSUER}), trusted via CDS_TRUSTED_CLIENTS`,
    sign: (aud) => client.sign(aud),
    memory: (gc) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        request(child, { type: 'memory', id, gc });
      }),
    close: () => stopChild(child),
  };
}

function request(child: ChildProcess, message: BenchServerRequest): void {
  child.send(message);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve();
      return;
    }
    // A profile is written on a clean exit; a stuck close gets 20 s.
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    request(child, { type: 'stop' });
  });
}

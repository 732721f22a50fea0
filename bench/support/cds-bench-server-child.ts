/**
 * The server side of the CDS Hooks load bench, run by `fork` in its own process so that its CPU and memory are
 * measured apart from the load generator's: `npm start`'s composition (startSandbox: the sandbox FHIR server with
 * its synthetic cohort and the CDS Hooks service with JWT client auth, rate limit, audit store and metrics), its
 * configuration from the environment the parent sets. Talks to the parent over IPC (bench-server-protocol.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSandbox } from '../../src/main';
import { createLogger, loadConfig } from '../../src/shared/index';
import { exposeGc, sampleMemory, type BenchServerReply, type BenchServerRequest } from './bench-server-protocol';

function send(message: BenchServerReply): void {
  process.send?.(message);
}

/** `name version` of the package in MODEL_DIR (its manifest), for the bench's first lines. */
function modelName(dir: string): string {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    name?: string;
    version?: string;
  };
  return `${manifest.name ?? '?'} ${manifest.version ?? '?'}`;
}

async function main(): Promise<void> {
  const gc = exposeGc();
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'bench-server' });
  // The parent asks nothing before 'ready'; if it goes away, so does the server.
  process.on('disconnect', () => process.exit(1));
  const sandbox = await startSandbox(config, logger);
  process.on('message', (message: BenchServerRequest) => {
    if (message.type === 'memory') {
      send({ type: 'memory', id: message.id, memory: sampleMemory(message.gc ? gc : undefined) });
    } else if (message.type === 'stop') {
      const done = () => process.exit(0);
      sandbox.close().then(done, done);
    }
  });
  await sandbox.cds?.model.loaded;
  const state = sandbox.cds?.model.state();
  if (state?.status !== 'ready') {
    const reason = !sandbox.cds ? 'CDS_ENABLED is off' : state?.status === 'unavailable' ? state.reason : 'loading';
    send({ type: 'failed', reason: `the CDS service has no model: ${reason}` });
    return;
  }
  send({
    type: 'ready',
    baseUrl: sandbox.baseUrl,
    patientIds: sandbox.synthetic?.patientIds ?? [],
    syntheticMs: sandbox.synthetic?.ms ?? 0,
    model: modelName(config.MODEL_DIR),
    executionProvider: config.MODEL_EXECUTION_PROVIDER,
  });
}

main().catch((error: unknown) => {
  send({ type: 'failed', reason: error instanceof Error ? error.message : String(error) });
});

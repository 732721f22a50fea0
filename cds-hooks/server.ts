/**
 * The CDS Hooks service on its own (without the sandbox): reads the configuration, composes the service and
 * listens. `tsx cds-hooks/server.ts`. FHIR data comes from the CDS clients' prefetch and their fhirServer (which
 * must be in CDS_FHIR_ALLOWLIST); `npm start` serves the same service beside the sandbox instead.
 */
import type { Server } from 'node:http';
import express from 'express';
import { createLogger, loadConfig, type AppConfig, type Logger } from '../src/shared/index';
import { composeCds, type CdsComposition } from './services/compose-cds';

export interface RunningCdsServer {
  server: Server;
  cds: CdsComposition;
  close(): Promise<void>;
}

/**
 * @param config - from loadConfig
 */
export async function startCdsServer(config: AppConfig, logger: Logger): Promise<RunningCdsServer> {
  const cds = await composeCds(config, logger, {});
  const app = express();
  app.disable('x-powered-by');
  app.use(cds.router);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  return {
    server,
    cds,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      });
      await cds.close();
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL });
  const running = await startCdsServer(config, logger);
  logger.info({ discovery: `${config.PUBLIC_BASE_URL}/cds-services` }, 'CDS Hooks service listening');
  const stop = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), 10_000).unref();
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ error: err instanceof Error ? err.message : String(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

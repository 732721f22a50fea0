/**
 * Composition root of `npm start`: reads the configuration, builds the routers (the sandbox FHIR server at /fhir and,
 * with CDS_ENABLED, the CDS Hooks service at /cds-services with /healthz, /readyz and /metrics), loads the configured
 * Bundles and the synthetic cohort, and listens. The model loads in the background: until it is there (or when
 * MODEL_DIR has no package) hooks answer 503 and /readyz says why.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Request, Response, Router } from 'express';
import { loadConfig } from './shared/config';
import type { AppConfig } from './shared/config';
import { createLogger } from './shared/logger';
import type { Logger } from './shared/logger';
import { loadBundlesFromDir } from './sandbox/bundle-loader';
import type { LoadReport } from './sandbox/bundle-loader';
import { createFhirApp } from './sandbox/fhir-app';
import { loadBundle } from './sandbox/bundle-loader';
import type { MemoryRepository } from '@medplum/fhir-router';
import type { Bundle } from '@medplum/fhirtypes';
import { parseCohortSeed } from './synth/admission/cohort-seed';
import { generateCohort } from './synth/records/cohort-runner';
import { composeCds, type CdsComposition } from '../cds-hooks/services/compose-cds';

/** A router mounted at a path, listed on the index page. */
export interface Mount {
  path: string;
  description: string;
  router: Router;
}

/** What seeding the sandbox with the synthetic cohort did. */
export interface SyntheticCohortReport {
  seed: number | string;
  /** Patient ids in cohort index order. */
  patientIds: string[];
  resources: number;
  ms: number;
}

export interface RunningSandbox {
  server: Server;
  /** Public base URL of the server (no trailing slash). */
  baseUrl: string;
  /** What the Bundle loader loaded, when SANDBOX_BUNDLES_DIR is set. */
  bundles?: LoadReport;
  /** The synthetic cohort loaded at start, when SANDBOX_SYNTHETIC_PATIENTS > 0. */
  synthetic?: SyntheticCohortReport;
  /** The CDS Hooks service, when CDS_ENABLED. */
  cds?: CdsComposition;
  close(): Promise<void>;
}

/**
 * Starts the sandbox. With PORT=0 the system picks a free port, and a public base URL whose port is 0 (the default
 * `http://localhost:0` then) takes the port actually bound.
 * @param config - From loadConfig.
 * @param logger - Where access and load logs go.
 */
export async function startSandbox(config: AppConfig, logger: Logger): Promise<RunningSandbox> {
  const app = express();
  app.disable('x-powered-by');
  const server = await listen(app, config.PORT, config.HOST);
  const port = (server.address() as AddressInfo).port;
  const publicUrl = new URL(config.PUBLIC_BASE_URL);
  if (publicUrl.port === '0') {
    publicUrl.port = String(port);
  }
  const baseUrl = publicUrl.toString().replace(/\/+$/, '');

  const fhir = createFhirApp({ baseUrl: `${baseUrl}/fhir`, logger });
  const bundles = config.SANDBOX_BUNDLES_DIR
    ? await loadBundlesFromDir(fhir.repo, config.SANDBOX_BUNDLES_DIR, logger)
    : undefined;
  const synthetic =
    config.SANDBOX_SYNTHETIC_PATIENTS > 0 ? await seedSyntheticCohort(fhir.repo, config, logger) : undefined;
  const mounts: Mount[] = [{ path: '/fhir', description: 'FHIR R4 server (in-memory sandbox EHR)', router: fhir.app }];
  const cds = config.CDS_ENABLED
    ? await composeCds(withPublicUrl(config, baseUrl), logger, {
        sandboxFhirBaseUrl: `${baseUrl}/fhir`,
        developmentClient: true,
      })
    : undefined;

  for (const mount of mounts) {
    app.use(mount.path, mount.router);
  }
  if (cds) {
    // At the root: /cds-services, /model-card, and the service's /healthz, /readyz, /metrics.
    app.use(cds.router);
  }
  app.get('/healthz', (_req: Request, res: Response) => {
    res.json({ status: 'ok' });
  });
  app.get('/', (_req: Request, res: Response) => {
    res.json({
      name: 'MedTVT-FHIR sandbox',
      endpoints: mounts.map((mount) => ({ url: `${baseUrl}${mount.path}`, description: mount.description })),
      capabilityStatement: `${baseUrl}/fhir/metadata`,
      cdsServices: cds && `${baseUrl}/cds-services`,
      readiness: cds && `${baseUrl}/readyz`,
      health: `${baseUrl}/healthz`,
      bundles: bundles && { files: bundles.files.length, failures: bundles.failures, resources: bundles.counts },
      synthetic: synthetic && { patients: synthetic.patientIds.length, resources: synthetic.resources },
    });
  });

  const close = async (): Promise<void> => {
    await closeServer(server);
    await cds?.close();
  };
  return { server, baseUrl, bundles, synthetic, ...(cds ? { cds } : {}), close };
}

/**
 * The configuration with the public base URL actually bound (PORT=0 picks the port at listen time): the CDS
 * service's JWT `aud`, the development client's `iss` and the SMART launch URL derive from it.
 */
function withPublicUrl(config: AppConfig, baseUrl: string): AppConfig {
  if (config.PUBLIC_BASE_URL === baseUrl) return config;
  const launchWasDefault = config.CDS_SMART_LAUNCH_URL === `${config.PUBLIC_BASE_URL}/smart/launch`;
  return {
    ...config,
    PUBLIC_BASE_URL: baseUrl,
    CDS_SMART_LAUNCH_URL: launchWasDefault ? `${baseUrl}/smart/launch` : config.CDS_SMART_LAUNCH_URL,
  };
}

/**
 * Generates the synthetic cohort (src/synth) over worker threads and loads each patient's transaction Bundle into
 * the repository with its fixed ids, so that the same seed gives the same patients on every start.
 */
async function seedSyntheticCohort(
  repo: MemoryRepository,
  config: AppConfig,
  logger: Logger,
): Promise<SyntheticCohortReport> {
  const start = performance.now();
  const seed = parseCohortSeed(config.SANDBOX_SEED);
  const cohort = await generateCohort({
    seed,
    patients: config.SANDBOX_SYNTHETIC_PATIENTS,
    output: { kind: 'memory' },
  });
  const report: SyntheticCohortReport = { seed, patientIds: [], resources: 0, ms: 0 };
  for (const [index, json] of cohort.results.entries()) {
    const bundle = JSON.parse(json) as Bundle;
    const stored = await loadBundle(repo, bundle, `synthetic patient ${index}`);
    report.resources += stored.length;
    const patient = stored.find((resource) => resource.resourceType === 'Patient');
    if (patient?.id) report.patientIds.push(patient.id);
  }
  report.ms = Math.round(performance.now() - start);
  logger.info(
    {
      patients: report.patientIds.length,
      resources: report.resources,
      generateMs: Math.round(cohort.ms),
      workers: cohort.workers,
      ms: report.ms,
    },
    'synthetic cohort loaded',
  );
  return report;
}

function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // Keep-alive connections would hold close() open until they time out.
    server.closeIdleConnections();
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL });
  const sandbox = await startSandbox(config, logger);
  console.log(`MedTVT-FHIR sandbox listening on ${sandbox.baseUrl}/fhir`);
  if (sandbox.cds) console.log(`CDS Hooks discovery at ${sandbox.baseUrl}/cds-services`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // In-flight requests get 10 s to finish; then the process exits anyway.
    setTimeout(() => process.exit(1), 10_000).unref();
    sandbox.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ error: err instanceof Error ? err.message : String(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

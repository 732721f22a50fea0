/**
 * Metrics and health of the service with prom-client: an HTTP request counter and latency histogram labelled by
 * route template (`/cds-services/:id`, never the URL with ids in it) and status, model inference and FHIR fetch time
 * histograms, assessments by the modalities they used, and the process's default metrics (memory, event loop, GC).
 * Routes: GET /healthz (liveness: the process answers), GET /readyz (readiness: every check passes, else 503 with
 * the reasons), GET /metrics (Prometheus text exposition).
 *
 * Times are exported in seconds (Prometheus base unit); the observe functions take milliseconds, which is what the
 * rest of the code measures.
 */
import express from 'express';
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { MODALITIES, type Logger, type Modality } from '../../src/shared/index';

/** A readiness check: undefined when ready, else the reason it is not (no PHI, no secrets). */
export type ReadinessCheck = () => string | undefined | Promise<string | undefined>;

/** What a request handler needs to report about assessments. */
export interface AssessmentMetrics {
  /** Time the model spent on one assessment (preprocessing and inference), milliseconds. */
  observeModelMs(ms: number): void;
  /** Time spent reading one record from a FHIR server, milliseconds. */
  observeFhirMs(ms: number): void;
  /** Counts one assessment under the modalities it used and where it came from (a service id or `api`). */
  countAssessment(modalitiesUsed: readonly Modality[], source: string): void;
}

export interface ObservabilityOptions {
  /** Where the metrics live (default: a new registry, so that tests and several apps in one process do not clash). */
  registry?: Registry;
  /** Collect prom-client's process metrics into the registry (default true). */
  defaultMetrics?: boolean;
  /** Named readiness checks; more can be added with {@link Observability.addReadinessCheck}. */
  readiness?: Record<string, ReadinessCheck>;
  logger?: Logger;
}

export interface Observability extends AssessmentMetrics {
  readonly registry: Registry;
  /** Express middleware counting and timing every request that passes it; install it before the routes. */
  observeRequest: RequestHandler;
  /** GET /healthz, GET /readyz, GET /metrics; mount at the server's root. */
  router: Router;
  addReadinessCheck(name: string, check: ReadinessCheck): void;
  /** Runs every readiness check. */
  readiness(): Promise<{ ready: boolean; checks: Record<string, string> }>;
}

/** Label of requests no route matched (so that scanners cannot blow up the label set with their URLs). */
export const UNMATCHED_ROUTE = '(unmatched)';

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const MODEL_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const FHIR_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Creates the metrics, the request middleware and the health routes.
 *
 * @param options - registry, default metrics, readiness checks
 */
export function createObservability(options: ObservabilityOptions = {}): Observability {
  const registry = options.registry ?? new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency from arrival to the end of the response, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers,
  });
  const modelTime = new Histogram({
    name: 'model_inference_seconds',
    help: 'Model time per assessment (preprocessing and inference).',
    buckets: MODEL_BUCKETS,
    registers,
  });
  const fhirTime = new Histogram({
    name: 'fhir_fetch_seconds',
    help: 'Time to read one patient record from a FHIR server.',
    buckets: FHIR_BUCKETS,
    registers,
  });
  const assessments = new Counter({
    name: 'assessments_total',
    help: 'Assessments by the modalities they used (e.g. ecg+labs, or none) and their source (service id or api).',
    labelNames: ['modalities', 'source'] as const,
    registers,
  });
  const checks = new Map(Object.entries(options.readiness ?? {}));

  const observeRequest: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    res.once('finish', () => {
      const labels = { method: req.method, route: routeTemplate(req), status: String(res.statusCode) };
      requests.inc(labels);
      latency.observe(labels, (performance.now() - started) / 1000);
    });
    next();
  };

  async function readiness(): Promise<{ ready: boolean; checks: Record<string, string> }> {
    const results: Record<string, string> = {};
    let ready = true;
    for (const [name, check] of checks) {
      let reason: string | undefined;
      try {
        reason = await check();
      } catch (error) {
        options.logger?.error(
          { check: name, error: error instanceof Error ? error.message : String(error) },
          'readiness check failed',
        );
        reason = 'check failed';
      }
      results[name] = reason ?? 'ok';
      if (reason !== undefined) ready = false;
    }
    return { ready, checks: results };
  }

  const router = express.Router();
  router.get('/healthz', (_req: Request, res: Response) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req: Request, res: Response) => {
    const report = await readiness();
    res.status(report.ready ? 200 : 503).json({ status: report.ready ? 'ready' : 'not ready', checks: report.checks });
  });
  router.get('/metrics', async (_req: Request, res: Response) => {
    res.type(registry.contentType).send(await registry.metrics());
  });

  return {
    registry,
    observeRequest,
    router,
    readiness,
    addReadinessCheck: (name, check) => {
      checks.set(name, check);
    },
    observeModelMs: (ms) => {
      if (Number.isFinite(ms) && ms >= 0) modelTime.observe(ms / 1000);
    },
    observeFhirMs: (ms) => {
      if (Number.isFinite(ms) && ms >= 0) fhirTime.observe(ms / 1000);
    },
    countAssessment: (modalitiesUsed, source) => {
      assessments.inc({ modalities: modalityLabel(modalitiesUsed), source });
    },
  };
}

/** `ecg+labs`: the used modalities in MODALITIES order, `none` when there are none. */
export function modalityLabel(modalities: readonly Modality[]): string {
  const label = MODALITIES.filter((m) => modalities.includes(m)).join('+');
  return label === '' ? 'none' : label;
}

/**
 * The route template a request matched, with the mount path of its router (`/cds-services/:id/feedback`), or
 * {@link UNMATCHED_ROUTE}. Express sets `req.route` on the matched route and `req.baseUrl` to the mount path.
 */
function routeTemplate(req: Request): string {
  const route: unknown = req.route;
  if (typeof route !== 'object' || route === null || !('path' in route)) return UNMATCHED_ROUTE;
  const path = (route as { path: unknown }).path;
  if (typeof path !== 'string') return UNMATCHED_ROUTE;
  return `${req.baseUrl}${path}` || '/';
}

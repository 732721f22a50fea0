/**
 * createApp: the CDS Hooks 2.0 service as an express Router, without listening (server.ts and src/main.ts listen).
 *
 * Routes (mount the router at the server's root):
 * - `GET /cds-services`: discovery (https://cds-hooks.hl7.org/2.0/#discovery);
 * - `POST /cds-services/{id}`: a hook call (https://cds-hooks.hl7.org/2.0/#calling-a-cds-service);
 * - `POST /cds-services/{id}/feedback`: card outcomes (feedback/, when a store is given);
 * - whatever `deps.routes` adds (the assessment API, health and metrics).
 *
 * Errors are JSON `{ "error": "<reason>" }`: 400 bad JSON or schema (the reason names the field), 401 from the
 * client authentication, 404 unknown service, 412 no data source, 413 body too large, 503 no model, 500 anything
 * else (logged by message; no stack trace ever leaves the server).
 */
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import { ConfigError } from '../src/shared/index';
import type { CdsDeps } from './deps';
import { createFeedbackRouter } from './feedback/create-feedback-router';
import { jsonBody } from './security/json-body';
import { ComorbidityService, COMORBIDITY_SERVICE_ID } from './services/comorbidity-service';
import type { DiscoveryResponse } from './services/discovery-schema';
import { isHookError, type HookErrorBody } from './services/hook-error';
import { cdsHookRequestSchema, describeZodError } from './services/hook-request-schema';

/**
 * Builds the router.
 * @param deps - see CdsDeps
 * @throws ConfigError when CDS_AUTH is `jwt` and no authenticate middleware is given (the service would be open)
 */
export function createApp(deps: CdsDeps): Router {
  const authenticate = clientAuthentication(deps);
  const service = new ComorbidityService(deps);
  const services = new Map([[COMORBIDITY_SERVICE_ID, service]]);
  const discovery: DiscoveryResponse = { services: [...services.values()].map((s) => s.definition) };

  const router = express.Router();
  for (const middleware of deps.middleware ?? []) router.use('/cds-services', middleware);
  router.use('/cds-services', authenticate);

  router.get('/cds-services', (_req: Request, res: Response) => {
    res.json(discovery);
  });

  router.post('/cds-services/:id', jsonBody(deps.config.CDS_BODY_LIMIT), async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const target = services.get(id);
    if (!target) {
      sendError(res, 404, `no CDS service '${id.slice(0, 64)}' here; see GET /cds-services`);
      return;
    }
    if (req.body === undefined || req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
      sendError(res, 400, 'the body must be a JSON object sent as application/json');
      return;
    }
    const parsed = cdsHookRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      sendError(res, 400, describeZodError(parsed.error));
      return;
    }
    const started = performance.now();
    try {
      const { response, outcome } = await target.handle(parsed.data);
      res.json(response);
      report(deps, outcome);
    } catch (error) {
      const status = isHookError(error) ? error.status : 500;
      report(deps, {
        serviceId: id,
        hookInstance: parsed.data.hookInstance,
        patientId: typeof parsed.data.context['patientId'] === 'string' ? parsed.data.context['patientId'] : '',
        status,
        cards: [],
        modalitiesUsed: [],
        modalitiesMissing: [],
        dataSource: { prefetchKeys: [], serverRequests: 0, serverFailures: 0 },
        timings: { totalMs: performance.now() - started },
      });
      throw error;
    }
  });

  if (deps.store) {
    router.use(
      createFeedbackRouter({
        store: deps.store,
        serviceIds: [...services.keys()],
        logger: deps.logger,
        bodyLimit: deps.config.CDS_BODY_LIMIT,
      }),
    );
  }
  deps.routes?.(router);

  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if (isHookError(err)) {
      sendError(res, err.status, err.message);
      return;
    }
    const type = (err as { type?: unknown } | null)?.type;
    if (type === 'entity.parse.failed') {
      sendError(res, 400, 'the body is not valid JSON');
      return;
    }
    if (type === 'entity.too.large') {
      sendError(res, 413, `the body is larger than CDS_BODY_LIMIT (${deps.config.CDS_BODY_LIMIT})`);
      return;
    }
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      sendError(res, 415, 'the body must be UTF-8 JSON');
      return;
    }
    deps.logger.error({ error: err instanceof Error ? err.message : String(err) }, 'CDS request failed');
    sendError(res, 500, 'internal error');
  });
  return router;
}

function clientAuthentication(deps: CdsDeps) {
  if (deps.config.CDS_AUTH === 'none') {
    deps.logger.warn('CDS_AUTH=none: CDS Hooks calls are not authenticated (local development only)');
    return (_req: Request, _res: Response, next: NextFunction) => next();
  }
  if (!deps.authenticate) {
    throw new ConfigError('CDS_AUTH', 'jwt needs the JWT client authentication middleware; none was given');
  }
  return deps.authenticate;
}

function sendError(res: Response, status: number, message: string): void {
  const body: HookErrorBody = { error: message };
  res.status(status).json(body);
}

function report(deps: CdsDeps, outcome: Parameters<NonNullable<CdsDeps['onHookOutcome']>>[0]): void {
  try {
    deps.onHookOutcome?.(outcome);
  } catch (error) {
    deps.logger.error({ error: error instanceof Error ? error.message : String(error) }, 'hook outcome report failed');
  }
}

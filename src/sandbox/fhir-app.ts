/**
 * The sandbox FHIR R4 server: an express router over Medplum's FhirRouter and an in-memory repository, meant to be
 * mounted at `/fhir`. The express layer adds what Medplum 4.5.2 leaves out for an in-process server: a
 * CapabilityStatement at `/metadata`, search with paging links, `_include`/`_revinclude` and fast `_sort`, raw
 * Binary content, absolute fullUrls, atomic transactions, HTTP statuses from OperationOutcomes, and errors that are
 * always OperationOutcome JSON without stack traces.
 */
import { getReferenceString, getStatus, isCreated, isResourceType, OperationOutcomeError } from '@medplum/core';
import { FhirRouter } from '@medplum/fhir-router';
import type { FhirRequest, HttpMethod, MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import { createSilentLogger } from '../shared/logger';
import type { Logger } from '../shared/logger';
import { addBinaryRoutes } from './binary-routes';
import { buildCapabilityStatement } from './capability-statement';
import { errorOutcome, FHIR_JSON, sendOutcome, sendResource } from './fhir-response';
import { initFhirSchema } from './fhir-schema';
import { requestLogger } from './request-logger';
import { SandboxRepository } from './sandbox-repository';
import { executeSearch } from './search-bundle';
import { planSearch } from './search-query';

export interface FhirAppOptions {
  /** The store; a fresh SandboxRepository (atomic transactions) when absent. */
  repo?: MemoryRepository;
  /** Public base URL of the FHIR endpoint, e.g. `http://localhost:8080/fhir`: used in fullUrls, links, Location. */
  baseUrl: string;
  logger?: Logger;
  /** Largest accepted request body (express syntax). DICOM Binaries run to tens of MB. Default `50mb`. */
  bodyLimit?: string;
}

export interface FhirApp {
  /** Router to mount at the path of `baseUrl` (normally `/fhir`). */
  app: Router;
  repo: MemoryRepository;
}

const SOFTWARE = { name: 'MedTVT-FHIR sandbox', version: '0.1.0' };
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Builds the FHIR router. The Medplum schema is indexed on the first call in a process (about 0.5 s).
 * @param options - See FhirAppOptions.
 */
export function createFhirApp(options: FhirAppOptions): FhirApp {
  const logger = options.logger ?? createSilentLogger();
  const schema = initFhirSchema();
  logger.info({ ms: Math.round(schema.totalMs) }, 'FHIR schema indexed');
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const repo = options.repo ?? new SandboxRepository();
  const bodyLimit = options.bodyLimit ?? '50mb';
  const fhirRouter = new FhirRouter();
  let capabilityStatement: string | undefined;

  const router = express.Router();
  router.use(requestLogger(logger));

  router.get('/metadata', (_req: Request, res: Response) => {
    capabilityStatement ??= JSON.stringify(buildCapabilityStatement(baseUrl, SOFTWARE));
    res.status(200).type(FHIR_JSON).send(capabilityStatement);
  });

  addBinaryRoutes(router, repo, baseUrl, bodyLimit);
  router.use(
    express.json({
      type: ['application/fhir+json', 'application/json', 'application/json-patch+json'],
      limit: bodyLimit,
    }),
  );

  const search = async (req: Request, res: Response): Promise<void> => {
    const resourceType = String(req.params.resourceType);
    if (!isResourceType(resourceType)) {
      sendOutcome(res, errorOutcome('not-found', `Unknown resource type: ${resourceType}`), 404);
      return;
    }
    const query = new URL(req.originalUrl, 'http://sandbox.invalid').searchParams;
    if (req.method === 'POST' && req.body && typeof req.body === 'object') {
      for (const [key, value] of Object.entries(req.body as Record<string, unknown>)) {
        for (const item of Array.isArray(value) ? value : [value]) {
          query.append(key, String(item));
        }
      }
    }
    const strict = /handling\s*=\s*strict/.test(req.get('prefer') ?? '');
    const plan = planSearch(resourceType, query, baseUrl, strict);
    sendResource(res, 200, await executeSearch(repo, plan, baseUrl));
  };
  router.get('/:resourceType', search);
  router.post('/:resourceType/_search', express.urlencoded({ extended: false, limit: bodyLimit }), search);

  router.use(async (req: Request, res: Response) => {
    if (WRITE_METHODS.has(req.method) && req.body === undefined) {
      sendOutcome(
        res,
        errorOutcome('not-supported', `${req.method} needs a FHIR JSON body (Content-Type: application/fhir+json)`),
        415,
      );
      return;
    }
    const request: FhirRequest = {
      method: req.method as HttpMethod,
      url: req.url,
      pathname: '',
      body: req.body,
      params: {},
      query: {},
      headers: req.headers,
      // Transaction Bundles fail as a whole (Medplum treats them as batches unless this is set).
      config: { transactions: true },
    };
    const [outcome, resource] = await fhirRouter.handleRequest(request, repo);
    if (!resource) {
      sendOutcome(res, outcome);
      return;
    }
    setResourceHeaders(res, resource, isCreated(outcome), baseUrl);
    sendResource(res, getStatus(outcome), withFullUrls(resource, baseUrl));
  });

  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const { status, text, code } = describeError(err);
    if (status >= 500) {
      logger.error({ error: err instanceof Error ? err.message : String(err) }, 'FHIR request failed');
    }
    if (err instanceof OperationOutcomeError) {
      sendOutcome(res, err.outcome);
      return;
    }
    sendOutcome(res, errorOutcome(code, text), status);
  });

  return { app: router, repo };
}

/** HTTP status and a safe message for an error: body-parser errors keep their status, anything unknown is 500. */
function describeError(err: unknown): { status: number; text: string; code: 'invalid' | 'too-costly' | 'exception' } {
  const typed = err as { type?: unknown; status?: unknown } | null;
  const type = typeof typed?.type === 'string' ? typed.type : undefined;
  if (type === 'entity.parse.failed') {
    return { status: 400, text: 'Request body is not valid JSON', code: 'invalid' };
  }
  if (type === 'entity.too.large') {
    return { status: 413, text: 'Request body is larger than the server accepts', code: 'too-costly' };
  }
  const status = typeof typed?.status === 'number' && typed.status >= 400 && typed.status < 500 ? typed.status : 500;
  return status < 500
    ? { status, text: `Bad request (${type ?? 'client error'})`, code: 'invalid' }
    : { status, text: 'Internal server error', code: 'exception' };
}

function setResourceHeaders(res: Response, resource: Resource, created: boolean, baseUrl: string): void {
  const versionId = resource.meta?.versionId;
  if (versionId) {
    res.set('ETag', `W/"${versionId}"`);
  }
  if (resource.meta?.lastUpdated) {
    res.set('Last-Modified', new Date(resource.meta.lastUpdated).toUTCString());
  }
  if (created && resource.id) {
    res.location(`${baseUrl}/${getReferenceString(resource)}${versionId ? `/_history/${versionId}` : ''}`);
  }
}

/** Batch/transaction/history Bundles from Medplum carry no fullUrls; R4 wants them on every resource entry. */
function withFullUrls(resource: Resource, baseUrl: string): Resource {
  if (resource.resourceType !== 'Bundle') {
    return resource;
  }
  const bundle: Bundle = resource;
  return {
    ...bundle,
    entry: bundle.entry?.map((entry) =>
      entry.resource?.id && !entry.fullUrl
        ? { fullUrl: `${baseUrl}/${getReferenceString(entry.resource)}`, ...entry }
        : entry,
    ),
  };
}

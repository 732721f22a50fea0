/**
 * The assessment API for the product's own clients (the SMART app, agents, evaluation scripts):
 * - `POST /api/assessments` `{ patientId, encounterId?, window?: { anchorTime?, hours?, cxrHours? }, fhirServer? }`
 *   reads the patient's labs, ECG and chest X-ray over FHIR with the caller's bearer token, assesses them, audits the
 *   assessment like a hook call, and answers 201 with the Assessment (Location: its audit);
 * - `GET /api/assessments/{id}`: the audit of an assessment (ids, probabilities, timings; no evidence), for a caller
 *   whose token can read that Patient on the FHIR server the assessment was made from;
 * - `GET /api/openapi.json`: the OpenAPI 3.1 document.
 *
 * Errors are OperationOutcomes (api-error.ts): 400 bad JSON or schema, 401 no usable token (or the FHIR server refused
 * it), 403 fhirServer not allowed (or the token may not read the patient), 404 unknown patient, encounter or
 * assessment, 413 body too large, 422 no modality readable, 502/504 the FHIR server failed or did not answer, 503 no
 * model loaded. Logs carry ids of assessments, counts and timings, never patient ids, tokens or content.
 *
 * Mount the router at the server's root (it carries the full paths).
 */
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import type { Patient } from '@medplum/fhirtypes';
import type { FhirGateway } from '../../src/fhir/fhir-gateway';
import type { DecodedContentCache } from '../../src/fhir/mappers/decoded-content-cache';
import { readMultimodalRecord, type ReadMultimodalOptions } from '../../src/fhir/multimodal-reader';
import {
  isModelInputError,
  type Assessment,
  type Logger,
  type ModalityIssue,
  type MultimodalRecord,
} from '../../src/shared/index';
import type { AssessmentMetrics } from '../observability/create-observability';
import { buildOpenApiDocument } from '../openapi/build-openapi-document';
import type { CdsStore } from '../store/cds-store';
import { ApiError, isApiError, isModelUnavailableError, toOperationOutcome, type ApiErrorStatus } from './api-error';
import { assessmentRequestSchema, type AssessmentRequest } from './assessment-request-schema';
import { describeZodError } from './describe-zod-error';
import { bearerToken, resolveFhirAccess, type FhirAccessDeps } from './resolve-fhir-access';
import { fhirErrorToApiError } from './to-api-error';

/** The audit source of assessments made through this API. */
export const API_AUDIT_SOURCE = 'api';

export interface AssessmentApiDeps extends FhirAccessDeps {
  /**
   * Record → Assessment (src/model/assessment's Assessor.assess). Throws ModelUnavailableError while no model is
   * loaded, ModelInputError when the record has nothing the model can use.
   */
  assess: (record: MultimodalRecord, options?: { fetchMs?: number }) => Promise<Assessment>;
  store: CdsStore;
  logger: Logger;
  metrics?: AssessmentMetrics;
  /** Default half-widths of the windows, hours (CDS_LOOKBACK_HOURS, CDS_CXR_LOOKBACK_HOURS). */
  window?: { hours?: number; cxrHours?: number };
  /** Largest accepted body (default `100kb`: a request is a few ids). */
  bodyLimit?: string;
  /** Public base URL listed in the OpenAPI document's servers. */
  publicBaseUrl?: string;
  /** Decoded ECG files and chest images by content, shared with the hooks (none by default). */
  decodedCache?: DecodedContentCache;
}

const ASSESSMENT_ID = /^[A-Za-z0-9-]{1,64}$/;
const DEFAULT_BODY_LIMIT = '100kb';

/**
 * Builds the assessment API router.
 *
 * @param deps - see AssessmentApiDeps
 */
export function createAssessmentApiRouter(deps: AssessmentApiDeps): Router {
  const router = express.Router();
  const document = buildOpenApiDocument(deps.publicBaseUrl ? { serverUrl: deps.publicBaseUrl } : {});
  const bodyLimit = deps.bodyLimit ?? DEFAULT_BODY_LIMIT;

  router.get('/api/openapi.json', (_req: Request, res: Response) => {
    res.json(document);
  });

  router.post(
    '/api/assessments',
    express.json({ limit: bodyLimit, type: ['application/json', 'application/*+json'] }),
    async (req: Request, res: Response) => {
      const request = parseRequest(req.body);
      const gateway = resolveFhirAccess(deps, request.fhirServer, bearerToken(req.get('authorization')));
      const signal = abortOnClose(res);
      const fetchStarted = performance.now();
      const record = await readRecord(gateway, request, deps.window ?? {}, signal, deps.decodedCache);
      const fetchMs = performance.now() - fetchStarted;
      deps.metrics?.observeFhirMs(fetchMs);
      const assessment = await assessRecord(deps, record, fetchMs);
      audit(deps, assessment, gateway.baseUrl);
      res
        .status(201)
        .location(`${req.baseUrl}/api/assessments/${encodeURIComponent(assessment.id)}`)
        .json(assessment);
    },
  );

  router.get('/api/assessments/:id', async (req: Request, res: Response) => {
    const id = String(req.params.id);
    if (!ASSESSMENT_ID.test(id))
      throw new ApiError(400, 'id: must be an assessment id (1 to 64 of A-Z, a-z, 0-9, "-")');
    const record = deps.store.getAudit(id);
    if (!record) throw new ApiError(404, `no assessment ${id}`);
    const gateway = resolveFhirAccess(deps, record.fhirServer, bearerToken(req.get('authorization')));
    // The audit is about a patient: whoever reads it must be able to read that Patient with their own token.
    await readOrFail<Patient>(gateway, 'Patient', record.patientId, abortOnClose(res));
    res.json(record);
  });

  router.use('/api', (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const error = toApiError(err, bodyLimit);
    if (error.status >= 500) {
      deps.logger.error({ status: error.status, error: describeCause(err) }, 'assessment API request failed');
    }
    if (error.status === 401) res.set('WWW-Authenticate', 'Bearer');
    res
      .status(error.status)
      .type('application/fhir+json')
      .send(JSON.stringify(toOperationOutcome(error.status, error.message, error.details)));
  });
  return router;
}

function parseRequest(body: unknown): AssessmentRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'the body must be a JSON object sent as application/json');
  }
  const parsed = assessmentRequestSchema.safeParse(body);
  if (!parsed.success) throw new ApiError(400, describeZodError(parsed.error));
  return parsed.data;
}

/** An AbortSignal that fires when the client goes away before the answer is sent, so FHIR reads stop. */
function abortOnClose(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/**
 * Reads the Patient first (so that an unknown patient is a 404 and a refused token a 401/403, rather than a record
 * of empty modalities), then the multimodal record.
 *
 * @throws ApiError 404/401/403/502/504 from the FHIR reads; 422 when no modality could be read
 */
async function readRecord(
  gateway: FhirGateway,
  request: AssessmentRequest,
  defaults: { hours?: number; cxrHours?: number },
  signal: AbortSignal,
  cache: DecodedContentCache | undefined,
): Promise<MultimodalRecord> {
  await readOrFail<Patient>(gateway, 'Patient', request.patientId, signal);
  const options: ReadMultimodalOptions = { signal, ...(cache ? { cache } : {}) };
  const anchorTime = request.window?.anchorTime;
  const windowHours = request.window?.hours ?? defaults.hours;
  const cxrWindowHours = request.window?.cxrHours ?? defaults.cxrHours;
  if (anchorTime !== undefined) options.anchorTime = anchorTime;
  if (windowHours !== undefined) options.windowHours = windowHours;
  if (cxrWindowHours !== undefined) options.cxrWindowHours = cxrWindowHours;
  if (request.encounterId !== undefined) options.encounterId = request.encounterId;
  let record: MultimodalRecord;
  try {
    record = await readMultimodalRecord(gateway, request.patientId, options);
  } catch (error) {
    throw fhirErrorToApiError(error, `Encounter/${request.encounterId ?? '(none)'}`) ?? error;
  }
  if (!record.labs && !record.ecg && !record.cxr) {
    throw new ApiError(
      422,
      `no modality could be read for Patient/${request.patientId}`,
      record.issues.map((issue) => toIssue(issue)),
    );
  }
  return record;
}

async function readOrFail<T extends Patient>(
  gateway: FhirGateway,
  type: T['resourceType'],
  id: string,
  signal: AbortSignal,
): Promise<T> {
  try {
    return await gateway.read<T>(type, id, { signal });
  } catch (error) {
    throw fhirErrorToApiError(error, `${type}/${id}`) ?? error;
  }
}

async function assessRecord(deps: AssessmentApiDeps, record: MultimodalRecord, fetchMs: number): Promise<Assessment> {
  let assessment: Assessment;
  try {
    assessment = await deps.assess(record, { fetchMs });
  } catch (error) {
    if (isModelUnavailableError(error))
      throw new ApiError(503, `no model is loaded: ${error.message}`, [], { cause: error });
    if (isModelInputError(error))
      throw new ApiError(422, `the model cannot use this record: ${error.message}`, [], { cause: error });
    throw error;
  }
  const modelMs = (assessment.timings.preprocessMs ?? 0) + (assessment.timings.inferenceMs ?? 0);
  deps.metrics?.observeModelMs(modelMs);
  deps.metrics?.countAssessment(assessment.modalities.used, API_AUDIT_SOURCE);
  deps.logger.info(
    {
      assessmentId: assessment.id,
      modalitiesUsed: assessment.modalities.used,
      fetchMs: Math.round(fetchMs),
      totalMs: Math.round(assessment.timings.totalMs),
    },
    'assessment made through the API',
  );
  return assessment;
}

/**
 * Records the audit, as the hook does. A store failure is logged and the assessment still returned, as on the hook
 * path (services/comorbidity-service.ts): the caller does not wait on the audit database.
 */
function audit(deps: AssessmentApiDeps, assessment: Assessment, fhirServer: string): void {
  try {
    deps.store.recordAssessment(assessment, { source: API_AUDIT_SOURCE, fhirServer });
  } catch (error) {
    deps.logger.error({ assessmentId: assessment.id, error: describeCause(error) }, 'audit of an assessment failed');
  }
}

function toIssue(issue: ModalityIssue) {
  return {
    severity: 'error' as const,
    code: issue.kind === 'absent' ? ('not-found' as const) : ('processing' as const),
    diagnostics: `${issue.modality} ${issue.kind}: ${issue.message}`,
  };
}

function toApiError(err: unknown, bodyLimit: string): ApiError {
  if (isApiError(err)) return err;
  const type = (err as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') return new ApiError(400, 'the body is not valid JSON');
  if (type === 'entity.too.large') return new ApiError(413, `the body is larger than ${bodyLimit}`);
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new ApiError(415, 'the body must be UTF-8 JSON');
  }
  const status: ApiErrorStatus = 500;
  return new ApiError(status, 'internal error', [], { cause: err });
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

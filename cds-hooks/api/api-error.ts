/**
 * Errors of the assessment API, answered as a FHIR OperationOutcome (https://hl7.org/fhir/R4/operationoutcome.html)
 * with the HTTP status they carry. Messages name what was wrong (the field, the resource, the server) and never carry
 * resource content, tokens or stack traces.
 */
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { AppError } from '../../src/shared/index';

export type ApiErrorStatus = 400 | 401 | 403 | 404 | 413 | 415 | 422 | 500 | 502 | 503 | 504;

/** FHIR issue-type per status (https://hl7.org/fhir/R4/valueset-issue-type.html). */
const ISSUE_CODE: Record<ApiErrorStatus, OperationOutcomeIssue['code']> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  413: 'too-long',
  415: 'not-supported',
  422: 'processing',
  500: 'exception',
  502: 'transient',
  503: 'transient',
  504: 'timeout',
};

export class ApiError extends AppError {
  constructor(
    readonly status: ApiErrorStatus,
    message: string,
    /** Further issues, e.g. one per modality that could not be read. */
    readonly details: readonly OperationOutcomeIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(`api-${status}`, message, options);
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/**
 * No model is there to assess with (still loading, or it failed to load): the composition root throws this from the
 * `assess` it gives the router, which answers 503.
 */
export class ModelUnavailableError extends AppError {
  constructor(reason: string) {
    super('model-unavailable', reason);
  }
}

export function isModelUnavailableError(value: unknown): value is ModelUnavailableError {
  return value instanceof ModelUnavailableError;
}

/**
 * The OperationOutcome of an error answer.
 *
 * @param status - HTTP status, which picks the issue code
 * @param message - the first issue's diagnostics
 * @param details - further issues
 */
export function toOperationOutcome(
  status: ApiErrorStatus,
  message: string,
  details: readonly OperationOutcomeIssue[] = [],
): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      { severity: status >= 500 ? 'fatal' : 'error', code: ISSUE_CODE[status], diagnostics: message },
      ...details,
    ],
  };
}

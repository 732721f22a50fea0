/**
 * Errors a CDS Hooks endpoint answers with a status of its own: 400 (bad JSON or schema), 404 (unknown service),
 * 412 (the data can be obtained neither from prefetch nor from an allowed FHIR server:
 * https://cds-hooks.hl7.org/2.0/#http-status-codes-1) and 503 (no model loaded). The spec defines no error body;
 * this service answers `{ "error": "<reason>" }`, a reason that names the field or the cause and never echoes
 * request values.
 */
import { AppError } from '../../src/shared/index';

export type HookErrorStatus = 400 | 404 | 412 | 503;

export class HookError extends AppError {
  constructor(
    readonly status: HookErrorStatus,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`cds-hook-${status}`, message, options);
  }
}

export function isHookError(value: unknown): value is HookError {
  return value instanceof HookError;
}

/** The JSON body of an error answer. */
export interface HookErrorBody {
  error: string;
}

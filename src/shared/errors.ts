/**
 * The error hierarchy. Every error the product raises on purpose is an AppError whose message names the thing and
 * the cause, and whose subclass carries the data a handler needs (status, URL, resource id, field). Messages never
 * contain resource bodies, names or pixel/waveform data.
 */
import type { Modality } from './domain/modality';

/** A FHIR OperationOutcome as received, kept opaque here (src/shared does not depend on FHIR types). */
export type OutcomeLike = { resourceType: 'OperationOutcome'; issue?: unknown[] } & Record<string, unknown>;

export class AppError extends Error {
  /** Stable, machine-readable code, e.g. `fhir-request`, `format`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A FHIR server answered with an error status, or could not be reached. */
export class FhirRequestError extends AppError {
  constructor(
    readonly url: string,
    /** HTTP status, or 0 when no response came (network error, timeout). */
    readonly status: number,
    message: string,
    readonly outcome?: OutcomeLike,
    options?: { cause?: unknown },
  ) {
    super('fhir-request', `${message} (${status === 0 ? 'no response' : `HTTP ${status}`} from ${url})`, options);
  }
}

/** A FHIR resource could not be mapped to the domain: names the resource and the element. */
export class FhirMappingError extends AppError {
  constructor(
    /** `Observation/123`, or `Observation/(no id)`. */
    readonly resource: string,
    /** FHIRPath-like element, e.g. `component[2].valueSampledData.origin.unit`. */
    readonly field: string,
    readonly reason: string,
    readonly modality?: Modality,
    options?: { cause?: unknown },
  ) {
    super('fhir-mapping', `${resource} ${field}: ${reason}`, options);
  }
}

/** A file in a non-FHIR format (WFDB, DICOM, PNG, JPEG) could not be read. */
export class FormatError extends AppError {
  constructor(
    readonly format: string,
    readonly reason: string,
    /** File name or reference, when known. */
    readonly source?: string,
    options?: { cause?: unknown },
  ) {
    super('format', `${format}${source ? ` ${source}` : ''}: ${reason}`, options);
  }
}

/** The model was given an input of the wrong shape or with non-finite values. */
export class ModelInputError extends AppError {
  constructor(
    readonly modality: Modality | 'mask',
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('model-input', `${modality}: ${reason}`, options);
  }
}

/** A configuration value is missing or invalid: names the environment variable. */
export class ConfigError extends AppError {
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super('config', `${key}: ${reason}`);
  }
}

/** Neither prefetch nor FHIR access can provide the data a service needs (CDS Hooks: 412). */
export class PrefetchUnavailableError extends AppError {
  constructor(reason: string) {
    super('prefetch-unavailable', reason);
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
export function isFhirRequestError(value: unknown): value is FhirRequestError {
  return value instanceof FhirRequestError;
}
export function isFhirMappingError(value: unknown): value is FhirMappingError {
  return value instanceof FhirMappingError;
}
export function isFormatError(value: unknown): value is FormatError {
  return value instanceof FormatError;
}
export function isModelInputError(value: unknown): value is ModelInputError {
  return value instanceof ModelInputError;
}

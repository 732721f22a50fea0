/**
 * Writing FHIR JSON responses: resources with `application/fhir+json`, and errors as OperationOutcome with the HTTP
 * status the outcome stands for (https://hl7.org/fhir/R4/http.html#3.1.0.4).
 */
import { getStatus } from '@medplum/core';
import type { OperationOutcome, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { Response } from 'express';

export const FHIR_JSON = 'application/fhir+json';

/** Sends a FHIR resource as `application/fhir+json`. */
export function sendResource(res: Response, status: number, resource: Resource): void {
  res.status(status).type(FHIR_JSON).send(JSON.stringify(resource));
}

/**
 * Sends an OperationOutcome. The status is the explicit one when given, else the one Medplum's outcome id maps to
 * (`getStatus`: not-found → 404, created → 201, invalid → 400, exception → 500, …).
 */
export function sendOutcome(res: Response, outcome: OperationOutcome, status?: number): void {
  sendResource(res, status ?? getStatus(outcome), outcome);
}

/** An OperationOutcome with one error issue, for statuses Medplum has no helper for (405, 413, 415, 500). */
export function errorOutcome(code: OperationOutcomeIssue['code'], text: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, details: { text } }] };
}

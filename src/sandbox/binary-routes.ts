/**
 * Binary content negotiation (https://hl7.org/fhir/R4/binary.html#rest): a read answers the raw bytes with the
 * Binary's `contentType` unless the client asks for FHIR JSON (Accept or `_format`), and a create/update whose
 * body is not FHIR JSON stores the body as the Binary's content. MemoryRepository only knows the JSON form.
 */
import { notFound, OperationOutcomeError } from '@medplum/core';
import type { FhirRepository } from '@medplum/fhir-router';
import type { Binary } from '@medplum/fhirtypes';
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import { sendResource } from './fhir-response';
import { readIfExists } from './stored-reads';

/** Media types that mean "the FHIR resource, as JSON". */
const FHIR_JSON_TYPES = ['application/fhir+json', 'application/json', 'json'];

/** True when the request asks for the Binary resource itself rather than its content. */
export function wantsFhirJson(req: Request): boolean {
  const format = typeof req.query._format === 'string' ? req.query._format : undefined;
  if (format) {
    return FHIR_JSON_TYPES.includes(format.split(';')[0]?.trim() ?? '');
  }
  const accept = req.get('accept') ?? '';
  return accept
    .split(',')
    .map((part) => part.split(';')[0]?.trim() ?? '')
    .some((type) => FHIR_JSON_TYPES.includes(type));
}

/** True when the request body is FHIR JSON (then the generic JSON create/update applies). */
function hasFhirJsonBody(req: Request): boolean {
  return req.is(['application/fhir+json', 'application/json']) !== false;
}

/**
 * Adds `GET /Binary/:id`, `POST /Binary` and `PUT /Binary/:id` for raw content to a router mounted at the FHIR base.
 * Requests for JSON fall through to the next handlers.
 * @param router - The FHIR router.
 * @param repo - The repository.
 * @param baseUrl - Public FHIR base URL, for the Location header.
 * @param bodyLimit - Maximum raw body size (express `limit` syntax, e.g. `50mb`).
 */
export function addBinaryRoutes(router: Router, repo: FhirRepository, baseUrl: string, bodyLimit: string): void {
  const rawBody = express.raw({ type: () => true, limit: bodyLimit });

  router.get('/Binary/:id', async (req: Request, res: Response, next: NextFunction) => {
    if (wantsFhirJson(req)) {
      next();
      return;
    }
    const binary = await readIfExists<Binary>(repo, 'Binary', String(req.params.id));
    if (!binary) {
      throw new OperationOutcomeError(notFound);
    }
    const bytes = Buffer.from(binary.data ?? '', 'base64');
    setVersionHeaders(res, binary);
    res
      .status(200)
      .type(binary.contentType ?? 'application/octet-stream')
      .send(bytes);
  });

  const storeRaw = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (hasFhirJsonBody(req)) {
      next();
      return;
    }
    rawBody(req, res, (err?: unknown) => {
      if (err) {
        next(err);
        return;
      }
      saveRaw(req, res, repo, baseUrl).catch(next);
    });
  };
  router.post('/Binary', storeRaw);
  router.put('/Binary/:id', storeRaw);
}

async function saveRaw(req: Request, res: Response, repo: FhirRepository, baseUrl: string): Promise<void> {
  const body: unknown = req.body;
  const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
  const binary: Binary = {
    resourceType: 'Binary',
    contentType: req.get('content-type') ?? 'application/octet-stream',
    data: bytes.toString('base64'),
  };
  const securityContext = req.get('x-security-context');
  if (securityContext) {
    binary.securityContext = { reference: securityContext };
  }
  const id = req.method === 'PUT' ? String(req.params.id) : undefined;
  const stored = id ? await repo.updateResource({ ...binary, id }) : await repo.createResource(binary);
  setVersionHeaders(res, stored);
  const status = id ? 200 : 201;
  if (!id) {
    res.location(`${baseUrl}/Binary/${stored.id}/_history/${stored.meta?.versionId ?? ''}`);
  }
  if (/return=minimal/.test(req.get('prefer') ?? '')) {
    res.status(status).end();
    return;
  }
  sendResource(res, status, stored);
}

function setVersionHeaders(res: Response, binary: Binary): void {
  if (binary.meta?.versionId) {
    res.set('ETag', `W/"${binary.meta.versionId}"`);
  }
  if (binary.meta?.lastUpdated) {
    res.set('Last-Modified', new Date(binary.meta.lastUpdated).toUTCString());
  }
}

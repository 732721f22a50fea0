/**
 * The sandbox FHIR server on an ephemeral port, behind a middleware that records each request's method, path and
 * Authorization header: the server side of "the bearer token was sent" and "the server was never contacted".
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle } from '@medplum/fhirtypes';
import express from 'express';
import { loadBundle } from '../../../src/sandbox/bundle-loader';
import { createFhirApp } from '../../../src/sandbox/fhir-app';

export interface RecordedRequest {
  method: string;
  /** Path and query as received, relative to the FHIR base (`/Observation?patient=…`). */
  url: string;
  authorization?: string;
}

export interface RecordingFhirServer {
  /** FHIR base URL, e.g. `http://127.0.0.1:41234/fhir`. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Stores a Bundle's resources straight into the repository, as the sandbox's loader does (not recorded). */
  load(bundle: Bundle): Promise<void>;
  close(): Promise<void>;
}

export async function startRecordingFhirServer(): Promise<RecordingFhirServer> {
  const app = express();
  const requests: RecordedRequest[] = [];
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
  const fhir = createFhirApp({ baseUrl });
  app.use('/fhir', (req, _res, next) => {
    requests.push({
      method: req.method,
      url: req.url,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    next();
  });
  app.use('/fhir', fhir.app);
  return {
    baseUrl,
    requests,
    async load(bundle) {
      await loadBundle(fhir.repo, bundle, 'test bundle');
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

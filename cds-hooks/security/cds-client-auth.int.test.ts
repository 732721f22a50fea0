import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { createAudienceResolver } from './audience';
import { createCdsClientAuth } from './cds-client-auth';
import { captureLogger } from './testing/capture-logger';
import { createTestCdsClient, type TestCdsClient } from './testing/test-cds-client';

// Real HTTP for the jku path: a JWKS served by node:http on an ephemeral port, fetched with the global fetch.
// Expected outcomes come from the CDS Hooks 2.0 "Trusting CDS Clients" section (keys from jku only on trusted hosts).

const BASE = 'https://cds.test';
const SERVICE_URL = `${BASE}/cds-services/comorbidity`;

describe('createCdsClientAuth with a jku served over HTTP', () => {
  let ehr: TestCdsClient;
  let decoy: TestCdsClient;
  let server: Server;
  let port = 0;
  const requests: string[] = [];

  beforeAll(async () => {
    ehr = await createTestCdsClient({ alg: 'ES384', iss: 'https://ehr.test/jku' });
    decoy = await createTestCdsClient({ alg: 'ES384', iss: 'https://ehr.test/jku' });
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/jwks.json') {
        res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify(ehr.jwks));
      } else if (req.url === '/redirect.json') {
        res.writeHead(302, { location: 'https://elsewhere.test/jwks.json' }).end();
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });

  beforeEach(() => {
    requests.length = 0;
  });

  function buildApp() {
    const captured = captureLogger();
    const app = express();
    // The configured JWKS holds only the decoy's key: a pass proves the key came from the jku.
    const trusted = { iss: ehr.iss, jwks: decoy.jwks, jkuHosts: ['localhost'] };
    app.use(
      createCdsClientAuth({
        trustedClients: [trusted],
        audienceFor: createAudienceResolver(BASE),
        mode: 'jwt',
        logger: captured.logger,
      }),
    );
    app.post('/cds-services/:id', (_req, res) => {
      res.json({ cards: [] });
    });
    return { app, captured };
  }

  it('fetches the JWKS from a jku on an allowlisted host and accepts the token, then serves from cache', async () => {
    const { app } = buildApp();
    const jku = `http://localhost:${port}/jwks.json`;

    const first = await request(app)
      .post('/cds-services/comorbidity')
      .set('Authorization', `Bearer ${await ehr.sign(SERVICE_URL, { header: { jku } })}`)
      .send({});
    const second = await request(app)
      .post('/cds-services/comorbidity')
      .set('Authorization', `Bearer ${await ehr.sign(SERVICE_URL, { header: { jku } })}`)
      .send({});

    expect([first.status, second.status]).toEqual([200, 200]);
    expect(requests).toEqual(['/jwks.json']);
  });

  it('does not follow a redirect from an allowlisted jku', async () => {
    const { app, captured } = buildApp();
    const jku = `http://localhost:${port}/redirect.json`;

    const response = await request(app)
      .post('/cds-services/comorbidity')
      .set('Authorization', `Bearer ${await ehr.sign(SERVICE_URL, { header: { jku } })}`)
      .send({});

    expect(response.status).toBe(401);
    expect(requests).toEqual(['/redirect.json']);
    expect(captured.records().map((record) => record.reason)).toEqual(['jwks-unavailable']);
  });
});

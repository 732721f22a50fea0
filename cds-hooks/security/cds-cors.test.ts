import express from 'express';
import request from 'supertest';
import { createCdsClientAuth } from './cds-client-auth';
import { cdsCors } from './cds-cors';
import { captureLogger } from './testing/capture-logger';

// Header values from the CDS Hooks 2.0 specification, section "Cross-Origin Resource Sharing".

function buildApp(origins: string) {
  const app = express();
  app.use(cdsCors(origins));
  app.use(
    createCdsClientAuth({
      trustedClients: [],
      audienceFor: () => 'https://cds.test/cds-services',
      mode: 'jwt',
      logger: captureLogger().logger,
    }),
  );
  app.get('/cds-services', (_req, res) => {
    res.json({ services: [] });
  });
  return app;
}

describe('cdsCors', () => {
  it('answers a preflight with 204 and the spec headers, before authentication', async () => {
    const app = buildApp('*');

    const response = await request(app)
      .options('/cds-services')
      .set('Origin', 'https://sandbox.cds-hooks.org')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization, content-type');

    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-allow-methods']).toBe('GET, POST, OPTIONS');
    expect(response.headers['access-control-allow-headers']).toBe('Authorization, Content-Type');
    expect(response.headers['access-control-expose-headers']).toContain('Content-Location, Location');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('adds the headers to ordinary responses, including a 401', async () => {
    const app = buildApp('*');

    const response = await request(app).get('/cds-services').set('Origin', 'https://sandbox.cds-hooks.org');

    expect(response.status).toBe(401);
    expect(response.headers['access-control-allow-origin']).toBe('*');
  });

  it('echoes an allowed origin from a list and varies on Origin', async () => {
    const app = buildApp('https://ehr.example.org, https://sandbox.cds-hooks.org/');

    const response = await request(app).options('/cds-services').set('Origin', 'https://sandbox.cds-hooks.org');

    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('https://sandbox.cds-hooks.org');
    expect(response.headers.vary).toContain('Origin');
  });

  it('gives an origin outside the list no CORS headers', async () => {
    const app = buildApp('https://ehr.example.org');

    const response = await request(app).options('/cds-services').set('Origin', 'https://evil.example.org');

    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-methods']).toBeUndefined();
  });
});

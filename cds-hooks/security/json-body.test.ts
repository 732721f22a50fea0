import express from 'express';
import request from 'supertest';
import { jsonBody } from './json-body';

function buildApp(limit: string) {
  const app = express();
  app.use(jsonBody(limit));
  app.post('/cds-services/comorbidity', (req, res) => {
    res.json({ received: req.body as unknown });
  });
  return app;
}

describe('jsonBody', () => {
  it('parses JSON bodies within the limit, including application/fhir+json', async () => {
    const app = buildApp('1kb');

    const plain = await request(app).post('/cds-services/comorbidity').send({ hook: 'patient-view' });
    const fhir = await request(app)
      .post('/cds-services/comorbidity')
      .set('Content-Type', 'application/fhir+json')
      .send('{"resourceType":"Patient"}');

    expect(plain.body).toEqual({ received: { hook: 'patient-view' } });
    expect(fhir.body).toEqual({ received: { resourceType: 'Patient' } });
  });

  it('answers 413 with a short JSON error when the body is over the limit', async () => {
    const app = buildApp('1kb');
    // 2,048 characters of payload plus the JSON punctuation: over 1 kb (1,024 bytes).
    const body = { prefetch: 'x'.repeat(2048) };

    const response = await request(app).post('/cds-services/comorbidity').send(body);

    expect(response.status).toBe(413);
    expect(response.body).toEqual({ error: 'request body too large', limit: '1kb' });
  });

  it('answers 400 on invalid JSON without echoing the body', async () => {
    const app = buildApp('1kb');

    const response = await request(app)
      .post('/cds-services/comorbidity')
      .set('Content-Type', 'application/json')
      .send('{"patient": "Jane Doe",');

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'request body is not valid JSON' });
    expect(response.text).not.toContain('Jane');
  });
});

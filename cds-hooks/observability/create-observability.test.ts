import express from 'express';
import request from 'supertest';
import { createObservability, modalityLabel } from './create-observability';
import { openCdsStore } from '../store/sqlite-cds-store';
import { storeReadiness } from './store-readiness';

/** An app with the middleware first, a router mounted under /api with a parameterised route, and the health routes. */
function appWith(observability: ReturnType<typeof createObservability>): express.Express {
  const app = express();
  app.use(observability.observeRequest);
  const api = express.Router();
  api.get('/items/:id', (_req, res) => {
    res.json({ ok: true });
  });
  api.post('/fail', (_req, res) => {
    res.status(422).json({ ok: false });
  });
  app.use('/api', api);
  app.use(observability.router);
  return app;
}

/** The value of one sample line of the exposition, e.g. `http_requests_total{…} 2`. */
function sample(text: string, prefix: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('createObservability', () => {
  it('counts requests by route template and status, never by the URL with its ids', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const app = appWith(observability);

    await request(app).get('/api/items/patient-123');
    await request(app).get('/api/items/patient-456');
    await request(app).post('/api/fail');
    await request(app).get('/no/such/path/patient-789');
    const metrics = await request(app).get('/metrics');

    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(metrics.text, 'http_requests_total{method="GET",route="/api/items/:id",status="200"}')).toBe(2);
    expect(sample(metrics.text, 'http_requests_total{method="POST",route="/api/fail",status="422"}')).toBe(1);
    expect(sample(metrics.text, 'http_requests_total{method="GET",route="(unmatched)",status="404"}')).toBe(1);
    expect(
      sample(metrics.text, 'http_request_duration_seconds_count{method="GET",route="/api/items/:id",status="200"}'),
    ).toBe(2);
    expect(metrics.text).not.toContain('patient-');
  });

  it('exports model and FHIR times in seconds and assessments by modalities used', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const app = appWith(observability);

    observability.observeModelMs(4);
    observability.observeModelMs(30);
    observability.observeFhirMs(120);
    observability.countAssessment(['labs', 'ecg'], 'api');
    observability.countAssessment([], 'comorbidity-patient-view');
    const metrics = (await request(app).get('/metrics')).text;

    // 4 ms and 30 ms are 0.004 s and 0.03 s: one falls at or below the 0.005 s bucket, both at or below 0.05 s.
    expect(sample(metrics, 'model_inference_seconds_bucket{le="0.005"}')).toBe(1);
    expect(sample(metrics, 'model_inference_seconds_bucket{le="0.05"}')).toBe(2);
    expect(sample(metrics, 'model_inference_seconds_sum')).toBeCloseTo(0.034, 9);
    expect(sample(metrics, 'fhir_fetch_seconds_bucket{le="0.1"}')).toBe(0);
    expect(sample(metrics, 'fhir_fetch_seconds_bucket{le="0.25"}')).toBe(1);
    expect(sample(metrics, 'assessments_total{modalities="ecg+labs",source="api"}')).toBe(1);
    expect(sample(metrics, 'assessments_total{modalities="none",source="comorbidity-patient-view"}')).toBe(1);
  });

  it('includes the process metrics by default', async () => {
    const observability = createObservability();

    const metrics = await observability.registry.metrics();

    expect(metrics).toContain('process_resident_memory_bytes');
    expect(metrics).toContain('nodejs_heap_size_used_bytes');
  });

  it('is live at once, and ready only when every check passes', async () => {
    let modelLoaded = false;
    const observability = createObservability({
      defaultMetrics: false,
      readiness: { model: () => (modelLoaded ? undefined : 'model package not loaded') },
    });
    observability.addReadinessCheck('store', () => undefined);
    const app = appWith(observability);

    const live = await request(app).get('/healthz');
    const before = await request(app).get('/readyz');
    modelLoaded = true;
    const after = await request(app).get('/readyz');

    expect(live.status).toBe(200);
    expect(before.status).toBe(503);
    expect(before.body).toEqual({ status: 'not ready', checks: { model: 'model package not loaded', store: 'ok' } });
    expect(after.status).toBe(200);
    expect(after.body).toEqual({ status: 'ready', checks: { model: 'ok', store: 'ok' } });
  });

  it('is not ready when a check throws, and says only that the check failed', async () => {
    const observability = createObservability({
      defaultMetrics: false,
      readiness: {
        store: () => {
          throw new Error('SQLITE_CANTOPEN /secret/path');
        },
      },
    });

    const response = await request(appWith(observability)).get('/readyz');

    expect(response.status).toBe(503);
    expect(response.body.checks).toEqual({ store: 'check failed' });
  });

  it('keeps the metrics of two instances apart', async () => {
    const first = createObservability({ defaultMetrics: false });
    const second = createObservability({ defaultMetrics: false });

    first.countAssessment(['ecg'], 'api');

    expect(await second.registry.metrics()).not.toContain('modalities="ecg"');
  });
});

describe('modalityLabel', () => {
  it('names the modalities in model order whatever order they come in', () => {
    expect(modalityLabel(['labs', 'cxr', 'ecg'])).toBe('ecg+cxr+labs');
    expect(modalityLabel([])).toBe('none');
  });
});

describe('storeReadiness', () => {
  it('is ready while the store is open and names the cause once it is closed', async () => {
    const store = openCdsStore(':memory:');
    const check = storeReadiness(store);

    const open = await check();
    store.close();
    const closed = await check();

    expect(open).toBeUndefined();
    expect(closed).toBe('the audit store is closed');
  });
});

/** @jest-environment ./src/model/runtime/testing/onnxruntime-jest-environment.js */
/**
 * The assessment API over the sandbox FHIR server: `startSandbox` from src/main.ts on an ephemeral port with three
 * synthetic patients, first with a fake `assess` (the port: record in, Assessment out), then with the real assessor
 * over onnxruntime and the tiny test package (random weights: only the plumbing is asserted, never probabilities).
 *
 * Expected values come from the FHIR server's side, independently of the API: the patients and encounters it holds
 * (read with fetch), the resources behind each reference (read back and checked to belong to the patient), and the
 * Authorization headers its HTTP server received.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { HttpFhirGateway } from '../../src/fhir/http-fhir-gateway';
import { startSandbox, type RunningSandbox } from '../../src/main';
import { createAssessor } from '../../src/model/assessment/create-assessor';
import { writeTestPackage } from '../../src/model/package/testing/write-test-package';
import { OnnxPerceptionModel } from '../../src/model/runtime/onnx-perception-model';
import {
  createSilentLogger,
  loadConfig,
  MODALITIES,
  type Assessment,
  type MultimodalRecord,
} from '../../src/shared/index';
import { createObservability, storeReadiness, type Observability } from '../observability/index';
import { assessmentSchema } from '../openapi/assessment-schema';
import { buildOpenApiDocument } from '../openapi/build-openapi-document';
import { validateJsonSchema } from '../openapi/testing/validate-json-schema';
import { openCdsStore, type CdsStore } from '../store/index';
import { assessmentFixture } from '../store/testing/assessment-fixture';
import { ModelUnavailableError } from './api-error';
import { createAssessmentApiRouter, type AssessmentApiDeps } from './create-assessment-api-router';

interface SeenRequest {
  path: string;
  authorization?: string;
}

type Assess = AssessmentApiDeps['assess'];

/** A fake of the assessor port: the fixture, re-aimed at the record it was given. */
function fakeAssess(calls: MultimodalRecord[]): Assess {
  return async (record, options) => {
    calls.push(record);
    const used = MODALITIES.filter((m) => record[m] !== undefined);
    return assessmentFixture({
      id: randomUUID(),
      patientId: record.patientId,
      ...(record.encounterId ? { encounterId: record.encounterId } : {}),
      modalities: {
        used,
        missing: MODALITIES.filter((m) => !used.includes(m)),
        weights: Object.fromEntries(used.map((m) => [m, 1 / used.length])),
      },
      issues: record.issues,
      timings: { ...(options?.fetchMs !== undefined ? { fetchMs: options.fetchMs } : {}), totalMs: 5 },
      basis: record.provenance.references,
    });
  };
}

/** A FHIR server that answers every request with `status` (a server refusing the token). */
async function startRefusingServer(status: number): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const app = express().use((_req, res) => {
    res.status(status).json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'security' }] });
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('the assessment API over the sandbox FHIR server', () => {
  let sandbox: RunningSandbox;
  /** The sandbox's FHIR base as configured (`http://localhost:PORT/fhir`): the default server. */
  let fhirBase: string;
  /** The same server under another name (`http://127.0.0.1:PORT/fhir`): an allowlisted fhirServer. */
  let allowedBase: string;
  let refusing401: Awaited<ReturnType<typeof startRefusingServer>>;
  let refusing403: Awaited<ReturnType<typeof startRefusingServer>>;
  const seen: SeenRequest[] = [];
  let patientIds: string[];
  let store: CdsStore;
  let observability: Observability;
  let modelReady: boolean;
  const calls: MultimodalRecord[] = [];

  function appWith(overrides: Partial<AssessmentApiDeps> = {}): express.Express {
    const app = express();
    app.use(observability.observeRequest);
    app.use(
      createAssessmentApiRouter({
        assess: fakeAssess(calls),
        defaultGateway: new HttpFhirGateway({ baseUrl: fhirBase }),
        defaultGatewayIsOpen: true,
        gatewayFactory: (server, token) =>
          new HttpFhirGateway({ baseUrl: server, maxRetries: 0, ...(token ? { accessToken: token } : {}) }),
        allowlist: { allows: (s) => [allowedBase, refusing401.baseUrl, refusing403.baseUrl].includes(s) },
        store,
        logger: createSilentLogger(),
        metrics: observability,
        window: { hours: 24, cxrHours: 72 },
        ...overrides,
      }),
    );
    app.use(observability.router);
    return app;
  }

  /** The patient's encounter as the FHIR server holds it. */
  async function encounterOf(patientId: string): Promise<{ id: string; start: string }> {
    const bundle = (await (await fetch(`${fhirBase}/Encounter?patient=${patientId}`)).json()) as {
      entry?: { resource: { id: string; period?: { start?: string } } }[];
    };
    const encounter = bundle.entry?.[0]?.resource;
    if (!encounter?.period?.start) throw new Error('the synthetic patient has no encounter with a start');
    return { id: encounter.id, start: encounter.period.start };
  }

  /** A request body anchored on the patient's admission (the synthetic data are from the past, not around now). */
  async function admission(patientId: string | undefined): Promise<{ patientId: string; encounterId: string }> {
    const id = patientId ?? '';
    return { patientId: id, encounterId: (await encounterOf(id)).id };
  }

  beforeAll(async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SANDBOX_SYNTHETIC_PATIENTS: '3', LOG_LEVEL: 'silent' });
    sandbox = await startSandbox(config, createSilentLogger());
    sandbox.server.prependListener('request', (req) => {
      seen.push({
        path: req.url ?? '',
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      });
    });
    fhirBase = `${sandbox.baseUrl}/fhir`;
    allowedBase = `http://127.0.0.1:${(sandbox.server.address() as AddressInfo).port}/fhir`;
    patientIds = sandbox.synthetic?.patientIds ?? [];
    [refusing401, refusing403] = await Promise.all([startRefusingServer(401), startRefusingServer(403)]);
  });

  afterAll(async () => {
    await Promise.all([sandbox?.close(), refusing401?.close(), refusing403?.close()]);
  });

  beforeEach(() => {
    store = openCdsStore(':memory:');
    modelReady = false;
    observability = createObservability({
      defaultMetrics: false,
      readiness: { model: () => (modelReady ? undefined : 'model not loaded'), store: storeReadiness(store) },
    });
    calls.length = 0;
    seen.length = 0;
  });

  afterEach(() => store.close());

  it('has three synthetic patients to assess', () => {
    expect(patientIds).toHaveLength(3);
  });

  it('assesses a patient from the open sandbox, answers 201 with the Assessment and audits it', async () => {
    const patientId = patientIds[0] ?? '';
    const encounter = await encounterOf(patientId);

    const response = await request(appWith()).post('/api/assessments').send({ patientId, encounterId: encounter.id });

    expect(response.status).toBe(201);
    const body = response.body as Assessment;
    expect(response.headers.location).toBe(`/api/assessments/${body.id}`);
    expect(body.patientId).toBe(patientId);
    expect(calls).toHaveLength(1);
    const record = calls[0];
    // Anchored on the encounter's start as the server holds it; the window is the configured ±24 h.
    expect(record?.anchorTime).toBe(encounter.start);
    expect(record?.labs).toBeDefined();
    expect(body.timings.fetchMs).toBeGreaterThan(0);
    const audit = store.getAudit(body.id);
    expect(audit).toMatchObject({ source: 'api', patientId, encounterId: encounter.id, fhirServer: fhirBase });
    expect(audit?.modalitiesUsed).toEqual(body.modalities.used);
    expect(seen.filter((s) => s.authorization !== undefined)).toEqual([]);
  });

  it('bases the record only on resources of that patient, as the FHIR server reads them back', async () => {
    const patientId = patientIds[1] ?? '';
    const encounter = await encounterOf(patientId);

    const response = await request(appWith()).post('/api/assessments').send({ patientId, encounterId: encounter.id });

    expect(response.status).toBe(201);
    const basis = (response.body as Assessment).basis;
    expect(basis.length).toBeGreaterThan(0);
    for (const reference of basis) {
      const resource = (await (await fetch(`${fhirBase}/${reference}`)).json()) as {
        subject?: { reference?: string };
        patient?: { reference?: string };
      };
      const owner = resource.subject?.reference ?? resource.patient?.reference;
      // Binary resources carry no subject; every other basis resource names the patient.
      if (!reference.startsWith('Binary/')) expect(owner).toBe(`Patient/${patientId}`);
    }
  });

  it("forwards the caller's bearer token to an allowlisted fhirServer on every request", async () => {
    const patientId = patientIds[0] ?? '';
    const encounter = await encounterOf(patientId);
    seen.length = 0;

    const response = await request(appWith())
      .post('/api/assessments')
      .set('Authorization', 'Bearer tok-123')
      .send({ patientId, encounterId: encounter.id, fhirServer: allowedBase });

    expect(response.status).toBe(201);
    const fhirRequests = seen.filter((s) => s.path.startsWith('/fhir/'));
    expect(fhirRequests.map((s) => s.path)).toEqual(
      expect.arrayContaining([`/fhir/Patient/${patientId}`, `/fhir/Encounter/${encounter.id}`]),
    );
    expect(fhirRequests.length).toBeGreaterThanOrEqual(4);
    expect(fhirRequests.every((s) => s.authorization === 'Bearer tok-123')).toBe(true);
    expect(store.getAudit(response.body.id)?.fhirServer).toBe(allowedBase);
  });

  it('answers 401 when an allowlisted fhirServer is named without a token, and contacts nothing', async () => {
    seen.length = 0;

    const response = await request(appWith())
      .post('/api/assessments')
      .send({ patientId: patientIds[0], fhirServer: allowedBase });

    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.body.issue[0]).toMatchObject({ code: 'login' });
    expect(seen).toEqual([]);
  });

  it('answers 403 for a fhirServer off the allowlist, and contacts nothing', async () => {
    const made: string[] = [];
    const app = appWith({
      gatewayFactory: (server) => {
        made.push(server);
        return new HttpFhirGateway({ baseUrl: server });
      },
    });

    const response = await request(app)
      .post('/api/assessments')
      .set('Authorization', 'Bearer tok-123')
      .send({ patientId: patientIds[0], fhirServer: 'https://elsewhere.example.org/fhir' });

    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'forbidden',
          diagnostics: "fhirServer https://elsewhere.example.org is not on this server's FHIR allowlist",
        },
      ],
    });
    expect(made).toEqual([]);
  });

  it("answers 401 and 403 when the FHIR server refuses the caller's token", async () => {
    const app = appWith();

    const refused = await request(app)
      .post('/api/assessments')
      .set('Authorization', 'Bearer expired')
      .send({ patientId: 'p-1', fhirServer: refusing401.baseUrl });
    const forbidden = await request(app)
      .post('/api/assessments')
      .set('Authorization', 'Bearer narrow-scope')
      .send({ patientId: 'p-1', fhirServer: refusing403.baseUrl });

    expect(refused.status).toBe(401);
    expect(refused.body.issue[0].diagnostics).toMatch(/^the FHIR server refused the bearer token \(HTTP 401 from /);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.issue[0].diagnostics).toMatch(/^the bearer token does not allow reading Patient\/p-1/);
  });

  it('answers 401 without a token when the default FHIR server is not the open sandbox', async () => {
    const response = await request(appWith({ defaultGatewayIsOpen: false }))
      .post('/api/assessments')
      .send({ patientId: patientIds[0] });

    expect(response.status).toBe(401);
    expect(response.body.issue[0].diagnostics).toBe('a bearer token for the FHIR server is required');
  });

  it('answers 400 for a body that is not JSON', async () => {
    const response = await request(appWith())
      .post('/api/assessments')
      .set('Content-Type', 'application/json')
      .send('{"patientId": ');

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(response.body.issue[0]).toEqual({
      severity: 'error',
      code: 'invalid',
      diagnostics: 'the body is not valid JSON',
    });
  });

  it('answers 400 naming the field when patientId is missing, and when a member is unknown', async () => {
    const missing = await request(appWith())
      .post('/api/assessments')
      .send({ window: { hours: 24 } });
    const unknown = await request(appWith()).post('/api/assessments').send({ patientId: 'x', patientID: 'x' });

    expect(missing.status).toBe(400);
    expect(missing.body.issue[0].diagnostics).toMatch(/^patientId: /);
    expect(unknown.status).toBe(400);
    expect(unknown.body.issue[0].diagnostics).toMatch(/^\(body\): Unrecognized key: "patientID"/);
    expect(calls).toEqual([]);
  });

  it('answers 404 for a patient the FHIR server does not have', async () => {
    const response = await request(appWith()).post('/api/assessments').send({ patientId: 'no-such-patient' });

    expect(response.status).toBe(404);
    expect(response.body.issue[0].code).toBe('not-found');
    expect(response.body.issue[0].diagnostics).toMatch(/^Patient\/no-such-patient was not found on the FHIR server/);
    expect(store.recentAudit(10)).toEqual([]);
  });

  it('answers 422 with one issue per modality when nothing about the patient can be read', async () => {
    const created = (await (
      await fetch(`${fhirBase}/Patient`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/fhir+json' },
        body: JSON.stringify({ resourceType: 'Patient' }),
      })
    ).json()) as { id: string };

    const response = await request(appWith()).post('/api/assessments').send({ patientId: created.id });

    expect(response.status).toBe(422);
    const diagnostics = (response.body.issue as { diagnostics: string }[]).map((i) => i.diagnostics);
    expect(diagnostics[0]).toBe(`no modality could be read for Patient/${created.id}`);
    expect(
      diagnostics
        .slice(1)
        .map((d) => d.split(':')[0])
        .sort(),
    ).toEqual(['cxr absent', 'ecg absent', 'labs absent']);
    expect(calls).toEqual([]);
  });

  it('answers 503 while no model is loaded', async () => {
    const app = appWith({
      assess: async () => {
        throw new ModelUnavailableError('the model package is loading');
      },
    });

    const response = await request(app)
      .post('/api/assessments')
      .send(await admission(patientIds[0]));

    expect(response.status).toBe(503);
    expect(response.body.issue[0].diagnostics).toBe('no model is loaded: the model package is loading');
  });

  it('serves the audit of an assessment, 404 for an unknown one and 400 for a malformed id', async () => {
    const app = appWith();
    const created = await request(app)
      .post('/api/assessments')
      .send(await admission(patientIds[2]));

    const audit = await request(app).get(created.headers.location ?? '');
    const unknown = await request(app).get(`/api/assessments/${randomUUID()}`);
    const malformed = await request(app).get('/api/assessments/not%20an%20id');

    expect(audit.status).toBe(200);
    expect(audit.body).toEqual(store.getAudit(created.body.id));
    expect(audit.body.findings).toHaveLength(7);
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(400);
  });

  it('exports request, FHIR time and assessment metrics after a request', async () => {
    const app = appWith();
    const created = await request(app)
      .post('/api/assessments')
      .send(await admission(patientIds[0]));

    const metrics = (await request(app).get('/metrics')).text;

    const used = (created.body as Assessment).modalities.used.join('+');
    expect(metrics).toContain('http_requests_total{method="POST",route="/api/assessments",status="201"} 1');
    expect(metrics).toContain(`assessments_total{modalities="${used}",source="api"} 1`);
    expect(metrics).toContain('fhir_fetch_seconds_count 1');
    expect(metrics).toContain('model_inference_seconds_count 1');
    expect(metrics).not.toContain(patientIds[0]);
  });

  it('is not ready until the model is, and ready once it is', async () => {
    const app = appWith();

    const before = await request(app).get('/readyz');
    modelReady = true;
    const after = await request(app).get('/readyz');

    expect(before.status).toBe(503);
    expect(before.body.checks).toEqual({ model: 'model not loaded', store: 'ok' });
    expect(after.status).toBe(200);
  });

  it('serves its OpenAPI document, and the Assessment it returns meets the document', async () => {
    const app = appWith();
    const created = await request(app)
      .post('/api/assessments')
      .send(await admission(patientIds[0]));

    const document = await request(app).get('/api/openapi.json');

    expect(document.status).toBe(200);
    expect(document.body).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
    const schemas = document.body.components.schemas as Record<string, unknown>;
    expect(validateJsonSchema({ $ref: '#/components/schemas/Assessment' }, created.body, schemas)).toEqual([]);
  });

  describe('with the real assessor over onnxruntime (tiny test package)', () => {
    let packageDir: string;
    let model: OnnxPerceptionModel;

    beforeAll(async () => {
      packageDir = await writeTestPackage(await mkdtemp(join(tmpdir(), 'api-int-')));
      model = await OnnxPerceptionModel.load(packageDir);
    });

    afterAll(async () => {
      await model?.close();
      if (packageDir) await rm(packageDir, { recursive: true, force: true });
    });

    it('returns an Assessment of seven diseases that meets the OpenAPI document and the zod schema, and audits it', async () => {
      const assessor = createAssessor({ model });
      const app = appWith({ assess: (record, options) => assessor.assess(record, options) });
      const patientId = patientIds[0] ?? '';
      const encounter = await encounterOf(patientId);

      const response = await request(app).post('/api/assessments').send({ patientId, encounterId: encounter.id });

      expect(response.status).toBe(201);
      const schemas = buildOpenApiDocument().components.schemas;
      expect(validateJsonSchema({ $ref: '#/components/schemas/Assessment' }, response.body, schemas)).toEqual([]);
      expect(assessmentSchema.safeParse(response.body).success).toBe(true);
      const body = response.body as Assessment;
      expect(body.model).toEqual({ name: 'tiny-test-perception', version: '0.0.1' });
      expect(body.findings).toHaveLength(7);
      expect(body.modalities.used.length).toBeGreaterThan(0);
      const audit = store.getAudit(body.id);
      expect(audit?.findings.map((f) => [f.disease, f.probability, f.likely])).toEqual(
        body.findings.map((f) => [f.disease, f.probability, f.likely]),
      );
      expect(audit?.timings.inferenceMs).toBe(body.timings.inferenceMs);
    });
  });
});

/** @jest-environment ./src/model/runtime/testing/onnxruntime-jest-environment.js */
/**
 * The comorbidity hook end to end: createApp over supertest, with the sandbox FHIR server on an ephemeral port as
 * the EHR's fhirServer (seeded with synthetic admissions from src/synth), a real onnxruntime model (the tiny test
 * package: random weights, so only the plumbing is asserted, never the probabilities) and CDS_AUTH=none.
 *
 * Expected values come from the generator's side, independently of the service: which resources each admission
 * has (the Bundle we loaded), its diseases (SyntheticAdmission.diseases, written as Conditions), and the requests
 * the FHIR server recorded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, Observation, Resource } from '@medplum/fhirtypes';
import express from 'express';
import request from 'supertest';
import { createApp } from '../../cds-hooks/app';
import { assertCdsResponseConforms, assertDiscoveryConforms } from '../../cds-hooks/conformance/assert-cds-conforms';
import type { AssessorState, CdsDeps, HookOutcome } from '../../cds-hooks/deps';
import { resolvePrefetchTemplate } from '../../cds-hooks/prefetch/prefetch-tokens';
import { createAudienceResolver, createCdsClientAuth } from '../../cds-hooks/security/index';
import { createTestCdsClient, type TestCdsClient } from '../../cds-hooks/security/testing/index';
import { COMORBIDITY_SERVICE_ID } from '../../cds-hooks/services/comorbidity-service';
import { comorbidityCardRenderer } from '../../cds-hooks/services/compose-cds';
import { createDevelopmentCdsClient, type DevelopmentCdsClient } from '../../cds-hooks/services/development-client';
import { openCdsStore, type CdsStore } from '../../cds-hooks/store/index';
import { createAssessor } from '../../src/model/assessment/create-assessor';
import { OnnxPerceptionModel } from '../../src/model/runtime/onnx-perception-model';
import { writeTestPackage } from '../../src/model/package/testing/write-test-package';
import { createSilentLogger, loadConfig } from '../../src/shared/index';
import { generateAdmission } from '../../src/synth/admission/generate-admission';
import type { SyntheticAdmission } from '../../src/synth/admission/synthetic-admission';
import { admissionToBundle } from '../../src/synth/fhir/admission-to-bundle';
import { plainCards } from './support/plain-cards';
import { startRecordingFhirServer, type RecordingFhirServer } from './support/recording-fhir-server';

const SEED = 'cds-hooks-int';
const TOKEN = 'opaque-test-access-token';
const HOOK_URL = `/cds-services/${COMORBIDITY_SERVICE_ID}`;

function withoutCxr(bundle: Bundle): Bundle {
  const cxrTypes = new Set(['ImagingStudy', 'DocumentReference', 'Binary']);
  return { ...bundle, entry: bundle.entry?.filter((e) => !cxrTypes.has(e.resource?.resourceType ?? '')) };
}

/** Every lead's SampledData gets a non-voltage unit, so the ECG Observation cannot be read at all. */
function withBrokenEcg(bundle: Bundle, ecgId: string): Bundle {
  const entry = bundle.entry?.map((e) => {
    const resource = e.resource as Resource | undefined;
    if (resource?.resourceType !== 'Observation' || resource.id !== ecgId) return e;
    const broken = structuredClone(resource) as Observation;
    for (const component of broken.component ?? []) {
      if (component.valueSampledData) component.valueSampledData.origin = { value: 0, unit: 'kg', code: 'kg' };
    }
    return { ...e, resource: broken };
  });
  return { ...bundle, entry };
}

describe('the comorbidity CDS Hooks service', () => {
  let fhir: RecordingFhirServer;
  let outsider: RecordingFhirServer;
  let packageDir: string;
  let model: OnnxPerceptionModel;
  let assessorState: AssessorState;
  let app: express.Express;
  /** The same service with the product's card renderer, for what the clinician reads. */
  let productApp: express.Express;
  let store: CdsStore;
  const outcomes: HookOutcome[] = [];
  const full = generateAdmission(SEED, 0, { allModalities: true });
  const noCxr = generateAdmission(SEED, 1, { allModalities: true });
  const badEcg = generateAdmission(SEED, 2, { allModalities: true });

  beforeAll(async () => {
    [fhir, outsider] = await Promise.all([startRecordingFhirServer(), startRecordingFhirServer()]);
    await fhir.load(admissionToBundle(full));
    await fhir.load(withoutCxr(admissionToBundle(noCxr)));
    await fhir.load(withBrokenEcg(admissionToBundle(badEcg), badEcg.ids.ecg));
    packageDir = await writeTestPackage(await mkdtemp(join(tmpdir(), 'cds-int-')));
    model = await OnnxPerceptionModel.load(packageDir);
    assessorState = { status: 'ready', assessor: createAssessor({ model }) };
    store = openCdsStore(':memory:');
    const deps: CdsDeps = {
      config: loadConfig({ CDS_AUTH: 'none', PUBLIC_BASE_URL: 'http://cds.test' }),
      logger: createSilentLogger(),
      assessor: () => assessorState,
      renderCards: plainCards,
      store,
      sandboxFhirBaseUrl: fhir.baseUrl,
      onHookOutcome: (outcome) => outcomes.push(outcome),
    };
    app = express().use(createApp(deps));
    productApp = express().use(
      createApp({ ...deps, renderCards: comorbidityCardRenderer('http://cds.test/model-card'), store: undefined }),
    );
  });

  afterAll(async () => {
    await model?.close();
    store?.close();
    await Promise.all([fhir?.close(), outsider?.close()]);
    if (packageDir) await rm(packageDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    fhir.requests.length = 0;
    outsider.requests.length = 0;
    outcomes.length = 0;
  });

  function hookBody(admission: SyntheticAdmission, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      hook: 'patient-view',
      hookInstance: '5f2c5c0e-3a7b-4d0c-9a43-2f0d3a0d8f11',
      context: {
        userId: 'Practitioner/example',
        patientId: admission.ids.patient,
        encounterId: admission.ids.encounter,
      },
      ...extra,
    };
  }

  /** What a CDS client would send: each discovery template filled in and fetched from the FHIR server. */
  async function prefetchFor(admission: SyntheticAdmission): Promise<Record<string, unknown>> {
    const discovery = await request(app).get('/cds-services');
    const templates = (discovery.body as { services: { prefetch: Record<string, string> }[] }).services[0]?.prefetch;
    const context = {
      userId: 'Practitioner/example',
      patientId: admission.ids.patient,
      encounterId: admission.ids.encounter,
    };
    const prefetch: Record<string, unknown> = {};
    for (const [key, template] of Object.entries(templates ?? {})) {
      const url = resolvePrefetchTemplate(template, context);
      if (url === undefined) continue;
      const response = await fetch(`${fhir.baseUrl}/${url}`);
      if (!response.ok) throw new Error(`prefetch ${key}: HTTP ${response.status}`);
      prefetch[key] = await response.json();
    }
    fhir.requests.length = 0;
    return prefetch;
  }

  function detailOf(body: unknown): string {
    const cards = (body as { cards: { summary: string; detail?: string }[] }).cards;
    return cards.map((c) => `${c.summary}\n${c.detail ?? ''}`).join('\n');
  }

  it('lists one patient-view service with prefetch templates for each kind of data', async () => {
    const response = await request(app).get('/cds-services');

    expect(response.status).toBe(200);
    assertDiscoveryConforms(response.body);
    const [service] = (response.body as { services: Record<string, unknown>[] }).services;
    expect(service).toMatchObject({ hook: 'patient-view', id: COMORBIDITY_SERVICE_ID });
    const prefetch = service?.['prefetch'] as Record<string, string>;
    expect(Object.keys(prefetch).sort()).toEqual(
      [
        'conditions',
        'cxrDocuments',
        'cxrReports',
        'ecg',
        'ecgDocuments',
        'encounter',
        'imagingStudies',
        'labs',
        'media',
        'patient',
      ].sort(),
    );
    expect(prefetch['patient']).toBe('Patient/{{context.patientId}}');
    expect(prefetch['encounter']).toBe('Encounter/{{context.encounterId}}');
    // 2160-0 creatinine and 2823-3 potassium are catalogue labs (LOINC); 34534-8 is the 12-lead ECG panel.
    expect(prefetch['labs']).toMatch(
      /^Observation\?patient=\{\{context\.patientId\}\}&code=.*\b2160-0\b.*&_sort=-date/,
    );
    expect(prefetch['labs']).toContain('2823-3');
    expect(prefetch['ecg']).toContain('code=34534-8,11524-6');
    expect(prefetch['conditions']).toBe('Condition?patient={{context.patientId}}&clinical-status=active&_count=500');
  });

  it('with the full prefetch, searches nothing on the FHIR server and reads only the X-ray file from it, with the token', async () => {
    const prefetch = await prefetchFor(full);

    const response = await request(app)
      .post(HOOK_URL)
      .send(
        hookBody(full, {
          prefetch,
          fhirServer: fhir.baseUrl,
          fhirAuthorization: {
            access_token: TOKEN,
            token_type: 'Bearer',
            expires_in: 300,
            scope: 'user/Binary.read',
            subject: 'medtvt',
          },
        }),
      );

    expect(response.status).toBe(200);
    assertCdsResponseConforms(response.body);
    expect(outcomes[0]?.modalitiesUsed).toEqual(['ecg', 'cxr', 'labs']);
    // The X-ray's Binary is the only thing a prefetch cannot carry.
    expect(fhir.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET /Binary/${full.ids.cxrBinary}`]);
    expect(fhir.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    // The diseases the generator gave this admission are written as active Conditions: the problem list.
    expect(detailOf(response.body)).toContain(`Problem list: ${full.diseases.join(', ') || 'unknown'}`);
  });

  it('with the prefetch and no fhirServer, assesses labs and ECG and says the X-ray could not be fetched', async () => {
    const prefetch = await prefetchFor(full);

    const response = await request(app).post(HOOK_URL).send(hookBody(full, { prefetch }));

    expect(response.status).toBe(200);
    assertCdsResponseConforms(response.body);
    expect(outcomes[0]?.modalitiesUsed).toEqual(['ecg', 'labs']);
    expect(outcomes[0]?.modalitiesMissing).toEqual(['cxr']);
    expect(detailOf(response.body)).toMatch(/cxr unreadable: .*no FHIR server may be contacted/);
    expect(fhir.requests).toHaveLength(0);
  });

  it('without prefetch, reads everything from the allowed fhirServer, sending the bearer token on every request', async () => {
    const response = await request(app)
      .post(HOOK_URL)
      .send(
        hookBody(full, {
          fhirServer: fhir.baseUrl,
          fhirAuthorization: {
            access_token: TOKEN,
            token_type: 'Bearer',
            expires_in: 300,
            scope: 'user/*.read',
            subject: 'medtvt',
          },
        }),
      );

    expect(response.status).toBe(200);
    assertCdsResponseConforms(response.body);
    expect(outcomes[0]?.modalitiesUsed).toEqual(['ecg', 'cxr', 'labs']);
    const paths = fhir.requests.map((r) => r.url.split('?')[0]);
    expect(paths).toEqual(expect.arrayContaining(['/Observation', '/Condition', `/Binary/${full.ids.cxrBinary}`]));
    expect(fhir.requests.length).toBeGreaterThan(3);
    expect(fhir.requests.map((r) => r.authorization)).toEqual(fhir.requests.map(() => `Bearer ${TOKEN}`));
  });

  it('audits the assessment with its cards, and stores feedback about a card and reads it back', async () => {
    const hook = await request(app)
      .post(HOOK_URL)
      .send(hookBody(full, { fhirServer: fhir.baseUrl }));
    const assessmentId = outcomes[0]?.assessment?.id ?? '';
    const card = (hook.body as { cards: { uuid: string }[] }).cards[0]?.uuid ?? '';

    const feedback = await request(app)
      .post(`${HOOK_URL}/feedback`)
      .send({
        feedback: [
          {
            card,
            outcome: 'overridden',
            overrideReason: {
              reason: { system: 'http://example.org/reasons', code: 'known', display: 'Already known' },
            },
            outcomeTimestamp: '2024-05-01T10:00:00Z',
          },
        ],
      });

    expect(feedback.status).toBe(200);
    expect(store.getAudit(assessmentId)).toMatchObject({
      source: COMORBIDITY_SERVICE_ID,
      hookInstance: '5f2c5c0e-3a7b-4d0c-9a43-2f0d3a0d8f11',
      patientId: full.ids.patient,
      userRef: 'Practitioner/example',
      fhirServer: fhir.baseUrl,
    });
    expect(store.cardsForAssessment(assessmentId).map((c) => c.uuid)).toEqual([card]);
    expect(store.feedbackForCard(card)).toEqual([
      expect.objectContaining({ card, outcome: 'overridden', knownCard: true }),
    ]);
  });

  it('answers 412 when there is neither prefetch nor fhirServer', async () => {
    const response = await request(app).post(HOOK_URL).send(hookBody(full));

    expect(response.status).toBe(412);
    expect(response.body).toEqual({ error: expect.stringMatching(/no fhirServer/) });
    expect(outcomes[0]?.status).toBe(412);
  });

  it('answers 412 for a fhirServer outside the allowlist, without ever contacting it', async () => {
    const response = await request(app)
      .post(HOOK_URL)
      .send(
        hookBody(full, {
          fhirServer: outsider.baseUrl,
          fhirAuthorization: { access_token: TOKEN, token_type: 'Bearer', expires_in: 300, scope: 'x', subject: 'y' },
        }),
      );

    expect(response.status).toBe(412);
    expect(response.body.error).toMatch(/not allowed/);
    expect(outsider.requests).toHaveLength(0);
  });

  it('answers 412 naming the status when the allowed FHIR server refuses every request', async () => {
    // Below the allowed base, so allowed; the sandbox has no such resource types and answers every request with 4xx.
    const response = await request(app)
      .post(HOOK_URL)
      .send(hookBody(full, { fhirServer: `${fhir.baseUrl}/refused` }));

    expect(response.status).toBe(412);
    expect(response.body.error).toMatch(/could not be read \(HTTP 4\d\d\)/);
    expect(fhir.requests.length).toBeGreaterThan(0);
  });

  it('answers 400 with the reason for a body that is not JSON', async () => {
    const response = await request(app).post(HOOK_URL).set('content-type', 'application/json').send('{"hook": ');

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'request body is not valid JSON' });
  });

  it.each([
    ['hookInstance', { hookInstance: undefined }, /^hookInstance: /],
    ['context.patientId', { context: { userId: 'Practitioner/1' } }, /^context\.patientId: /],
    [
      'fhirServer (fhirAuthorization without it)',
      { fhirAuthorization: { access_token: 't', token_type: 'Bearer', expires_in: 1, scope: 's', subject: 'c' } },
      /^fhirServer: fhirServer is required/,
    ],
    [
      'fhirAuthorization.token_type',
      {
        fhirServer: 'https://ehr.test/fhir',
        fhirAuthorization: { access_token: 't', token_type: 'MAC', expires_in: 1, scope: 's', subject: 'c' },
      },
      /^fhirAuthorization\.token_type: /,
    ],
    ['hook', { hook: 'order-select' }, /^hook: /],
    [
      'prefetch.labs',
      { prefetch: { labs: { resourceType: 'Patient', id: 'x' } } },
      /^prefetch\.labs: expected a searchset Bundle/,
    ],
  ])('answers 400 naming %s when the request breaks the schema', async (_name, change, reason) => {
    const response = await request(app)
      .post(HOOK_URL)
      .send({ ...hookBody(full), ...change });

    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(reason);
  });

  it('answers 404 for a service id it does not have', async () => {
    const response = await request(app).post('/cds-services/no-such-service').send(hookBody(full));

    expect(response.status).toBe(404);
    expect(response.body.error).toMatch(/no CDS service 'no-such-service'/);
  });

  it('for a patient without a chest X-ray, assesses ECG and labs and says the X-ray is missing', async () => {
    const response = await request(app)
      .post(HOOK_URL)
      .send(hookBody(noCxr, { fhirServer: fhir.baseUrl }));

    expect(response.status).toBe(200);
    assertCdsResponseConforms(response.body);
    expect(outcomes[0]?.modalitiesUsed).toEqual(['ecg', 'labs']);
    expect(detailOf(response.body)).toMatch(/Missing: cxr/);
    expect(detailOf(response.body)).toMatch(/cxr absent: No chest radiograph/);
  });

  it('for a malformed ECG Observation, assesses the rest and says the ECG could not be read', async () => {
    const response = await request(app)
      .post(HOOK_URL)
      .send(hookBody(badEcg, { fhirServer: fhir.baseUrl }));

    expect(response.status).toBe(200);
    assertCdsResponseConforms(response.body);
    expect(outcomes[0]?.modalitiesUsed).toEqual(['cxr', 'labs']);
    expect(detailOf(response.body)).toContain(`ecg unreadable: Observation/${badEcg.ids.ecg}`);
    expect(detailOf(response.body)).toContain("'kg' is not a voltage unit");
  });

  it('shows the clinician, in every card summary, that the chest X-ray is missing when the patient has none', async () => {
    const response = await request(productApp)
      .post(HOOK_URL)
      .send(hookBody(noCxr, { fhirServer: fhir.baseUrl }));

    expect(response.status).toBe(200);
    assertCdsResponseConforms(response.body);
    const cards = (response.body as { cards: { summary: string }[] }).cards;
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) expect(card.summary).toMatch(/no CXR/);
  });

  it('shows the clinician, in every card summary, that the ECG could not be read when its resource is malformed', async () => {
    const response = await request(productApp)
      .post(HOOK_URL)
      .send(hookBody(badEcg, { fhirServer: fhir.baseUrl }));

    expect(response.status).toBe(200);
    assertCdsResponseConforms(response.body);
    const cards = (response.body as { cards: { summary: string }[] }).cards;
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) expect(card.summary).toMatch(/ECG unreadable/);
  });

  it('answers 503 with a clear message while no model is loaded', async () => {
    const ready = assessorState;
    assessorState = { status: 'unavailable', reason: 'models/default has no manifest.json' };
    try {
      const response = await request(app)
        .post(HOOK_URL)
        .send(hookBody(full, { fhirServer: fhir.baseUrl }));

      expect(response.status).toBe(503);
      expect(response.body.error).toBe('no comorbidity model is loaded (models/default has no manifest.json)');
      expect(fhir.requests).toHaveLength(0);
    } finally {
      assessorState = ready;
    }
  });
});

describe('the comorbidity CDS Hooks service with CDS_AUTH=jwt', () => {
  const PUBLIC = 'http://cds.test';
  let app: express.Express;
  let developmentClient: DevelopmentCdsClient;
  let other: TestCdsClient;
  let unknownKey: TestCdsClient;
  let calls = 0;

  beforeAll(async () => {
    developmentClient = await createDevelopmentCdsClient(PUBLIC);
    other = await createTestCdsClient({ iss: 'https://ehr.test/other' });
    // Same issuer as the trusted `other`, but a key nobody configured: a bad signature as far as the service knows.
    unknownKey = await createTestCdsClient({ iss: other.iss, kid: other.kid });
    const config = loadConfig({ CDS_AUTH: 'jwt', PUBLIC_BASE_URL: PUBLIC });
    app = express().use(
      createApp({
        config,
        logger: createSilentLogger(),
        // Authentication runs first: a model that is never ready shows that a refused call got no further.
        assessor: () => ({ status: 'unavailable', reason: 'not needed' }),
        renderCards: plainCards,
        authenticate: createCdsClientAuth({
          trustedClients: [developmentClient.trustedClient, other.trustedClient],
          audienceFor: createAudienceResolver(PUBLIC),
          mode: 'jwt',
          logger: createSilentLogger(),
        }),
        onHookOutcome: () => {
          calls++;
        },
      }),
    );
  });

  beforeEach(() => {
    calls = 0;
  });

  const hook = {
    hook: 'patient-view',
    hookInstance: '0b1d1b0e-8f43-4b2f-9e4c-4d2a4b1b9a01',
    context: { userId: 'Practitioner/1', patientId: 'p1' },
  };

  it('accepts discovery signed by the development client for its exact URL', async () => {
    const token = await developmentClient.sign(`${PUBLIC}/cds-services`);

    const response = await request(app).get('/cds-services').set('authorization', `Bearer ${token}`);

    expect(response.status).toBe(200);
  });

  it('lets a hook call signed by the development client through to the service', async () => {
    const token = await developmentClient.sign(`${PUBLIC}${HOOK_URL}`);

    const response = await request(app).post(HOOK_URL).set('authorization', `Bearer ${token}`).send(hook);

    // 503: past authentication and validation, stopped only by the model this app does not have.
    expect(response.status).toBe(503);
    expect(calls).toBe(1);
  });

  it.each([
    ['missing', async () => undefined],
    ['signed with a key the issuer never configured', async () => unknownKey.sign(`${PUBLIC}${HOOK_URL}`)],
    [
      'expired',
      async () =>
        other.sign(`${PUBLIC}${HOOK_URL}`, {
          claims: { iat: Math.floor(Date.now() / 1000) - 900, exp: Math.floor(Date.now() / 1000) - 600 },
        }),
    ],
    ['for another endpoint (aud)', async () => other.sign(`${PUBLIC}/cds-services/another-service`)],
  ])('answers 401 to a hook call whose JWT is %s, before anything else runs', async (_name, makeToken) => {
    const token = await makeToken();

    const call = request(app).post(HOOK_URL);
    const response = await (token ? call.set('authorization', `Bearer ${token}`) : call).send(hook);

    expect(response.status).toBe(401);
    expect(calls).toBe(0);
  });

  it('answers 401 to a replayed JWT (same jti)', async () => {
    const token = await other.sign(`${PUBLIC}${HOOK_URL}`);

    const first = await request(app).post(HOOK_URL).set('authorization', `Bearer ${token}`).send(hook);
    const replay = await request(app).post(HOOK_URL).set('authorization', `Bearer ${token}`).send(hook);

    expect(first.status).toBe(503);
    expect(replay.status).toBe(401);
    expect(calls).toBe(1);
  });
});

import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle, CapabilityStatement, Observation, OperationOutcome, Patient } from '@medplum/fhirtypes';
import express from 'express';
import { createFhirApp } from './fhir-app';

const FHIR_JSON = 'application/fhir+json';

describe('sandbox FHIR server over HTTP', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
    const app = express();
    app.use('/fhir', createFhirApp({ baseUrl: base }).app);
    server.on('request', app);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const post = (path: string, body: unknown): Promise<Response> =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': FHIR_JSON }, body: JSON.stringify(body) });

  it('resolves urn:uuid references inside a transaction and answers with absolute fullUrls', async () => {
    const patientUrn = 'urn:uuid:2f1c9a52-5a0e-4c47-9d0b-6f4a0f6f1a01';
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:7d9e3c1b-8a4f-4c2e-b1a0-3e5d6f7a8b02',
          resource: {
            resourceType: 'Observation',
            status: 'final',
            code: { coding: [{ system: 'http://loinc.org', code: '2160-0' }] },
            subject: { reference: patientUrn },
          },
          request: { method: 'POST', url: 'Observation' },
        },
        {
          fullUrl: patientUrn,
          resource: { resourceType: 'Patient', identifier: [{ system: 'urn:test', value: 'tx-1' }] },
          request: { method: 'POST', url: 'Patient' },
        },
      ],
    };

    const res = await post('', bundle);
    const body = (await res.json()) as Bundle;

    expect(res.status).toBe(200);
    expect(body.type).toBe('transaction-response');
    const patientId = body.entry?.[1]?.resource?.id;
    const observationId = body.entry?.[0]?.resource?.id;
    expect(body.entry?.[1]?.fullUrl).toBe(`${base}/Patient/${patientId}`);
    const observation = (await (await fetch(`${base}/Observation/${observationId}`)).json()) as Observation;
    expect(observation.subject?.reference).toBe(`Patient/${patientId}`);
  });

  it('rolls a failed transaction back so that none of its entries remain', async () => {
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: { resourceType: 'Patient', identifier: [{ system: 'urn:test', value: 'rollback-1' }] },
          request: { method: 'POST', url: 'Patient' },
        },
        {
          // The id in the body differs from the URL: Medplum refuses the update, which fails the transaction.
          resource: { resourceType: 'Patient', id: 'other-id' },
          request: { method: 'PUT', url: 'Patient/some-id' },
        },
      ],
    };

    const res = await post('', bundle);
    const outcome = (await res.json()) as OperationOutcome;
    const search = (await (await fetch(`${base}/Patient?identifier=urn:test|rollback-1`)).json()) as Bundle;

    expect(res.status).toBe(400);
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(search.total).toBe(0);
  });

  it('processes batch entries independently and reports each status', async () => {
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: { resourceType: 'Patient', gender: 'female' }, request: { method: 'POST', url: 'Patient' } },
        { request: { method: 'GET', url: 'Patient/does-not-exist' } },
      ],
    };

    const res = await post('', bundle);
    const body = (await res.json()) as Bundle;

    expect(res.status).toBe(200);
    expect(body.type).toBe('batch-response');
    expect(body.entry?.map((entry) => entry.response?.status)).toEqual(['201', '404']);
  });

  it('creates, reads by version, updates and deletes a resource with the right statuses and headers', async () => {
    const created = await post('/Patient', { resourceType: 'Patient', gender: 'male' });
    const patient = (await created.json()) as Patient;
    const firstVersion = patient.meta?.versionId ?? '';

    const updated = await fetch(`${base}/Patient/${patient.id}`, {
      method: 'PUT',
      headers: { 'content-type': FHIR_JSON },
      body: JSON.stringify({ ...patient, gender: 'other' }),
    });
    const vread = (await (await fetch(`${base}/Patient/${patient.id}/_history/${firstVersion}`)).json()) as Patient;
    const deleted = await fetch(`${base}/Patient/${patient.id}`, { method: 'DELETE' });
    const gone = await fetch(`${base}/Patient/${patient.id}`);

    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${base}/Patient/${patient.id}/_history/${firstVersion}`);
    expect(created.headers.get('etag')).toBe(`W/"${firstVersion}"`);
    expect(updated.status).toBe(200);
    expect(((await updated.json()) as Patient).gender).toBe('other');
    expect(vread.gender).toBe('male');
    expect(deleted.status).toBe(200);
    expect(gone.status).toBe(404);
  });

  it('serves Binary content raw unless FHIR JSON is asked for, and stores raw request bodies', async () => {
    // Bytes 0..255 then an 8-byte PNG signature: every byte value, so any text re-encoding would show.
    const bytes = Buffer.concat([
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
      Buffer.from('89504e470d0a1a0a', 'hex'),
    ]);

    const created = await fetch(`${base}/Binary`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: bytes,
    });
    const id = ((await created.json()) as { id: string }).id;
    const raw = await fetch(`${base}/Binary/${id}`, { headers: { accept: 'image/png' } });
    const asJson = await fetch(`${base}/Binary/${id}`, { headers: { accept: FHIR_JSON } });
    const json = (await asJson.json()) as { resourceType: string; contentType: string; data: string };

    expect(created.status).toBe(201);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await raw.arrayBuffer()).equals(bytes)).toBe(true);
    expect(asJson.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(json.resourceType).toBe('Binary');
    expect(json.contentType).toBe('image/png');
    expect(Buffer.from(json.data, 'base64').equals(bytes)).toBe(true);
  });

  it('answers an unknown resource id with 404 OperationOutcome JSON', async () => {
    const res = await fetch(`${base}/Patient/no-such-patient`);
    const outcome = (await res.json()) as OperationOutcome;

    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue?.[0]?.code).toBe('not-found');
  });

  it('answers invalid JSON with 400 OperationOutcome and no stack trace', async () => {
    const res = await fetch(`${base}/Patient`, {
      method: 'POST',
      headers: { 'content-type': FHIR_JSON },
      body: '{"resourceType": "Pat',
    });
    const text = await res.text();

    expect(res.status).toBe(400);
    expect(JSON.parse(text)).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'invalid' }] });
    expect(text).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('refuses a create without a FHIR JSON body with 415', async () => {
    const res = await fetch(`${base}/Patient`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });

    expect(res.status).toBe(415);
    expect(((await res.json()) as OperationOutcome).resourceType).toBe('OperationOutcome');
  });

  it('answers a search on an unknown resource type with 404 and an invalid date with 400', async () => {
    const unknownType = await fetch(`${base}/NotAType?x=1`);
    const badDate = await fetch(`${base}/Observation?date=yesterday`);

    expect(unknownType.status).toBe(404);
    expect(badDate.status).toBe(400);
    expect(((await badDate.json()) as OperationOutcome).issue?.[0]?.details?.text).toContain('yesterday');
  });

  it('refuses quantity parameters, which the in-memory matcher cannot evaluate, instead of returning nothing', async () => {
    const res = await fetch(`${base}/Observation?value-quantity=gt5`);

    expect(res.status).toBe(400);
    expect(((await res.json()) as OperationOutcome).issue?.[0]?.details?.text).toContain('value-quantity');
  });

  it('ignores unknown search parameters with a warning, and refuses them under Prefer: handling=strict', async () => {
    const lenient = (await (await fetch(`${base}/Patient?not-a-param=1`)).json()) as Bundle;
    const strict = await fetch(`${base}/Patient?not-a-param=1`, { headers: { prefer: 'handling=strict' } });

    expect(lenient.entry?.find((entry) => entry.search?.mode === 'outcome')).toBeDefined();
    expect(lenient.link?.find((link) => link.relation === 'self')?.url).not.toContain('not-a-param');
    expect(strict.status).toBe(400);
  });

  it('publishes a CapabilityStatement for FHIR 4.0.1 built from the supported search parameters', async () => {
    const res = await fetch(`${base}/metadata`);
    const statement = (await res.json()) as CapabilityStatement;
    const observation = statement.rest?.[0]?.resource?.find((resource) => resource.type === 'Observation');
    const paramNames = observation?.searchParam?.map((param) => param.name) ?? [];

    expect(res.status).toBe(200);
    expect(statement.resourceType).toBe('CapabilityStatement');
    expect(statement.fhirVersion).toBe('4.0.1');
    expect(statement.format).toEqual(['json']);
    expect(statement.rest?.[0]?.mode).toBe('server');
    expect(statement.rest?.[0]?.interaction?.map((i) => i.code)).toEqual(
      expect.arrayContaining(['transaction', 'batch']),
    );
    expect(observation?.interaction?.map((i) => i.code)).toEqual(
      expect.arrayContaining(['read', 'vread', 'search-type', 'create']),
    );
    // R4 Observation search parameters (https://hl7.org/fhir/R4/observation.html#search): code (token),
    // patient (reference), date (date) are served; value-quantity (quantity) is not.
    expect(observation?.searchParam?.find((param) => param.name === 'code')?.type).toBe('token');
    expect(observation?.searchParam?.find((param) => param.name === 'patient')?.type).toBe('reference');
    expect(observation?.searchParam?.find((param) => param.name === 'date')?.definition).toBe(
      'http://hl7.org/fhir/SearchParameter/clinical-date',
    );
    expect(paramNames).not.toContain('value-quantity');
    expect(statement.rest?.[0]?.resource?.map((resource) => resource.type)).toEqual(
      expect.arrayContaining(['Patient', 'Observation', 'ImagingStudy', 'Binary', 'DocumentReference']),
    );
  });
});

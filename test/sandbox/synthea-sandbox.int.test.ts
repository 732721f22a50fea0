/**
 * The sandbox loaded with the five Synthea R4 transaction bundles in ../shared/data, read back over HTTP and
 * through HttpFhirGateway.
 */
import { readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle, ImagingStudy, Observation, Patient } from '@medplum/fhirtypes';
import express from 'express';
import { HttpFhirGateway } from '../../src/fhir/http-fhir-gateway';
import { loadBundlesFromDir } from '../../src/sandbox/bundle-loader';
import type { LoadReport } from '../../src/sandbox/bundle-loader';
import { createFhirApp } from '../../src/sandbox/fhir-app';
import { SandboxRepository } from '../../src/sandbox/sandbox-repository';
import { createSilentLogger } from '../../src/shared/logger';
import { describeWithSharedData, readSharedBytes, readSharedText, sharedDataPath } from '../support/shared-data';

const SYNTHEA_DIR = ['fhir', 'synthea-r4'];
/** Julio Ulibarri (AF, CAD, MI): Patient.id in his bundle file name and resource. */
const JULIO = '9535d7d4-3398-488d-83ea-ff3b7a2eddbf';
/** Parker Casper: 5 ImagingStudies in his bundle (DX, US, CR, US, DX; python over the JSON). */
const PARKER = 'ec6a274e-5090-45c9-b153-e40418f6fa3d';
/**
 * Julio's glucose (LOINC 2339-0) Observations with effectiveDateTime in [2010-01-01, 2019-01-01), newest first:
 * python `json` over his bundle, filtering code.coding (system http://loinc.org, code 2339-0) and the date, sorted
 * by effectiveDateTime descending. 12 of his 20 glucose results.
 */
const JULIO_GLUCOSE_2010_2018_NEWEST_FIRST = [
  'd86dfcd7-faca-42b2-a03f-9863966b937f',
  '1f370b38-032b-471a-8a18-ca10b84bd19f',
  '8760c49c-142e-4c2c-90c8-7493fb047f15',
  '1528bdb8-97d8-4b3a-9d8c-7e12c7048ca0',
  '4633cd74-729b-437f-8367-96263327e338',
  'b6204dc0-2617-4365-aded-926fa12a5c5b',
  '3a7a8da2-7db0-46b8-907b-6f40f9a67077',
  '02fc142b-fc94-447b-a534-0df1fc226972',
  '112e1707-8941-4379-8afb-c207781c90b5',
  '1512cc33-664d-4a1a-bb67-5b70db83a39e',
  '8960fa9e-1d35-4344-9692-70c06c82948a',
  '251e792b-63b1-4bda-a9ad-331d4f135936',
];

/** Resource counts per type, counted straight from the JSON files (python gave the same: 2,353 in total). */
function countInFiles(): Map<string, number> {
  const counts = new Map<string, number>();
  const dir = sharedDataPath(...SYNTHEA_DIR);
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.json'))) {
    const bundle = JSON.parse(readSharedText(...SYNTHEA_DIR, name)) as Bundle;
    for (const entry of bundle.entry ?? []) {
      const type = entry.resource?.resourceType ?? '(none)';
      counts.set(type, (counts.get(type) ?? 0) + 1);
    }
  }
  return counts;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/fhir+json' } });
  if (!res.ok) {
    throw new Error(`GET ${url}: HTTP ${res.status}`);
  }
  return (await res.json()) as T;
}

/** Follows `next` links from the first page; returns every page. */
async function allPages(firstUrl: string): Promise<Bundle[]> {
  const pages: Bundle[] = [];
  let url: string | undefined = firstUrl;
  while (url && pages.length < 100) {
    const page: Bundle = await getJson<Bundle>(url);
    pages.push(page);
    url = page.link?.find((link) => link.relation === 'next')?.url;
  }
  return pages;
}

describeWithSharedData('sandbox loaded with the Synthea R4 bundles', () => {
  let server: Server;
  let base: string;
  let report: LoadReport;
  /** A second, empty FHIR endpoint on the same server, for POSTing a Synthea bundle through the API. */
  let emptyBase: string;

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
    const fhir = createFhirApp({ baseUrl: base });
    const app = express();
    app.use('/fhir', fhir.app);
    emptyBase = base.replace(/\/fhir$/, '/empty');
    app.use('/empty', createFhirApp({ baseUrl: emptyBase, repo: new SandboxRepository() }).app);
    server.on('request', app);
    report = await loadBundlesFromDir(fhir.repo, sharedDataPath(...SYNTHEA_DIR), createSilentLogger());
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('loads all five bundles within a few seconds', () => {
    expect(report.failures).toEqual([]);
    expect(report.files).toHaveLength(5);
    expect(report.total).toBe(2353);
    expect(report.ms).toBeLessThan(3000);
  });

  it('serves back, page by page, as many resources of each type as the bundles hold', async () => {
    const expected = countInFiles();

    const served = new Map<string, number>();
    for (const type of expected.keys()) {
      const pages = await allPages(`${base}/${type}?_count=250`);
      served.set(
        type,
        pages.reduce((sum, page) => sum + (page.entry?.length ?? 0), 0),
      );
      expect(pages[0]?.total).toBe(expected.get(type));
    }

    expect(served).toEqual(expected);
    expect(expected.get('Observation')).toBe(1318);
  });

  it('accepts a whole Synthea transaction Bundle over HTTP and links its urn:uuid references to the new ids', async () => {
    const text = readSharedText(...SYNTHEA_DIR, 'Julio_Ulibarri_3b85188c-26d8-4af7-a130-ffe815100a17.json');

    const res = await fetch(emptyBase, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: text,
    });
    const response = (await res.json()) as Bundle;
    const patientId = response.entry?.find((entry) => entry.resource?.resourceType === 'Patient')?.resource?.id;
    const observations = await getJson<Bundle>(`${emptyBase}/Observation?patient=${patientId}&_count=0`);

    expect(res.status).toBe(200);
    // python: 628 entries, all POST, 395 of them Observations whose subject is the bundle's Patient.
    expect(response.entry).toHaveLength(628);
    expect(new Set(response.entry?.map((entry) => entry.response?.status))).toEqual(new Set(['201']));
    expect(observations.total).toBe(395);
  });

  it('reads a patient by the id the bundle gave it', async () => {
    const res = await fetch(`${base}/Patient/${JULIO}`);
    const patient = (await res.json()) as Patient;

    expect(res.status).toBe(200);
    expect(patient.id).toBe(JULIO);
    // python: Patient.birthDate in Julio's bundle file.
    expect(patient.birthDate).toBe('1948-10-07');
  });

  it('finds lab Observations by patient, LOINC code and date range, newest first, across next links', async () => {
    const query = new URLSearchParams([
      ['patient', JULIO],
      ['code', 'http://loinc.org|2339-0'],
      ['date', 'ge2010-01-01'],
      ['date', 'lt2019-01-01'],
      ['_sort', '-date'],
      ['_count', '5'],
    ]);

    const pages = await allPages(`${base}/Observation?${query.toString()}`);
    const ids = pages.flatMap((page) => page.entry?.map((entry) => (entry.resource as Observation).id) ?? []);

    expect(pages.map((page) => page.entry?.length)).toEqual([5, 5, 2]);
    expect(pages[0]?.total).toBe(12);
    expect(ids).toEqual(JULIO_GLUCOSE_2010_2018_NEWEST_FIRST);
    expect(pages[1]?.link?.find((link) => link.relation === 'previous')?.url).toContain('_offset=0');
    expect(pages[0]?.entry?.[0]?.fullUrl).toBe(`${base}/Observation/${JULIO_GLUCOSE_2010_2018_NEWEST_FIRST[0]}`);
  });

  it('includes the subject Patient once with _include=Observation:subject', async () => {
    const bundle = await getJson<Bundle>(
      `${base}/Observation?subject=Patient/${JULIO}&code=2339-0&_include=Observation:subject&_count=3`,
    );

    const matches = bundle.entry?.filter((entry) => entry.search?.mode === 'match') ?? [];
    const included = bundle.entry?.filter((entry) => entry.search?.mode === 'include') ?? [];
    expect(matches).toHaveLength(3);
    expect(included.map((entry) => `${entry.resource?.resourceType}/${entry.resource?.id}`)).toEqual([
      `Patient/${JULIO}`,
    ]);
  });

  it('adds the Observations that reference the patient with _revinclude=Observation:subject', async () => {
    const bundle = await getJson<Bundle>(`${base}/Patient?_id=${JULIO}&_revinclude=Observation:subject`);

    const included = bundle.entry?.filter((entry) => entry.search?.mode === 'include') ?? [];
    expect(bundle.total).toBe(1);
    // python: 395 Observations in Julio's bundle.
    expect(included).toHaveLength(395);
    expect(included.every((entry) => entry.resource?.resourceType === 'Observation')).toBe(true);
  });

  it('finds ImagingStudies by patient and by series modality', async () => {
    const byPatient = await getJson<Bundle>(`${base}/ImagingStudy?patient=${PARKER}`);
    const dx = await getJson<Bundle>(`${base}/ImagingStudy?patient=${PARKER}&modality=DX&_sort=started`);

    expect(byPatient.total).toBe(5);
    expect(dx.total).toBe(2);
    // python: Parker's DX studies started 2015-10-20 and 2021-02-19.
    expect(dx.entry?.map((entry) => (entry.resource as ImagingStudy).started?.slice(0, 10))).toEqual([
      '2015-10-20',
      '2021-02-19',
    ]);
  });

  it('round-trips a real chest X-ray PNG as a Binary with identical bytes and content type', async () => {
    const png = readSharedBytes('cxr', 'nih-siim', '00000001_000.png');

    const created = await fetch(`${base}/Binary`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: Buffer.from(png),
    });
    const location = created.headers.get('location') ?? '';
    const id = /\/Binary\/([^/]+)\//.exec(location)?.[1];
    const res = await fetch(`${base}/Binary/${id}`, { headers: { accept: 'image/png' } });

    expect(created.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(png))).toBe(true);
  });

  it('is readable through HttpFhirGateway: paged search, read and raw bytes', async () => {
    const gateway = new HttpFhirGateway({ baseUrl: base, maxRetries: 0 });
    const png = readSharedBytes('cxr', 'nih-siim', '00027426_000.png');
    const created = await fetch(`${base}/Binary`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: Buffer.from(png),
    });
    const binaryId = ((await created.json()) as { id: string }).id;

    const observations = await gateway.search<Observation>('Observation', { patient: JULIO, _count: 40 });
    const patient = await gateway.read<Patient>('Patient', JULIO);
    const bytes = await gateway.readBytes(`Binary/${binaryId}`);

    // python: 395 Observations in Julio's bundle, so 10 pages of 40.
    expect(observations.total).toBe(395);
    expect(observations.resources).toHaveLength(395);
    expect(new Set(observations.resources.map((observation) => observation.id)).size).toBe(395);
    expect(patient.id).toBe(JULIO);
    expect(bytes.contentType).toBe('image/png');
    expect(Buffer.from(bytes.data).equals(Buffer.from(png))).toBe(true);
  });
});

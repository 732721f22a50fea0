import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Bundle, Observation } from '@medplum/fhirtypes';
import { createSilentLogger } from '../shared/logger';
import { loadBundlesFromDir } from './bundle-loader';
import { initFhirSchema } from './fhir-schema';
import { SandboxRepository } from './sandbox-repository';

const collection: Bundle = {
  resourceType: 'Bundle',
  type: 'collection',
  entry: [
    {
      fullUrl: 'urn:uuid:0b6c2f1e-3d4a-4b5c-8d9e-0f1a2b3c4d5e',
      resource: { resourceType: 'Patient', id: 'p-1' },
    },
    {
      fullUrl: 'urn:uuid:1c7d3a2f-4e5b-4c6d-9e0f-1a2b3c4d5e6f',
      resource: {
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'test' },
        subject: { reference: 'urn:uuid:0b6c2f1e-3d4a-4b5c-8d9e-0f1a2b3c4d5e' },
      },
    },
  ],
};

describe('loadBundlesFromDir', () => {
  let dir: string;

  beforeAll(async () => {
    initFhirSchema();
    dir = await mkdtemp(path.join(tmpdir(), 'sandbox-bundles-'));
    await writeFile(path.join(dir, 'a-good.json'), JSON.stringify(collection));
    await writeFile(path.join(dir, 'b-broken.json'), '{"resourceType": "Bundle", "type": ');
    await writeFile(path.join(dir, 'c-searchset.json'), JSON.stringify({ resourceType: 'Bundle', type: 'searchset' }));
    await writeFile(path.join(dir, 'notes.txt'), 'not a bundle');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the good files, keeps ids from the file, and resolves urn:uuid references', async () => {
    const repo = new SandboxRepository();

    const report = await loadBundlesFromDir(repo, dir, createSilentLogger());
    const observationId = collection.entry?.[1]?.fullUrl?.slice('urn:uuid:'.length) ?? '';
    const observation = await repo.readResource<Observation>('Observation', observationId);

    expect(report.files.map((file) => file.file)).toEqual(['a-good.json']);
    expect(report.counts).toEqual({ Patient: 1, Observation: 1 });
    expect(report.total).toBe(2);
    expect(observation.subject?.reference).toBe('Patient/p-1');
  });

  it('names each bad file and why, without stopping the others', async () => {
    const report = await loadBundlesFromDir(new SandboxRepository(), dir, createSilentLogger());

    expect(report.failures.map((failure) => failure.file)).toEqual(['b-broken.json', 'c-searchset.json']);
    expect(report.failures[0]?.reason).toMatch(/not valid JSON/);
    expect(report.failures[1]?.reason).toMatch(/Bundle.type "searchset"/);
  });
});

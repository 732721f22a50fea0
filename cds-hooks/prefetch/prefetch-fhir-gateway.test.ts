import type { Bundle, Observation, Resource } from '@medplum/fhirtypes';
import { InMemoryFhirGateway } from '../../src/fhir/testing/in-memory-fhir-gateway';
import { PrefetchUnavailableError } from '../../src/shared/index';
import { parsePrefetch } from './prefetch-data';
import { PrefetchFhirGateway } from './prefetch-fhir-gateway';
import { comorbidityPrefetchTemplates, PREFETCH_COUNTS } from './prefetch-templates';

const templates = comorbidityPrefetchTemplates();

/** 2160-0 is LOINC creatinine (a catalogue lab); 2823-3 potassium. */
function lab(id: string, patient: string, code: string, time: string): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code }] },
    subject: { reference: `Patient/${patient}` },
    effectiveDateTime: time,
    valueQuantity: { value: 1, unit: 'mg/dL' },
  };
}

function searchset(resources: Resource[]): Bundle {
  return { resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) };
}

/** A fallback that counts what it was asked. */
class CountingGateway extends InMemoryFhirGateway {
  calls: string[] = [];
  override async search<T extends Resource>(...args: Parameters<InMemoryFhirGateway['search']>) {
    this.calls.push(`search ${args[0]}`);
    return super.search<T>(...args);
  }
}

const window = { patient: 'p1', code: '2160-0,2823-3', date: ['ge2024-01-01T00:00:00Z', 'le2024-01-02T00:00:00Z'] };

describe('PrefetchFhirGateway', () => {
  it('answers a covered search from the prefetch, with the search window applied, without asking the server', async () => {
    const fallback = new CountingGateway([lab('server-only', 'p1', '2160-0', '2024-01-01T06:00:00Z')]);
    const prefetch = parsePrefetch(
      {
        labs: searchset([
          lab('in', 'p1', '2160-0', '2024-01-01T06:00:00Z'),
          lab('late', 'p1', '2160-0', '2024-01-03T06:00:00Z'),
          lab('other-code', 'p1', '718-7', '2024-01-01T06:00:00Z'),
        ]),
      },
      templates,
    );
    const gateway = new PrefetchFhirGateway({ prefetch, templates, patientId: 'p1', fallback, baseUrl: 'x' });

    const result = await gateway.search<Observation>('Observation', window);

    expect(result.resources.map((r) => r.id)).toEqual(['in']);
    expect(fallback.calls).toEqual([]);
    expect([...gateway.stats.prefetchKeysUsed]).toEqual(['labs']);
  });

  it('never returns a prefetched resource of another patient', async () => {
    const prefetch = parsePrefetch(
      {
        labs: searchset([
          lab('mine', 'p1', '2160-0', '2024-01-01T06:00:00Z'),
          lab('theirs', 'p2', '2160-0', '2024-01-01T06:00:00Z'),
        ]),
      },
      templates,
    );
    const gateway = new PrefetchFhirGateway({ prefetch, templates, patientId: 'p1', baseUrl: 'x' });

    const result = await gateway.search<Observation>('Observation', { ...window, patient: 'p1' });

    expect(result.resources.map((r) => r.id)).toEqual(['mine']);
  });

  it('answers a null prefetch key with no resources', async () => {
    const gateway = new PrefetchFhirGateway({
      prefetch: parsePrefetch({ labs: null }, templates),
      templates,
      patientId: 'p1',
      baseUrl: 'x',
    });

    expect((await gateway.search('Observation', window)).resources).toEqual([]);
  });

  it('asks the server for a search whose key the client left out', async () => {
    const fallback = new CountingGateway([lab('s', 'p1', '2160-0', '2024-01-01T06:00:00Z')]);
    const gateway = new PrefetchFhirGateway({
      prefetch: parsePrefetch({}, templates),
      templates,
      patientId: 'p1',
      fallback,
      baseUrl: 'x',
    });

    const result = await gateway.search<Observation>('Observation', window);

    expect(result.resources.map((r) => r.id)).toEqual(['s']);
    expect(fallback.calls).toEqual(['search Observation']);
    expect(gateway.stats).toMatchObject({ serverRequests: 1, serverFailures: 0 });
  });

  it('asks the server when _count may have cut the Bundle short, and uses the Bundle when no server may be asked', async () => {
    const many = Array.from({ length: PREFETCH_COUNTS.labs }, (_, i) =>
      lab(`l${i}`, 'p1', '2160-0', '2024-01-01T06:00:00Z'),
    );
    const prefetch = parsePrefetch({ labs: searchset(many) }, templates);
    const fallback = new CountingGateway([]);
    const withServer = new PrefetchFhirGateway({ prefetch, templates, patientId: 'p1', fallback, baseUrl: 'x' });
    const alone = new PrefetchFhirGateway({ prefetch, templates, patientId: 'p1', baseUrl: 'x' });

    await withServer.search('Observation', window);
    const fromPrefetch = await alone.search('Observation', window);

    expect(fallback.calls).toEqual(['search Observation']);
    expect(fromPrefetch.resources).toHaveLength(PREFETCH_COUNTS.labs);
  });

  it('does not answer a search for codes outside a template from that template', async () => {
    const prefetch = parsePrefetch({ labs: searchset([lab('x', 'p1', '2160-0', '2024-01-01T06:00:00Z')]) }, templates);
    const gateway = new PrefetchFhirGateway({
      prefetch,
      templates,
      patientId: 'p1',
      baseUrl: 'x',
      noFallbackReason: 'the request has no fhirServer',
    });

    // 8867-4 (heart rate) is in no template.
    await expect(gateway.search('Observation', { patient: 'p1', code: '2160-0,8867-4' })).rejects.toThrow(
      new PrefetchUnavailableError(
        'Observation search: not in the prefetch, and no FHIR server may be contacted (the request has no fhirServer)',
      ),
    );
  });

  it('reads a prefetched resource by id, and needs the server for attachment bytes', async () => {
    const prefetch = parsePrefetch(
      { encounter: { resourceType: 'Encounter', id: 'e1', status: 'finished', class: { code: 'IMP' } } },
      templates,
    );
    const gateway = new PrefetchFhirGateway({ prefetch, templates, patientId: 'p1', baseUrl: 'x' });

    expect((await gateway.read('Encounter', 'e1')).id).toBe('e1');
    await expect(gateway.readBytes('Binary/b1')).rejects.toBeInstanceOf(PrefetchUnavailableError);
  });

  it('counts a failed server request and its status', async () => {
    const gateway = new PrefetchFhirGateway({
      prefetch: parsePrefetch({}, templates),
      templates,
      patientId: 'p1',
      fallback: new InMemoryFhirGateway(),
      baseUrl: 'x',
    });

    await expect(gateway.read('Encounter', 'missing')).rejects.toThrow(/not found/);
    expect(gateway.stats).toMatchObject({ serverRequests: 1, serverFailures: 1, lastFailureStatus: 404 });
  });
});

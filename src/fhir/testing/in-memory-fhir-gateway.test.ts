import type { Bundle, Observation, Patient } from '@medplum/fhirtypes';
import { FhirRequestError } from '../../shared/index';
import { describeWithSharedData, readSharedText } from '../../../test/support/shared-data';
import { mapLabPanel } from '../mappers/lab-panel-mapper';
import { InMemoryFhirGateway } from './in-memory-fhir-gateway';

function obs(id: string, patient: string, code: string, effective: string): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] },
    ],
    code: { coding: [{ system: 'http://loinc.org', code }] },
    subject: { reference: `Patient/${patient}` },
    effectiveDateTime: effective,
    valueQuantity: { value: 1, unit: 'mg/dL', code: 'mg/dL' },
  };
}

describe('InMemoryFhirGateway', () => {
  const gateway = (): InMemoryFhirGateway =>
    new InMemoryFhirGateway([
      obs('a', 'p1', '2160-0', '2024-03-01T08:00:00Z'),
      obs('b', 'p1', '2345-7', '2024-03-02T08:00:00Z'),
      obs('c', 'p2', '2160-0', '2024-03-01T08:00:00Z'),
    ]);

  it('searches by patient, code (with or without system, comma = OR), category and date', async () => {
    const g = gateway();

    const byPatient = await g.search('Observation', { patient: 'p1' });
    const byCode = await g.search('Observation', { subject: 'Patient/p1', code: 'http://loinc.org|2160-0,9999-9' });
    const byCategory = await g.search('Observation', { category: 'laboratory', code: '2345-7' });
    const byDate = await g.search('Observation', { patient: 'p1', date: ['ge2024-03-02', 'lt2024-03-03'] });
    const wrongSystem = await g.search('Observation', { code: 'http://snomed.info/sct|2160-0' });

    expect(byPatient.resources.map((r) => r.id)).toEqual(['a', 'b']);
    expect(byCode.resources.map((r) => r.id)).toEqual(['a']);
    expect(byCategory.resources.map((r) => r.id)).toEqual(['b']);
    expect(byDate.resources.map((r) => r.id)).toEqual(['b']);
    expect(wrongSystem.resources).toEqual([]);
  });

  it('refuses a search parameter it does not implement instead of ignoring it', async () => {
    const error = await gateway()
      .search('Observation', { patient: 'p1', 'value-quantity': 'gt5' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(FhirRequestError);
    expect((error as FhirRequestError).status).toBe(400);
    expect((error as Error).message).toContain("does not implement the search parameter 'value-quantity'");
  });

  it('reads, creates with a new id, and answers 404 like a server', async () => {
    const g = gateway();

    const created = await g.create<Patient>({ resourceType: 'Patient', id: 'client-chosen' });
    const read = await g.read<Patient>('Patient', created.id as string);
    const missing = await g.read('Patient', 'nobody').catch((e: unknown) => e);

    expect(created.id).not.toBe('client-chosen');
    expect(read).toEqual(created);
    expect((missing as FhirRequestError).status).toBe(404);
    expect((missing as FhirRequestError).url).toBe('https://fhir.test/r4/Patient/nobody');
  });

  it('returns stored bytes for a URL and decodes a stored Binary resource', async () => {
    const g = gateway();
    g.putBytes('https://pacs.test/wado/rendered', { contentType: 'image/png', data: new Uint8Array([1, 2]) });
    g.put({ resourceType: 'Binary', id: 'b1', contentType: 'text/plain', data: Buffer.from('hi').toString('base64') });

    const png = await g.readBytes('https://pacs.test/wado/rendered');
    const text = await g.readBytes('Binary/b1');

    expect(png).toEqual({ contentType: 'image/png', data: new Uint8Array([1, 2]) });
    expect(text).toEqual({ contentType: 'text/plain', data: new Uint8Array(Buffer.from('hi')) });
  });
});

describeWithSharedData('InMemoryFhirGateway with a Synthea transaction bundle', () => {
  it('loads the bundle, resolves urn:uuid references and serves the patient’s labs to the lab mapper', async () => {
    const bundle = JSON.parse(
      readSharedText('fhir', 'synthea-r4', 'Parker_Casper_6d0c6969-6843-47e1-9921-d9bf11b1df31.json'),
    ) as Bundle;
    const g = new InMemoryFhirGateway();

    const response = await g.transaction(bundle);
    const [patient] = g.all<Patient>('Patient');
    const glucose = await g.search<Observation>('Observation', {
      patient: patient?.id ?? '',
      code: 'http://loinc.org|2339-0',
    });
    const { panel } = mapLabPanel(glucose.resources, { anchor: '2019-08-29T19:27:45+00:00' });

    // Counted with python's json module: 467 entries, 13 Observations coded LOINC 2339-0.
    expect(response.entry).toHaveLength(467);
    expect(glucose.resources).toHaveLength(13);
    expect(glucose.resources[0]?.subject?.reference).toBe(`Patient/${patient?.id}`);
    // Same value as the python-derived one in lab-panel-mapper.test.ts.
    expect(panel.values.glucose?.value).toBe(79.40709046088708);
  });
});

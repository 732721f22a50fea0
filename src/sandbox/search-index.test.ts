import { Operator } from '@medplum/core';
import type { SearchRequest } from '@medplum/core';
import type { Observation, Resource } from '@medplum/fhirtypes';
import { initFhirSchema } from './fhir-schema';
import { SearchIndex } from './search-index';

/** A lab Observation of a patient with one LOINC code (hand-written fixtures: the expected ids follow from them). */
function lab(id: string, patient: string, loinc: string): Observation & { id: string } {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
    subject: { reference: `Patient/${patient}` },
  };
}

const equals = (code: string, value: string): SearchRequest['filters'] => [{ code, operator: Operator.EQUALS, value }];

describe('SearchIndex', () => {
  let store: Map<string, Resource>;
  let index: SearchIndex;

  const write = (resource: Observation & { id: string }): void => {
    store.set(resource.id, resource);
    index.put('Observation', resource.id, resource);
  };

  beforeAll(() => {
    initFhirSchema();
  });

  beforeEach(() => {
    store = new Map();
    index = new SearchIndex((resourceType) => (resourceType === 'Observation' ? store.values() : []));
    write(lab('o1', 'p1', '2160-0'));
    write(lab('o2', 'p2', '2160-0'));
    write(lab('o3', 'p1', '2823-3'));
    write(lab('o4', 'p1', '2951-2'));
  });

  it('narrows a patient search to that patient’s resources, in the order they were stored', () => {
    const found = index.candidates({ resourceType: 'Observation', filters: equals('patient', 'Patient/p1') });

    expect(found?.ids).toEqual(['o1', 'o3', 'o4']);
  });

  it('intersects the patient with the codes, a comma being an OR, and leaves a code system to the matcher', () => {
    const patient = { code: 'patient', operator: Operator.EQUALS, value: 'Patient/p1,Patient/p2' };
    const code = { code: 'code', operator: Operator.EQUALS, value: 'http://other.org|2160-0,2951-2' };

    const found = index.candidates({ resourceType: 'Observation', filters: [patient, code] });

    expect(found?.ids).toEqual(['o1', 'o2', 'o4']);
    expect([...(found?.decided ?? [])]).toEqual([patient]);
  });

  it('decides bare codes itself and leaves the date to the matcher', () => {
    const code = { code: 'code', operator: Operator.EQUALS, value: '2823-3,2951-2,NOT-A-CODE' };
    const date = { code: 'date', operator: Operator.GREATER_THAN_OR_EQUALS, value: '2020-01-01' };

    const found = index.candidates({ resourceType: 'Observation', filters: [date, code] });

    expect(found?.ids).toEqual(['o3', 'o4']);
    expect([...(found?.decided ?? [])]).toEqual([code]);
  });

  it('leaves a search without a plain reference or token filter to a full scan', () => {
    const dateOnly = index.candidates({
      resourceType: 'Observation',
      filters: [{ code: 'date', operator: Operator.GREATER_THAN_OR_EQUALS, value: '2020-01-01' }],
    });
    const negated = index.candidates({
      resourceType: 'Observation',
      filters: [{ code: 'code', operator: Operator.NOT, value: '2160-0' }],
    });
    const systemOnly = index.candidates({ resourceType: 'Observation', filters: equals('code', 'http://loinc.org|') });

    expect([dateOnly, negated, systemOnly]).toEqual([undefined, undefined, undefined]);
  });

  it('finds nothing for a bare bar, which the matcher never matches', () => {
    const found = index.candidates({ resourceType: 'Observation', filters: equals('code', '|') });

    expect(found?.ids).toEqual([]);
  });

  it('follows an update to another patient and keeps the resource in its place', () => {
    index.candidates({ resourceType: 'Observation', filters: equals('patient', 'Patient/p1') });

    write(lab('o1', 'p2', '2160-0'));

    expect(index.candidates({ resourceType: 'Observation', filters: equals('patient', 'Patient/p1') })?.ids).toEqual([
      'o3',
      'o4',
    ]);
    expect(index.candidates({ resourceType: 'Observation', filters: equals('patient', 'Patient/p2') })?.ids).toEqual([
      'o1',
      'o2',
    ]);
  });

  it('moves a deleted and re-created resource to the end, as a Map does', () => {
    index.candidates({ resourceType: 'Observation', filters: equals('patient', 'Patient/p1') });

    store.delete('o1');
    index.remove('Observation', 'o1');
    write(lab('o1', 'p1', '2160-0'));

    expect(index.candidates({ resourceType: 'Observation', filters: equals('patient', 'Patient/p1') })?.ids).toEqual([
      'o3',
      'o4',
      'o1',
    ]);
    expect([...store.keys()]).toEqual(['o2', 'o3', 'o4', 'o1']);
  });
});

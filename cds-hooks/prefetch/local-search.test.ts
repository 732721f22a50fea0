import type { Observation } from '@medplum/fhirtypes';
import { localSearchFilter } from './local-search';

function observation(id: string, codings: { system?: string; code?: string }[]): Observation {
  return { resourceType: 'Observation', id, status: 'final', code: { coding: codings } };
}

const LOINC = 'http://loinc.org';
const resources = [
  observation('loinc-creatinine', [{ system: LOINC, code: '2160-0' }]),
  observation('local-creatinine', [{ system: 'urn:local', code: '2160-0' }]),
  observation('no-system-creatinine', [{ code: '2160-0' }]),
  observation('loinc-urea', [{ system: LOINC, code: '3094-0' }]),
  observation('two-codings', [
    { system: 'urn:local', code: 'x' },
    { system: LOINC, code: '3094-0' },
  ]),
  observation('no-code', [{ system: LOINC }]),
];

function matching(code: string): string[] {
  const filter = localSearchFilter({ code });
  if (!filter) throw new Error('the filter was expected to apply');
  return resources.filter(filter).map((r) => r.id ?? '');
}

describe('localSearchFilter token parameters', () => {
  // Expected sets from the FHIR token search rules (https://hl7.org/fhir/R4/search.html#token), by hand.
  it('matches a bare code in any system, system|code in that system, and |code only without a system', () => {
    expect(matching('2160-0')).toEqual(['loinc-creatinine', 'local-creatinine', 'no-system-creatinine']);
    expect(matching(`${LOINC}|2160-0`)).toEqual(['loinc-creatinine']);
    expect(matching('|2160-0')).toEqual(['no-system-creatinine']);
  });

  it('ORs the comma-separated tokens and looks at every coding of the concept', () => {
    expect(matching(`${LOINC}|2160-0,${LOINC}|3094-0`)).toEqual(['loinc-creatinine', 'loinc-urea', 'two-codings']);
    expect(matching(`urn:local|3094-0,|2160-0`)).toEqual(['no-system-creatinine']);
  });

  it('matches nothing for a code no resource has, and never a coding without a code', () => {
    expect(matching(`${LOINC}|0000-0`)).toEqual([]);
    expect(matching(`${LOINC}|`)).toEqual([]);
  });
});

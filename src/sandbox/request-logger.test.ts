import { redactPath } from './request-logger';

describe('redactPath', () => {
  it('replaces resource ids and version ids with :id and keeps types, _history and operations', () => {
    expect(redactPath('/fhir/Patient/9535d7d4-3398/_history/2')).toBe('/fhir/Patient/:id/_history/:id');
    expect(redactPath('/fhir/Observation/_search')).toBe('/fhir/Observation/_search');
    expect(redactPath('/fhir/Patient/123/$everything')).toBe('/fhir/Patient/:id/$everything');
    expect(redactPath('/fhir/metadata')).toBe('/fhir/metadata');
  });
});

import { toFhirIdReference } from './to-fhir-id-reference';

describe('toFhirIdReference', () => {
  // Expected values follow FHIR R4 references (https://hl7.org/fhir/R4/references.html): relative `Type/id`,
  // absolute `[base]/Type/id`, versioned `…/_history/vid`; contained (`#`), urn:uuid and searches are not server ids.
  it.each([
    ['Observation/123', 'Observation/123'],
    ['https://ehr.example.org/fhir/R4/Observation/abc-1.2', 'Observation/abc-1.2'],
    ['http://localhost:8080/fhir/ImagingStudy/x/_history/7', 'ImagingStudy/x'],
    ['DocumentReference/ecg-9/_history/1', 'DocumentReference/ecg-9'],
  ])('reduces %s to %s', (input, expected) => {
    expect(toFhirIdReference(input)).toBe(expected);
  });

  it.each([
    '#contained-1',
    'urn:uuid:6f0c1c8e-7a43-4a7b-9f8e-5b8a3e1d2c01',
    'Observation?patient=123',
    'observation/123',
    'Observation/',
    `Observation/${'x'.repeat(65)}`,
  ])('drops %s, which is not the id of a resource on a server', (input) => {
    expect(toFhirIdReference(input)).toBeUndefined();
  });
});

import { FhirServerAllowlist } from './fhir-server-allowlist';

describe('FhirServerAllowlist', () => {
  const list = FhirServerAllowlist.fromConfig(' https://ehr.example.org/fhir/ , http://localhost:8080/fhir', [
    'http://127.0.0.1:9000/fhir',
  ]);

  it.each([
    ['https://ehr.example.org/fhir', true],
    ['https://ehr.example.org/fhir/', true],
    ['https://ehr.example.org/fhir/R4', true],
    ['http://localhost:8080/fhir', true],
    ['http://127.0.0.1:9000/fhir', true],
    ['https://ehr.example.org/fhir-evil', false],
    ['https://ehr.example.org.evil.com/fhir', false],
    ['http://ehr.example.org/fhir', false],
    ['https://ehr.example.org:8443/fhir', false],
    ['https://user:pw@ehr.example.org/fhir', false],
    ['https://ehr.example.org/fhir?x=1', false],
    ['http://localhost:8081/fhir', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('allows %s: %s', (url, allowed) => {
    expect(list.allows(url)).toBe(allowed);
  });

  it('allows nothing when the list is empty', () => {
    expect(FhirServerAllowlist.fromConfig('').allows('https://ehr.example.org/fhir')).toBe(false);
  });
});

/** Where a piece of data came from. FHIR ids and file names only: never names or other identifiers. */
export interface Provenance {
  /** `fhir`: read from a FHIR server; `file`: read from a local file; `synthetic`: made by src/synth. */
  source: 'fhir' | 'file' | 'synthetic' | 'mimic';
  /** FHIR base URL the resources were read from, when `source` is `fhir`. */
  server?: string;
  /** References (`Observation/123`, `Binary/9`) or file names that contributed. */
  references: string[];
  /** ISO 8601 time the data was read. */
  retrievedAt?: string;
}

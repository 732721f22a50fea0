/**
 * `_include` and `_revinclude` for in-memory search (https://hl7.org/fhir/R4/search.html#include).
 * MemoryRepository 4.5.2 ignores both, so the sandbox resolves them on the page being returned.
 */
import { evalFhirPath, getSearchParameter, Operator } from '@medplum/core';
import type { IncludeTarget } from '@medplum/core';
import type { FhirRepository } from '@medplum/fhir-router';
import type { Resource } from '@medplum/fhirtypes';
import { findMatches, readIfExists } from './stored-reads';

/** `_include:iterate` follows references from included resources at most this many rounds. */
const MAX_ITERATE_ROUNDS = 4;

/**
 * Returns the resources that the page's includes and revincludes add, each once and none already on the page.
 * @param repo - Where referenced resources are read from.
 * @param page - The matches being returned.
 * @param include - `_include` targets (with `iterate` ones applied to included resources too).
 * @param revInclude - `_revinclude` targets.
 */
export async function resolveIncludes(
  repo: FhirRepository,
  page: Resource[],
  include: IncludeTarget[],
  revInclude: IncludeTarget[],
): Promise<Resource[]> {
  const seen = new Set(page.map(referenceOf));
  const added: Resource[] = [];
  const addNew = (resources: Resource[]): Resource[] => {
    const fresh = resources.filter((resource) => !seen.has(referenceOf(resource)));
    fresh.forEach((resource) => seen.add(referenceOf(resource)));
    added.push(...fresh);
    return fresh;
  };

  let frontier = addNew(await followIncludes(repo, page, include));
  for (let round = 0; round < MAX_ITERATE_ROUNDS && frontier.length > 0; round++) {
    const iterate = include.filter((target) => target.modifier === 'iterate');
    frontier = iterate.length > 0 ? addNew(await followIncludes(repo, frontier, iterate)) : [];
  }
  for (const target of revInclude) {
    addNew(await findReferrers(repo, page, target));
  }
  return added;
}

async function followIncludes(
  repo: FhirRepository,
  sources: Resource[],
  targets: IncludeTarget[],
): Promise<Resource[]> {
  const references = new Set<string>();
  for (const target of targets) {
    const param = getSearchParameter(target.resourceType, target.searchParam);
    if (!param?.expression) {
      continue;
    }
    for (const source of sources.filter((resource) => resource.resourceType === target.resourceType)) {
      for (const reference of referencesIn(evalFhirPath(param.expression, source))) {
        if (!target.targetType || reference.startsWith(`${target.targetType}/`)) {
          references.add(reference);
        }
      }
    }
  }
  const resources: Resource[] = [];
  for (const reference of references) {
    const [resourceType = '', id = ''] = reference.split('/');
    const resource = await readIfExists(repo, resourceType as Resource['resourceType'], id);
    if (resource) {
      resources.push(resource);
    }
  }
  return resources;
}

async function findReferrers(repo: FhirRepository, page: Resource[], target: IncludeTarget): Promise<Resource[]> {
  if (page.length === 0) {
    return [];
  }
  // A comma-separated value is an OR in FHIR search, so one search finds the referrers of the whole page.
  return [
    ...(await findMatches(repo, {
      resourceType: target.resourceType as Resource['resourceType'],
      filters: [{ code: target.searchParam, operator: Operator.EQUALS, value: page.map(referenceOf).join(',') }],
    })),
  ];
}

/** `Type/id` reference strings among FHIRPath results (Reference objects or plain strings). */
function referencesIn(values: unknown[]): string[] {
  return values.flatMap((value) => {
    const text =
      typeof value === 'string'
        ? value
        : typeof value === 'object' &&
            value !== null &&
            typeof (value as { reference?: unknown }).reference === 'string'
          ? (value as { reference: string }).reference
          : undefined;
    return text && /^[A-Za-z]+\/[^/]+$/.test(text) ? [text] : [];
  });
}

function referenceOf(resource: Resource): string {
  return `${resource.resourceType}/${resource.id ?? ''}`;
}

/**
 * Runs a planned search on the repository and builds the searchset Bundle: matches sorted and paged, includes,
 * absolute `fullUrl`s and `self`/`first`/`previous`/`next` links on the public base
 * (https://hl7.org/fhir/R4/http.html#paging). MemoryRepository returns neither links nor fullUrls.
 */
import type { FhirRepository } from '@medplum/fhir-router';
import type { Bundle, BundleEntry, BundleLink, Resource } from '@medplum/fhirtypes';
import { resolveIncludes } from './search-include';
import type { SearchPlan } from './search-query';
import { sortResources } from './search-sort';
import { findMatches } from './stored-reads';

/**
 * Executes the plan.
 * @param repo - The repository searched.
 * @param plan - From planSearch.
 * @param baseUrl - Public FHIR base URL without a trailing slash, e.g. `http://localhost:8080/fhir`.
 */
export async function executeSearch(repo: FhirRepository, plan: SearchPlan, baseUrl: string): Promise<Bundle> {
  const { resourceType, request, count, offset } = plan;
  const matches = await findMatches(repo, request);
  const sorted = sortResources([...matches], resourceType, request.sortRules ?? []);
  const page = sorted.slice(offset, offset + count);
  const included = await resolveIncludes(repo, page, request.include ?? [], request.revInclude ?? []);

  const entry: BundleEntry[] = [
    ...page.map((resource) => toEntry(resource, baseUrl, 'match')),
    ...included.map((resource) => toEntry(resource, baseUrl, 'include')),
  ];
  if (plan.ignored.length > 0) {
    entry.push({
      resource: {
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'warning',
            code: 'not-supported',
            details: { text: `Unknown search parameters ignored: ${plan.ignored.join(', ')}` },
          },
        ],
      },
      search: { mode: 'outcome' },
    });
  }
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: matches.length,
    link: pagingLinks(plan, matches.length, baseUrl),
    ...(entry.length > 0 ? { entry } : {}),
  };
}

function toEntry(resource: Resource, baseUrl: string, mode: 'match' | 'include'): BundleEntry {
  return { fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id ?? ''}`, resource, search: { mode } };
}

function pagingLinks(plan: SearchPlan, total: number, baseUrl: string): BundleLink[] {
  const { count, offset } = plan;
  const url = (pageOffset: number): string => {
    const params = new URLSearchParams(plan.used);
    params.set('_count', String(count));
    params.set('_offset', String(pageOffset));
    return `${baseUrl}/${plan.resourceType}?${params.toString()}`;
  };
  const links: BundleLink[] = [
    { relation: 'self', url: url(offset) },
    { relation: 'first', url: url(0) },
  ];
  if (count > 0 && offset > 0) {
    links.push({ relation: 'previous', url: url(Math.max(0, offset - count)) });
  }
  if (count > 0 && offset + count < total) {
    links.push({ relation: 'next', url: url(offset + count) });
  }
  return links;
}

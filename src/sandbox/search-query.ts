/**
 * Turns a FHIR search query string into a plan the sandbox can execute on MemoryRepository: which parameters are
 * used (they go back into the paging links), which are ignored, the page window, and Medplum's SearchRequest.
 *
 * Medplum's in-memory matcher (`matchesSearchRequest`) handles reference, string, uri, token and date parameters
 * only; number, quantity, composite and special parameters always fail to match there, so they are refused with
 * 400 here instead of silently returning nothing. Unknown parameters are ignored as R4 prescribes for lenient
 * handling (https://hl7.org/fhir/R4/search.html#errors), or refused with `Prefer: handling=strict`.
 */
import {
  badRequest,
  getSearchParameter,
  getSearchParameters,
  isResourceType,
  OperationOutcomeError,
  parseSearchRequest,
} from '@medplum/core';
import type { ResourceType, SearchParameter } from '@medplum/fhirtypes';
import type { SearchRequest } from '@medplum/core';

/** Search parameter types the in-memory matcher can evaluate. */
export const MATCHABLE_PARAM_TYPES: ReadonlySet<string> = new Set(['reference', 'string', 'uri', 'token', 'date']);

/** Page size when the client sends no `_count`, and the largest page served. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Result-control parameters (https://hl7.org/fhir/R4/search.html#control) that the sandbox applies itself. */
const CONTROL_PARAMS = new Set(['_count', '_offset', '_sort', '_include', '_revinclude', '_summary']);
/** Parameters that do not change which resources come back, accepted and dropped. */
const NEUTRAL_PARAMS = new Set(['_format', '_pretty', '_total', '_']);

export interface SearchPlan {
  resourceType: ResourceType;
  /** Filters, sort rules and includes; no count or offset (the sandbox pages itself). */
  request: SearchRequest;
  count: number;
  offset: number;
  /** Parameters applied, in request order, without `_count`/`_offset`: what the self/next links repeat. */
  used: [string, string][];
  /** Parameter names that were not understood and were ignored. */
  ignored: string[];
}

/**
 * Builds a search plan.
 * @param resourceType - A resource type known to the schema.
 * @param query - The query string's parameters.
 * @param baseUrl - Public FHIR base, so that absolute references to this server can be matched.
 * @param strict - `Prefer: handling=strict`: unknown parameters are an error.
 * @throws OperationOutcomeError (400) naming the parameter that cannot be used.
 */
export function planSearch(
  resourceType: ResourceType,
  query: URLSearchParams,
  baseUrl: string,
  strict = false,
): SearchPlan {
  const used: [string, string][] = [];
  const ignored: string[] = [];
  let count = DEFAULT_PAGE_SIZE;
  let offset = 0;
  for (const [key, value] of query) {
    const [code = '', modifier] = key.split(':', 2);
    if (code === '_count') {
      count = Math.min(parseNonNegativeInt(key, value), MAX_PAGE_SIZE);
    } else if (code === '_offset') {
      offset = parseNonNegativeInt(key, value);
    } else if (code === '_summary' && value !== 'count') {
      ignored.push(key);
    } else if (CONTROL_PARAMS.has(code)) {
      used.push([key, value]);
    } else if (NEUTRAL_PARAMS.has(code)) {
      continue;
    } else if (code === '_has' || key.includes('.')) {
      throw new OperationOutcomeError(badRequest(`Chained and _has searches are not supported: ${key}`, key));
    } else {
      const param = getSearchParameter(resourceType, code);
      if (!param) {
        if (strict) {
          throw new OperationOutcomeError(badRequest(`Unknown search parameter for ${resourceType}: ${code}`, key));
        }
        ignored.push(key);
        continue;
      }
      if (!param.type || !MATCHABLE_PARAM_TYPES.has(param.type)) {
        throw new OperationOutcomeError(
          badRequest(`Search parameter ${code} (type ${param.type ?? 'unknown'}) is not supported by the sandbox`, key),
        );
      }
      used.push(
        param.type === 'reference' ? normaliseReferenceParam(param, code, modifier, value, baseUrl) : [key, value],
      );
    }
  }
  if (used.some(([key, value]) => key.split(':')[0] === '_summary' && value === 'count')) {
    count = 0;
  }
  const request = parseSearchRequest(resourceType, groupQuery(used));
  delete request.count;
  delete request.offset;
  validateControls(resourceType, request);
  return { resourceType, request, count, offset, used, ignored };
}

function parseNonNegativeInt(key: string, value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new OperationOutcomeError(badRequest(`${key} must be a non-negative integer, got "${value}"`, key));
  }
  return Number(value);
}

/**
 * Medplum 4.5.2 matches reference values as written (`patient=123` finds nothing, `patient=Patient/123` works).
 * Clients send bare ids, typed modifiers (`subject:Patient=123`) and absolute URLs, so all are rewritten to
 * `Type/id`; a bare id on a parameter with several target types becomes an OR over them.
 */
function normaliseReferenceParam(
  param: SearchParameter,
  code: string,
  modifier: string | undefined,
  value: string,
  baseUrl: string,
): [string, string] {
  const typeModifier = modifier && isResourceType(modifier) ? modifier : undefined;
  const keepModifier = modifier && !typeModifier ? `${code}:${modifier}` : code;
  if (modifier === 'missing' || modifier === 'present' || modifier === 'identifier') {
    return [keepModifier, value];
  }
  const targets = typeModifier ? [typeModifier] : (param.target ?? []);
  const prefix = `${baseUrl.replace(/\/+$/, '')}/`;
  const values = value.split(',').flatMap((item) => {
    const relative = item.startsWith(prefix) ? item.slice(prefix.length) : item;
    if (relative.includes('/') || relative.includes(':') || targets.length === 0) {
      return [relative];
    }
    return targets.map((target) => `${target}/${relative}`);
  });
  return [keepModifier, values.join(',')];
}

function groupQuery(pairs: [string, string][]): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const [key, value] of pairs) {
    (grouped[key] ??= []).push(value);
  }
  return grouped;
}

function validateControls(resourceType: ResourceType, request: SearchRequest): void {
  const params = getSearchParameters(resourceType) ?? {};
  for (const rule of request.sortRules ?? []) {
    if (!params[rule.code]?.expression) {
      throw new OperationOutcomeError(badRequest(`Unknown sort parameter for ${resourceType}: ${rule.code}`, '_sort'));
    }
  }
  for (const [kind, targets] of [
    ['_include', request.include],
    ['_revinclude', request.revInclude],
  ] as const) {
    for (const target of targets ?? []) {
      const param = getSearchParameter(target.resourceType, target.searchParam);
      if (param?.type !== 'reference') {
        throw new OperationOutcomeError(
          badRequest(`${kind}: ${target.resourceType}:${target.searchParam} is not a reference search parameter`, kind),
        );
      }
      if (kind === '_include' && target.resourceType !== resourceType && target.modifier !== 'iterate') {
        throw new OperationOutcomeError(
          badRequest(`_include must start with the searched type ${resourceType}: ${target.resourceType}`, kind),
        );
      }
    }
  }
}

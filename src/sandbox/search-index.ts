/**
 * Candidate index for in-memory search. MemoryRepository 4.5.2 answers every search by evaluating Medplum's
 * FHIRPath matcher on every stored resource of the type: `Observation?patient=…` over 50 synthetic patients is
 * ~2,300 evaluations for the ~46 Observations of one patient. This index narrows the scan to the resources that
 * can match, and Medplum's `matchesSearchRequest` still decides each candidate, so the results do not change.
 *
 * Indexed: reference and token parameters, filters with the plain (equals) operator, built per (resource type,
 * parameter) on the first search that uses the pair and kept current on every write. The keys are the values
 * Medplum's matcher compares (`@medplum/core` search/match.ts, 4.5.2), taken from the same functions:
 * - reference: `convertToSearchableReferences` of the parameter's expression; a filter value matches when one of
 *   its comma-separated parts equals one of them (`patient=Patient/123`; search-query.ts rewrites bare ids);
 * - token: the lower-cased `value` of `convertToSearchableTokens`; a part `code` or `system|code` or `|code` can
 *   only match a token whose value lower-cases to `code` (the system is left to the matcher), a part `system|`
 *   matches by system alone and is not indexed, a part `|` never matches.
 * Filters outside that (dates, strings, modifiers, `_compartment`, an empty reference value) are left to the
 * matcher. A filter's candidates are a superset of its matches, so the intersection over the indexed filters is a
 * superset of the search's matches. For a reference filter, and a token filter whose parts are all bare codes, the
 * candidates are exactly its matches (the same comparison on the same keys), so the matcher need not evaluate it
 * again: those filters come back as `decided`.
 *
 * Candidates come back in the repository's order: a JavaScript Map iterates in first-insertion order, keeps a key's
 * place when it is set again and moves it to the end when it is deleted and set again; `put` and `remove`, called
 * where the repository's map is written, track the same positions.
 */
import {
  convertToSearchableReferences,
  convertToSearchableTokens,
  evalFhirPathTyped,
  globalSchema,
  Operator,
  splitSearchOnComma,
  toTypedValue,
} from '@medplum/core';
import type { Filter, SearchRequest } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';

/** Where the index reads the current resources of a type, in store order, when it builds a parameter's index. */
export type StoredResources = (resourceType: string) => Iterable<Resource>;

type IndexedKind = 'reference' | 'token';

interface ParamIndex {
  kind: IndexedKind;
  /** The FHIRPath the keys were computed with; a changed schema expression rebuilds the index. */
  expression: string;
  keysById: Map<string, readonly string[]>;
  idsByKey: Map<string, Set<string>>;
}

/** What one indexable filter contributes: the keys to look up. */
interface FilterLookup {
  filter: Filter;
  index: ParamIndex;
  keys: Set<string>;
  /** The keys decide the filter: a resource matches it exactly when it has one of them. */
  exact: boolean;
}

/** The resources that can match a search, and the filters that this already decides. */
export interface SearchCandidates {
  /** Ids in the repository's order. */
  ids: string[];
  /** Filters every candidate matches and no other resource does; the rest still need the matcher. */
  decided: ReadonlySet<Filter>;
}

export class SearchIndex {
  /** resourceType → parameter code → index. */
  private readonly params = new Map<string, Map<string, ParamIndex>>();
  /** resourceType → id → position in the repository's map. */
  private readonly positions = new Map<string, Map<string, number>>();
  private nextPosition = 0;

  /** @param stored - The repository's current resources, for building a parameter's index on first use. */
  constructor(private readonly stored: StoredResources) {}

  /**
   * The resources that can match the request; undefined when no filter is indexable (then every resource of the
   * type is a candidate).
   */
  candidates(request: SearchRequest): SearchCandidates | undefined {
    const lookups: FilterLookup[] = [];
    for (const filter of request.filters ?? []) {
      const lookup = this.lookupFor(request.resourceType, filter);
      if (lookup) {
        lookups.push(lookup);
      }
    }
    if (lookups.length === 0) {
      return undefined;
    }
    lookups.sort((a, b) => estimatedSize(a) - estimatedSize(b));
    const [first, ...rest] = lookups as [FilterLookup, ...FilterLookup[]];
    const ids = new Set<string>();
    for (const key of first.keys) {
      for (const id of first.index.idsByKey.get(key) ?? []) {
        if (rest.every((lookup) => hasAnyKey(lookup, id))) {
          ids.add(id);
        }
      }
    }
    const positions = this.positions.get(request.resourceType);
    return {
      ids: [...ids].sort((a, b) => (positions?.get(a) ?? 0) - (positions?.get(b) ?? 0)),
      decided: new Set(lookups.filter((lookup) => lookup.exact).map((lookup) => lookup.filter)),
    };
  }

  /** Records a resource just stored (created or updated) under its type and id. */
  put(resourceType: string, id: string, resource: Resource): void {
    let positions = this.positions.get(resourceType);
    if (!positions) {
      positions = new Map();
      this.positions.set(resourceType, positions);
    }
    if (!positions.has(id)) {
      positions.set(id, this.nextPosition++);
    }
    for (const index of this.params.get(resourceType)?.values() ?? []) {
      removeKeys(index, id);
      addKeys(index, id, keysOf(resource, index));
    }
  }

  /** Forgets a resource just deleted. */
  remove(resourceType: string, id: string): void {
    this.positions.get(resourceType)?.delete(id);
    for (const index of this.params.get(resourceType)?.values() ?? []) {
      removeKeys(index, id);
    }
  }

  /** Forgets everything (the repository was cleared). */
  clear(): void {
    this.params.clear();
    this.positions.clear();
  }

  private lookupFor(resourceType: string, filter: Filter): FilterLookup | undefined {
    if (filter.operator !== Operator.EQUALS) {
      return undefined;
    }
    const param = globalSchema.types[resourceType]?.searchParams?.[filter.code];
    const kind = param?.type === 'reference' || param?.type === 'token' ? param.type : undefined;
    if (!kind || !param?.expression) {
      return undefined;
    }
    const keys = kind === 'reference' ? referenceLookupKeys(filter) : tokenLookupKeys(filter);
    if (!keys) {
      return undefined;
    }
    // A token part with a system (`system|code`, `|code`) also needs the system compared, which the keys do not.
    const exact = kind === 'reference' || !splitSearchOnComma(filter.value).some((part) => part.includes('|'));
    return { filter, index: this.paramIndex(resourceType, filter.code, kind, param.expression), keys, exact };
  }

  private paramIndex(resourceType: string, code: string, kind: IndexedKind, expression: string): ParamIndex {
    let byCode = this.params.get(resourceType);
    if (!byCode) {
      byCode = new Map();
      this.params.set(resourceType, byCode);
    }
    const existing = byCode.get(code);
    if (existing && existing.kind === kind && existing.expression === expression) {
      return existing;
    }
    const index: ParamIndex = { kind, expression, keysById: new Map(), idsByKey: new Map() };
    for (const resource of this.stored(resourceType)) {
      if (resource.id) {
        addKeys(index, resource.id, keysOf(resource, index));
      }
    }
    byCode.set(code, index);
    return index;
  }
}

/** Reference filter parts, each looked up as written; undefined where the matcher has a special case. */
function referenceLookupKeys(filter: Filter): Set<string> | undefined {
  // An empty value matches a resource without the reference; `_compartment` also matches on the bare id.
  if (filter.value === '' || filter.code === '_compartment') {
    return undefined;
  }
  return new Set(splitSearchOnComma(filter.value));
}

/** Lower-cased token codes the filter's parts can match; undefined when a part matches by system alone. */
function tokenLookupKeys(filter: Filter): Set<string> | undefined {
  const keys = new Set<string>();
  for (const part of splitSearchOnComma(filter.value)) {
    if (!part.includes('|')) {
      keys.add(part.toLowerCase());
      continue;
    }
    // Split as the matcher does: with several bars the code is the text between the first two.
    const [system = '', code = ''] = part.split('|').map((s) => s.toLowerCase());
    if (code) {
      keys.add(code);
    } else if (system) {
      return undefined;
    }
  }
  return keys;
}

function keysOf(resource: Resource, index: ParamIndex): string[] {
  const values = evalFhirPathTyped(index.expression, [toTypedValue(resource)]);
  if (index.kind === 'reference') {
    return convertToSearchableReferences(values);
  }
  const keys = new Set<string>();
  for (const token of convertToSearchableTokens(values)) {
    if (token.value !== undefined) {
      keys.add(token.value.toLowerCase());
    }
  }
  return [...keys];
}

function addKeys(index: ParamIndex, id: string, keys: readonly string[]): void {
  index.keysById.set(id, keys);
  for (const key of keys) {
    let ids = index.idsByKey.get(key);
    if (!ids) {
      ids = new Set();
      index.idsByKey.set(key, ids);
    }
    ids.add(id);
  }
}

function removeKeys(index: ParamIndex, id: string): void {
  for (const key of index.keysById.get(id) ?? []) {
    const ids = index.idsByKey.get(key);
    ids?.delete(id);
    if (ids?.size === 0) {
      index.idsByKey.delete(key);
    }
  }
  index.keysById.delete(id);
}

function estimatedSize(lookup: FilterLookup): number {
  let size = 0;
  for (const key of lookup.keys) {
    size += lookup.index.idsByKey.get(key)?.size ?? 0;
  }
  return size;
}

function hasAnyKey(lookup: FilterLookup, id: string): boolean {
  return (lookup.index.keysById.get(id) ?? []).some((key) => lookup.keys.has(key));
}

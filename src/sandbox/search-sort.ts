/**
 * `_sort` for in-memory search results (https://hl7.org/fhir/R4/search.html#_sort).
 *
 * MemoryRepository 4.5.2 re-evaluates FHIRPath inside its comparator (n log n evaluations) and compares
 * `JSON.stringify` text, so a Period sorts by its JSON and times with different offsets by their text. Here each
 * resource's key is computed once: dates become epoch ms, Periods their start, Quantities their value, codes their
 * code. With several values the smallest key is used ascending and the largest descending, as R4 says; resources
 * without a value come last either way. The sort is stable, so ties keep the repository's order.
 */
import { evalFhirPath, getSearchParameter } from '@medplum/core';
import type { SortRule } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';

type SortKey = number | string | undefined;

/** Returns the resources sorted by the rules, the first rule most significant. */
export function sortResources<T extends Resource>(resources: T[], resourceType: string, rules: SortRule[]): T[] {
  if (rules.length === 0) {
    return resources;
  }
  const keyed = resources.map((resource) => ({
    resource,
    keys: rules.map((rule) => sortKeyOf(resource, resourceType, rule)),
  }));
  keyed.sort((a, b) => {
    for (let i = 0; i < rules.length; i++) {
      const order = compareKeys(a.keys[i], b.keys[i], rules[i]?.descending === true);
      if (order !== 0) {
        return order;
      }
    }
    return 0;
  });
  return keyed.map((entry) => entry.resource);
}

function sortKeyOf(resource: Resource, resourceType: string, rule: SortRule): SortKey {
  const param = getSearchParameter(resourceType, rule.code);
  if (!param?.expression) {
    return undefined;
  }
  const keys = evalFhirPath(param.expression, resource)
    .map((value) => toKey(value, param.type === 'date'))
    .filter((key): key is number | string => key !== undefined);
  if (keys.length === 0) {
    return undefined;
  }
  return keys.reduce((best, key) => {
    const order = compareDefined(key, best);
    return (rule.descending ? order > 0 : order < 0) ? key : best;
  });
}

function toKey(value: unknown, isDate: boolean): SortKey {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'boolean') {
    return value ? 1 : 0;
  }
  if (typeof value === 'string') {
    if (isDate) {
      const ms = Date.parse(value);
      return Number.isNaN(ms) ? value : ms;
    }
    return value;
  }
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  return toKey(objectKeyValue(value as Record<string, unknown>), isDate);
}

/** The element of a complex datatype that orders it (Period.start, Quantity.value, Coding.code, …). */
function objectKeyValue(value: Record<string, unknown>): unknown {
  const coding = Array.isArray(value.coding) ? (value.coding[0] as Record<string, unknown> | undefined) : undefined;
  return (
    value.start ??
    value.end ??
    value.value ??
    value.code ??
    coding?.code ??
    value.text ??
    value.reference ??
    value.family ??
    value.display
  );
}

function compareKeys(a: SortKey, b: SortKey, descending: boolean): number {
  if (a === undefined || b === undefined) {
    // Missing values last, in both directions.
    return a === b ? 0 : a === undefined ? 1 : -1;
  }
  const order = compareDefined(a, b);
  return descending ? -order : order;
}

function compareDefined(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  if (typeof a === 'number') {
    return -1;
  }
  if (typeof b === 'number') {
    return 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

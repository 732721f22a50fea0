/**
 * The `prefetch` of a hook call, checked against the templates that asked for it
 * (https://cds-hooks.hl7.org/2.0/#prefetch-template): a key the client left out was not satisfied; `null` means
 * "no data"; a search key holds a searchset Bundle, a read key the resource. A key with the wrong shape is a 400
 * naming the key. An OperationOutcome in place of the data (a client that reports its prefetch error instead of
 * leaving the key out) counts as not satisfied. Keys no template asked for are ignored.
 */
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { HookError } from '../services/hook-error';
import type { PrefetchTemplate } from './prefetch-templates';

/** What the client sent for one template. */
export type PrefetchEntry =
  | { kind: 'absent' }
  | { kind: 'null' }
  | { kind: 'resource'; resource: Resource }
  | {
      kind: 'bundle';
      /** Entries of the template's resource type (not `include`/`outcome`), in the client's order. */
      matches: Resource[];
      included: Resource[];
      /** False when `_count` may have cut the Bundle short, or it has a next page the spec forbids. */
      complete: boolean;
    };

export interface PrefetchData {
  entry(key: string): PrefetchEntry;
  /** Every resource sent under a known key (matches and includes), for reads by id. */
  readonly resources: readonly Resource[];
}

/**
 * @param raw - the request's `prefetch` (already known to be an object, when present)
 * @param templates - the service's templates
 * @throws HookError 400 naming the key whose value is neither null, an OperationOutcome nor the expected resource
 */
export function parsePrefetch(
  raw: Readonly<Record<string, unknown>> | undefined,
  templates: readonly PrefetchTemplate[],
): PrefetchData {
  const entries = new Map<string, PrefetchEntry>();
  for (const template of templates) {
    if (raw === undefined || !Object.hasOwn(raw, template.key)) continue;
    entries.set(template.key, parseEntry(raw[template.key], template));
  }
  const resources = [...entries.values()].flatMap((entry) =>
    entry.kind === 'resource' ? [entry.resource] : entry.kind === 'bundle' ? [...entry.matches, ...entry.included] : [],
  );
  return { entry: (key) => entries.get(key) ?? { kind: 'absent' }, resources };
}

function parseEntry(value: unknown, template: PrefetchTemplate): PrefetchEntry {
  if (value === null) return { kind: 'null' };
  const where = `prefetch.${template.key}`;
  if (!isResource(value)) throw new HookError(400, `${where}: is neither a FHIR resource nor null`);
  if (value.resourceType === 'OperationOutcome') return { kind: 'absent' };
  if (template.interaction === 'read') {
    if (value.resourceType !== template.resourceType) {
      throw new HookError(400, `${where}: expected a ${template.resourceType}, got a ${value.resourceType}`);
    }
    return { kind: 'resource', resource: value };
  }
  if (value.resourceType !== 'Bundle') {
    throw new HookError(400, `${where}: expected a searchset Bundle, got a ${value.resourceType}`);
  }
  return parseBundle(value as Bundle, template, where);
}

function parseBundle(bundle: Bundle, template: PrefetchTemplate, where: string): PrefetchEntry {
  if (bundle.entry !== undefined && !Array.isArray(bundle.entry))
    throw new HookError(400, `${where}.entry: is not an array`);
  const matches: Resource[] = [];
  const included: Resource[] = [];
  for (const [index, entry] of (bundle.entry ?? []).entries()) {
    const resource: unknown = entry?.resource;
    if (resource === undefined) continue;
    if (!isResource(resource)) throw new HookError(400, `${where}.entry[${index}].resource: is not a FHIR resource`);
    const mode = entry.search?.mode;
    if (mode === 'outcome' || resource.resourceType === 'OperationOutcome') continue;
    if (mode === 'include' || resource.resourceType !== template.resourceType) included.push(resource);
    else matches.push(resource);
  }
  const hasNext = Array.isArray(bundle.link) && bundle.link.some((link) => link?.relation === 'next');
  const full = template.count !== undefined && matches.length >= template.count;
  return { kind: 'bundle', matches, included, complete: !hasNext && !full };
}

function isResource(value: unknown): value is Resource {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { resourceType?: unknown }).resourceType === 'string'
  );
}

/**
 * An in-memory FhirGateway for unit tests of code that reads or writes FHIR: resources in maps, a deliberately small
 * search, transactions that resolve `urn:uuid:` references (so a Synthea transaction Bundle loads as a server would
 * store it). A search parameter it does not implement is refused with a 400, never silently ignored, so a test
 * cannot pass on a filter that was not applied.
 *
 * Search supports: `_id`; `patient` and `subject` (against `subject` or `patient` references, as `Patient/x` or `x`);
 * `code` and `category` (tokens `system|code` or `code`, comma = OR); `date` on Observation (`ge`, `gt`, `le`, `lt`
 * prefixes, else a prefix match on the time); `_count` (truncates; no paging). Repeated keys are AND-ed.
 */
import type {
  Binary,
  Bundle,
  BundleEntry,
  CodeableConcept,
  Observation,
  Reference,
  Resource,
  ResourceType,
} from '@medplum/fhirtypes';
import { FhirRequestError, type OutcomeLike } from '../../shared/index';
import type { BinaryContent, FhirGateway, SearchOptions, SearchParams, SearchResult } from '../fhir-gateway';

type Stored = Resource & { id: string };

const SUPPORTED = new Set(['_id', 'patient', 'subject', 'code', 'category', 'date', '_count']);

export class InMemoryFhirGateway implements FhirGateway {
  readonly baseUrl: string;
  private readonly store = new Map<string, Stored>();
  private readonly binaries = new Map<string, BinaryContent>();
  private nextId = 1;

  constructor(resources: readonly Resource[] = [], options: { baseUrl?: string } = {}) {
    this.baseUrl = (options.baseUrl ?? 'https://fhir.test/r4').replace(/\/+$/, '');
    for (const resource of resources) this.put(resource);
  }

  /** Stores a copy of a resource (an id is assigned when it has none) and returns the stored copy. */
  put<T extends Resource>(resource: T): T & { id: string } {
    const stored = structuredClone(resource) as T & { id: string };
    stored.id = resource.id ?? `gen-${this.nextId++}`;
    this.store.set(`${stored.resourceType}/${stored.id}`, stored);
    return structuredClone(stored);
  }

  /** Content that `readBytes` returns for this reference or absolute URL (e.g. a DICOMweb `/rendered` URL). */
  putBytes(urlOrReference: string, content: BinaryContent): void {
    this.binaries.set(urlOrReference, content);
  }

  /** Every stored resource of a type, in insertion order. */
  all<T extends Resource>(resourceType: T['resourceType']): T[] {
    return [...this.store.values()].filter((r) => r.resourceType === resourceType).map((r) => structuredClone(r) as T);
  }

  async read<T extends Resource>(resourceType: T['resourceType'], id: string): Promise<T> {
    const resource = this.store.get(`${resourceType}/${id}`);
    if (!resource) throw this.notFound(`${resourceType}/${id}`);
    return structuredClone(resource) as T;
  }

  async search<T extends Resource>(
    resourceType: ResourceType,
    params: SearchParams,
    _options?: SearchOptions,
  ): Promise<SearchResult<T>> {
    const filters: [string, string][] = [];
    for (const [key, value] of Object.entries(params)) {
      if (!SUPPORTED.has(key)) {
        throw new FhirRequestError(
          `${this.baseUrl}/${resourceType}?${key}`,
          400,
          `InMemoryFhirGateway does not implement the search parameter '${key}'`,
        );
      }
      for (const v of typeof value === 'object' ? value : [value]) filters.push([key, String(v)]);
    }
    const count = filters.find(([key]) => key === '_count');
    const matches = [...this.store.values()].filter(
      (r) => r.resourceType === resourceType && filters.every(([key, value]) => matchesParam(r, key, value)),
    );
    const limited = count ? matches.slice(0, Number(count[1])) : matches;
    return { resources: limited.map((r) => structuredClone(r) as T), included: [], total: matches.length };
  }

  async create<T extends Resource>(resource: T): Promise<T> {
    const { id: _ignored, ...rest } = resource;
    return this.put(rest as T);
  }

  /**
   * Applies POST and PUT entries; `urn:uuid:` fullUrls become `Type/id` and every reference to them is rewritten.
   * A POSTed resource keeps its id when it has one (unlike a real server), so tests can name what they loaded.
   */
  async transaction(bundle: Bundle): Promise<Bundle> {
    const entries = bundle.entry ?? [];
    const renames = new Map<string, string>();
    const planned = entries.map((entry, i) => {
      const { resource, request } = entry;
      if (!resource || (request?.method !== 'POST' && request?.method !== 'PUT')) {
        throw new FhirRequestError(this.baseUrl, 400, `entry[${i}]: only POST and PUT entries with a resource`);
      }
      const idFromUrl = request.method === 'PUT' ? request.url.split('/')[1] : undefined;
      const id = idFromUrl ?? resource.id ?? `gen-${this.nextId++}`;
      if (entry.fullUrl) renames.set(entry.fullUrl, `${resource.resourceType}/${id}`);
      return { ...resource, id } as Stored;
    });
    const response: BundleEntry[] = planned.map((resource) => {
      const stored = this.put(rewriteReferences(resource, renames));
      return { response: { status: '201 Created', location: `${stored.resourceType}/${stored.id}/_history/1` } };
    });
    return { resourceType: 'Bundle', type: 'transaction-response', entry: response };
  }

  async readBytes(urlOrReference: string): Promise<BinaryContent> {
    const content = this.binaries.get(urlOrReference);
    if (content) return { contentType: content.contentType, data: content.data.slice() };
    const binary = this.store.get(urlOrReference.replace(`${this.baseUrl}/`, '')) as Binary | undefined;
    if (binary?.resourceType === 'Binary' && binary.data !== undefined) {
      return { contentType: binary.contentType, data: new Uint8Array(Buffer.from(binary.data, 'base64')) };
    }
    throw this.notFound(urlOrReference);
  }

  private notFound(what: string): FhirRequestError {
    const outcome: OutcomeLike = {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'not-found', diagnostics: `${what} not found` }],
    };
    const url = /^[a-z]+:/i.test(what) ? what : `${this.baseUrl}/${what}`;
    return new FhirRequestError(url, 404, `GET failed: ${what} not found`, outcome);
  }
}

function matchesParam(resource: Stored, key: string, value: string): boolean {
  const r = resource as Stored & { subject?: Reference; patient?: Reference; code?: CodeableConcept };
  switch (key) {
    case '_id':
      return value.split(',').includes(resource.id);
    case 'patient':
    case 'subject': {
      const target = value.includes('/') ? value : `Patient/${value}`;
      return r.subject?.reference === target || r.patient?.reference === target;
    }
    case 'code':
      return matchesToken(r.code ? [r.code] : [], value);
    case 'category':
      return matchesToken((resource as { category?: CodeableConcept[] }).category ?? [], value);
    case 'date':
      return matchesDate(resource, value);
    default:
      return true;
  }
}

function matchesToken(concepts: readonly CodeableConcept[], value: string): boolean {
  return value.split(',').some((token) => {
    const [system, code] = token.includes('|') ? token.split('|') : [undefined, token];
    return concepts.some((concept) =>
      (concept.coding ?? []).some(
        (c) => c.code === code && (system === undefined || system === '' || c.system === system),
      ),
    );
  });
}

function matchesDate(resource: Stored, value: string): boolean {
  if (resource.resourceType !== 'Observation') {
    throw new FhirRequestError(resource.resourceType, 400, 'InMemoryFhirGateway implements date for Observation only');
  }
  const o = resource as Observation;
  const time = o.effectiveDateTime ?? o.effectiveInstant ?? o.effectivePeriod?.start ?? o.issued;
  if (!time) return false;
  const prefix = value.slice(0, 2);
  const bound = Date.parse(value.slice(2));
  const t = Date.parse(time);
  switch (prefix) {
    case 'ge':
      return t >= bound;
    case 'gt':
      return t > bound;
    case 'le':
      return t <= bound;
    case 'lt':
      return t < bound;
    default:
      return time.startsWith(value.replace(/^eq/, ''));
  }
}

/** A copy of `value` with every `reference` found in `renames` replaced (urn:uuid → Type/id). */
function rewriteReferences<T>(value: T, renames: ReadonlyMap<string, string>): T {
  if (Array.isArray(value)) return value.map((v: unknown) => rewriteReferences(v, renames)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = key === 'reference' && typeof v === 'string' ? (renames.get(v) ?? v) : rewriteReferences(v, renames);
  }
  return out as T;
}

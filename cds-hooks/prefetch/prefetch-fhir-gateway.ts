/**
 * A FhirGateway that answers from a hook call's prefetch first and asks the CDS client's FHIR server only for what
 * the prefetch does not hold (https://cds-hooks.hl7.org/2.0/#providing-fhir-resources-to-a-cds-service): searches
 * no template covers, templates the client left out, Bundles `_count` may have cut short, resources read by id
 * (Endpoints) and attachment bytes (Binary, DICOMweb), which no prefetch can carry.
 *
 * A search is covered by a template of the same resource type when the template's codes include every code the
 * search asks for and the template's filters are the search's too; the search's own parameters (patient, codes,
 * date window) are then applied to the prefetched resources (local-search.ts), and only resources of the patient in
 * context are ever returned. Without a fallback server, whatever the prefetch lacks fails with
 * PrefetchUnavailableError, which src/fhir's readers turn into an issue on the modality.
 *
 * Read-only: the CDS service never writes to the EHR (suggestions are the client's to apply).
 *
 * Resources answered from the prefetch are the request's own parsed objects, not copies: they belong to this hook
 * call alone, and src/fhir's mappers only read them. Copying each one per search (structuredClone) was ~0.4 ms of
 * main-thread CPU per call with a full prefetch (50 labs and the rest); callers must not change what they get.
 */
import type { Bundle, Resource, ResourceType } from '@medplum/fhirtypes';
import type {
  BinaryContent,
  FhirGateway,
  SearchOptions,
  SearchParams,
  SearchResult,
} from '../../src/fhir/fhir-gateway';
import { AppError, isFhirRequestError, PrefetchUnavailableError } from '../../src/shared/index';
import { localSearchFilter, refersToPatient } from './local-search';
import type { PrefetchData } from './prefetch-data';
import type { PrefetchTemplate } from './prefetch-templates';

export interface PrefetchFhirGatewayOptions {
  prefetch: PrefetchData;
  templates: readonly PrefetchTemplate[];
  /** The patient in context: prefetched resources of anyone else are never returned. */
  patientId: string;
  /** The FHIR server that may be asked for what the prefetch lacks; absent when none may be contacted. */
  fallback?: FhirGateway;
  /** Base URL for provenance when there is no fallback (the request's fhirServer, or a `urn:` label). */
  baseUrl: string;
  /** Why there is no fallback, for the messages of what could not be read. */
  noFallbackReason?: string;
}

/** What the gateway did: prefetch keys used, and requests to the FHIR server with how many failed. */
export interface PrefetchGatewayStats {
  prefetchKeysUsed: Set<string>;
  serverRequests: number;
  serverFailures: number;
  /** HTTP status of the last failed server request (0: no response). */
  lastFailureStatus?: number;
}

export class PrefetchFhirGateway implements FhirGateway {
  readonly baseUrl: string;
  readonly stats: PrefetchGatewayStats = { prefetchKeysUsed: new Set(), serverRequests: 0, serverFailures: 0 };

  constructor(private readonly options: PrefetchFhirGatewayOptions) {
    this.baseUrl = (options.fallback?.baseUrl ?? options.baseUrl).replace(/\/+$/, '');
  }

  async read<T extends Resource>(
    resourceType: T['resourceType'],
    id: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<T> {
    const found = this.options.prefetch.resources.find((r) => r.resourceType === resourceType && r.id === id);
    if (found) return found as T;
    return this.fromServer(`${resourceType} read`, (server) => server.read<T>(resourceType, id, options));
  }

  async search<T extends Resource>(
    resourceType: ResourceType,
    params: SearchParams,
    options: SearchOptions = {},
  ): Promise<SearchResult<T>> {
    const local = this.searchPrefetch<T>(resourceType, params);
    if (local) return local;
    return this.fromServer(`${resourceType} search`, (server) => server.search<T>(resourceType, params, options));
  }

  async readBytes(
    urlOrReference: string,
    options: { accept?: string; sendToken?: boolean; signal?: AbortSignal } = {},
  ): Promise<BinaryContent> {
    return this.fromServer('attachment', (server) => server.readBytes(urlOrReference, options));
  }

  async create<T extends Resource>(resource: T): Promise<T> {
    throw new AppError('read-only', `${resource.resourceType} create: the CDS service does not write to the EHR`);
  }

  async transaction(_bundle: Bundle): Promise<Bundle> {
    throw new AppError('read-only', 'transaction: the CDS service does not write to the EHR');
  }

  /** The search answered from the prefetch, or undefined when the prefetch cannot answer it. */
  private searchPrefetch<T extends Resource>(
    resourceType: ResourceType,
    params: SearchParams,
  ): SearchResult<T> | undefined {
    const template = this.options.templates.find((t) => covers(t, resourceType, params));
    if (!template) return undefined;
    const entry = this.options.prefetch.entry(template.key);
    if (entry.kind === 'absent' || entry.kind === 'resource') return undefined;
    if (entry.kind === 'bundle' && !entry.complete && this.options.fallback) return undefined;
    const filter = localSearchFilter(params);
    if (!filter) return undefined;
    this.stats.prefetchKeysUsed.add(template.key);
    if (entry.kind === 'null') return { resources: [], included: [], total: 0 };
    const resources = entry.matches
      .filter((r) => r.resourceType === resourceType && refersToPatient(r, this.options.patientId) && filter(r))
      .map((r) => r as T);
    return { resources, included: [...entry.included], total: resources.length };
  }

  private async fromServer<R>(what: string, call: (server: FhirGateway) => Promise<R>): Promise<R> {
    const server = this.options.fallback;
    if (!server) {
      throw new PrefetchUnavailableError(
        `${what}: not in the prefetch, and no FHIR server may be contacted (${this.options.noFallbackReason ?? 'none given'})`,
      );
    }
    this.stats.serverRequests++;
    try {
      return await call(server);
    } catch (error) {
      this.stats.serverFailures++;
      this.stats.lastFailureStatus = isFhirRequestError(error) ? error.status : 0;
      throw error;
    }
  }
}

/**
 * True when the template's data answers the search: same type, a search template, every code the search asks for
 * among the template's, and the template's filters also on the search.
 */
function covers(template: PrefetchTemplate, resourceType: ResourceType, params: SearchParams): boolean {
  if (template.interaction !== 'search' || template.resourceType !== resourceType) return false;
  if (template.token) {
    const asked = params[template.token.param];
    if (typeof asked !== 'string') return false;
    const codes = new Set(template.token.codes);
    if (!asked.split(',').every((code) => codes.has(code))) return false;
  }
  return Object.entries(template.filters ?? {}).every(([name, value]) => params[name] === value);
}

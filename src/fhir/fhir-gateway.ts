/**
 * The FhirGateway port: everything the product reads from or writes to a FHIR R4 server goes through it, so that
 * mappers and services can be tested with an in-memory double and run against any EHR.
 */
import type { Bundle, Resource, ResourceType } from '@medplum/fhirtypes';

/** Search parameters; a repeated key (array) becomes repeated query parameters (AND), commas inside a value OR. */
export type SearchParams = Record<string, string | number | readonly string[]>;

export interface SearchOptions {
  /** Maximum number of pages to follow through `link[relation=next]` (default: all, up to a safety cap). */
  maxPages?: number;
  signal?: AbortSignal;
}

export interface SearchResult<T extends Resource = Resource> {
  /** Entries with `search.mode = match` (or no mode), in server order across all pages. */
  resources: T[];
  /** Entries with `search.mode = include`. */
  included: Resource[];
  /** `Bundle.total` of the first page, when the server sent it. */
  total?: number;
}

/** Raw bytes with their content type (Binary content, DICOMweb responses). */
export interface BinaryContent {
  contentType: string;
  data: Uint8Array;
}

export interface FhirGateway {
  /** The FHIR base URL, without a trailing slash. */
  readonly baseUrl: string;
  read<T extends Resource>(resourceType: T['resourceType'], id: string, options?: { signal?: AbortSignal }): Promise<T>;
  search<T extends Resource>(
    resourceType: ResourceType,
    params: SearchParams,
    options?: SearchOptions,
  ): Promise<SearchResult<T>>;
  /** Creates a resource (POST); returns the stored resource. */
  create<T extends Resource>(resource: T, options?: { signal?: AbortSignal }): Promise<T>;
  /** POSTs a batch or transaction Bundle to the base URL; returns the response Bundle. */
  transaction(bundle: Bundle, options?: { signal?: AbortSignal }): Promise<Bundle>;
  /**
   * GETs raw bytes: a `Binary/{id}` reference (relative to the base), or an absolute URL such as a DICOMweb
   * `/rendered` or instance URL. The bearer token is sent only to the FHIR server's own origin unless
   * `sendToken` says otherwise (SMART imaging `requires-access-token`).
   */
  readBytes(
    urlOrReference: string,
    options?: { accept?: string; sendToken?: boolean; signal?: AbortSignal },
  ): Promise<BinaryContent>;
}

/**
 * HttpFhirGateway: the FhirGateway port over FHIR R4 REST (https://hl7.org/fhir/R4/http.html) with `fetch`.
 *
 * What it adds to a bare fetch: a bearer token that never leaves the FHIR server's origin unless asked; Bundle
 * paging through `link[relation=next]` with a page cap and loop detection; a per-request timeout combined with the
 * caller's signal; retries with exponential backoff and jitter on 429/503 (any method: the server refused the
 * request) and on network errors for GETs only (a POST may have been applied); and errors that carry the server's
 * OperationOutcome diagnostics. Logs carry method, path, status and time only: never bodies, query values or tokens.
 */
import type { Bundle, OperationOutcome, Resource, ResourceType } from '@medplum/fhirtypes';
import { z } from 'zod';
import { FhirMappingError, FhirRequestError, type OutcomeLike } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { BinaryContent, FhirGateway, SearchOptions, SearchParams, SearchResult } from './fhir-gateway';

export interface HttpFhirGatewayOptions {
  /** FHIR base URL, e.g. `https://ehr.example.org/fhir/R4` (a trailing slash is removed). */
  baseUrl: string;
  /** Bearer token, or a function asked before every request (so a refreshed token is picked up). */
  accessToken?: string | (() => Promise<string>);
  /** The HTTP seam: tests pass a double here. Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Per-request timeout in ms, covering headers and body (default 15000). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  /** First backoff delay in ms; doubles per retry, with jitter (default 500). */
  retryBaseMs?: number;
  /** Upper bound on one wait, whether from backoff or from Retry-After (default 30000). */
  maxRetryDelayMs?: number;
  /** Safety cap on pages followed when the caller gives no maxPages (default 100). */
  maxPages?: number;
  logger?: Logger;
}

const FHIR_JSON = 'application/fhir+json';
const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_RETRIES = 3;
const DEFAULT_RETRY_BASE_MS = 500;
const DEFAULT_MAX_RETRY_DELAY_MS = 30_000;
const DEFAULT_MAX_PAGES = 100;
/** Longest diagnostics text copied into an error message. */
const MAX_DIAGNOSTICS_CHARS = 500;
const MAX_REDIRECTS = 5;

const ResourceShape = z.looseObject({ resourceType: z.string(), id: z.string().optional() });
const BundleShape = z.looseObject({
  resourceType: z.literal('Bundle'),
  total: z.number().optional(),
  link: z.array(z.looseObject({ relation: z.string(), url: z.string() })).optional(),
  entry: z
    .array(
      z.looseObject({
        resource: ResourceShape.optional(),
        search: z.looseObject({ mode: z.string().optional() }).optional(),
      }),
    )
    .optional(),
});
const OutcomeShape = z.looseObject({
  resourceType: z.literal('OperationOutcome'),
  issue: z.array(z.unknown()).optional(),
});
const BinaryShape = z.looseObject({
  resourceType: z.literal('Binary'),
  contentType: z.string(),
  data: z.string().optional(),
});

interface RequestSpec {
  method: 'GET' | 'POST';
  url: URL;
  accept: string;
  body?: string;
  sendToken?: boolean;
  signal?: AbortSignal;
}

interface RawResponse {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
}

/** A retryable outcome of one attempt: the response to retry on, or the network error. */
type Attempt = { kind: 'response'; response: RawResponse } | { kind: 'network'; error: unknown };

export class HttpFhirGateway implements FhirGateway {
  readonly baseUrl: string;
  private readonly origin: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly maxPages: number;

  constructor(private readonly options: HttpFhirGatewayOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.origin = new URL(this.baseUrl).origin;
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.retryBaseMs = options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
    this.maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  }

  async read<T extends Resource>(
    resourceType: T['resourceType'],
    id: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<T> {
    const url = this.resolve(`${resourceType}/${encodeURIComponent(id)}`);
    const resource = await this.requestResource({ method: 'GET', url, accept: FHIR_JSON, signal: options.signal });
    if (resource.resourceType !== resourceType) {
      throw new FhirRequestError(
        displayUrl(url),
        200,
        `GET returned a ${resource.resourceType}, not a ${resourceType}`,
      );
    }
    return resource as T;
  }

  async search<T extends Resource>(
    resourceType: ResourceType,
    params: SearchParams,
    options: SearchOptions = {},
  ): Promise<SearchResult<T>> {
    const maxPages = options.maxPages ?? this.maxPages;
    const result: SearchResult<T> = { resources: [], included: [] };
    const seen = new Set<string>();
    let next: URL | undefined = this.resolve(resourceType);
    for (const [key, value] of Object.entries(params)) {
      for (const v of typeof value === 'object' ? value : [value]) next.searchParams.append(key, String(v));
    }
    for (let page = 0; next && page < maxPages; page++) {
      seen.add(next.href);
      const bundle = await this.requestBundle(next, options.signal);
      if (page === 0 && bundle.total !== undefined) result.total = bundle.total;
      for (const entry of bundle.entry ?? []) {
        if (!entry.resource) continue;
        if (entry.search?.mode === 'include') result.included.push(entry.resource as Resource);
        else if (entry.search?.mode !== 'outcome') result.resources.push(entry.resource as T);
      }
      next = this.nextPage(bundle, next, seen);
      if (next && page + 1 === maxPages && options.maxPages === undefined) {
        this.options.logger?.warn({ path: next.pathname, maxPages }, 'FHIR search stopped at the page safety cap');
      }
    }
    return result;
  }

  async create<T extends Resource>(resource: T, options: { signal?: AbortSignal } = {}): Promise<T> {
    const url = this.resolve(resource.resourceType);
    const response = await this.send({
      method: 'POST',
      url,
      accept: FHIR_JSON,
      body: JSON.stringify(resource),
      signal: options.signal,
    });
    if (response.bytes.length === 0) {
      // A server on `Prefer: return=minimal` answers 201 with only a Location header: read what it stored.
      const location = response.headers.get('location');
      if (!location)
        throw new FhirRequestError(displayUrl(url), response.status, 'POST returned no body and no Location');
      const stored = await this.requestResource({
        method: 'GET',
        url: this.resolve(location.replace(/\/_history\/[^/]+$/, '')),
        accept: FHIR_JSON,
        signal: options.signal,
      });
      return stored as T;
    }
    return parseResource(response, url) as T;
  }

  async transaction(bundle: Bundle, options: { signal?: AbortSignal } = {}): Promise<Bundle> {
    const url = new URL(this.baseUrl);
    const resource = await this.requestResource({
      method: 'POST',
      url,
      accept: FHIR_JSON,
      body: JSON.stringify(bundle),
      signal: options.signal,
    });
    if (resource.resourceType !== 'Bundle') {
      throw new FhirRequestError(displayUrl(url), 200, `POST returned a ${resource.resourceType}, not a Bundle`);
    }
    return resource as unknown as Bundle;
  }

  async readBytes(
    urlOrReference: string,
    options: { accept?: string; sendToken?: boolean; signal?: AbortSignal } = {},
  ): Promise<BinaryContent> {
    const url = this.resolve(urlOrReference);
    const response = await this.send({
      method: 'GET',
      url,
      accept: options.accept ?? '*/*',
      sendToken: options.sendToken,
      signal: options.signal,
    });
    const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
    if (isJsonType(contentType)) {
      // Servers that ignore the Accept header (Medplum's router among them) answer with the Binary resource:
      // its `data` is the content, base64-encoded.
      const binary = BinaryShape.safeParse(parseJson(response.bytes));
      if (binary.success) {
        const ref = `Binary/${typeof binary.data.id === 'string' ? binary.data.id : '(no id)'}`;
        if (binary.data.data === undefined) throw new FhirMappingError(ref, 'data', 'Binary has no inline data');
        return { contentType: binary.data.contentType, data: decodeBase64(binary.data.data) };
      }
    }
    return { contentType: contentType.split(';')[0]?.trim() ?? contentType, data: response.bytes };
  }

  /** A reference (`Binary/1`, `Observation?x=1`) relative to the base, or an absolute URL, as a URL. */
  private resolve(urlOrReference: string): URL {
    if (/^[a-z][a-z0-9+.-]*:/i.test(urlOrReference)) return new URL(urlOrReference);
    return new URL(urlOrReference.replace(/^\/+/, ''), `${this.baseUrl}/`);
  }

  /**
   * The next page's URL, or undefined at the end. Relative links are resolved against the service base (FHIR's rule
   * for relative URLs), except a bare query (`?page=2`), which belongs to the current page's path.
   */
  private nextPage(bundle: z.infer<typeof BundleShape>, current: URL, seen: Set<string>): URL | undefined {
    const link = bundle.link?.find((l) => l.relation === 'next')?.url;
    if (!link) return undefined;
    const next = link.startsWith('?') ? new URL(link, current) : this.resolve(link);
    if (seen.has(next.href)) {
      this.options.logger?.warn({ path: next.pathname }, 'FHIR search next link repeats a page already read; stopped');
      return undefined;
    }
    return next;
  }

  private async requestResource(spec: RequestSpec): Promise<z.infer<typeof ResourceShape>> {
    return parseResource(await this.send(spec), spec.url);
  }

  private async requestBundle(url: URL, signal: AbortSignal | undefined): Promise<z.infer<typeof BundleShape>> {
    const resource = await this.requestResource({ method: 'GET', url, accept: FHIR_JSON, signal });
    const bundle = BundleShape.safeParse(resource);
    if (!bundle.success) {
      throw new FhirRequestError(displayUrl(url), 200, `search returned a ${resource.resourceType}, not a Bundle`);
    }
    return bundle.data;
  }

  /** One logical request: attempts, retries and the mapping of failures to FhirRequestError. */
  private async send(spec: RequestSpec): Promise<RawResponse> {
    const shown = displayUrl(spec.url);
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(spec, shown);
      if (outcome.kind === 'response' && !isRetryableStatus(outcome.response.status)) {
        if (outcome.response.status >= 400) throw toRequestError(spec.method, shown, outcome.response);
        return outcome.response;
      }
      const retryable = outcome.kind === 'response' || spec.method === 'GET';
      if (!retryable || attempt >= this.maxRetries) {
        if (outcome.kind === 'response') throw toRequestError(spec.method, shown, outcome.response);
        throw new FhirRequestError(shown, 0, `${spec.method} failed: ${describeError(outcome.error)}`, undefined, {
          cause: outcome.error,
        });
      }
      const delay = this.retryDelay(attempt, outcome.kind === 'response' ? outcome.response.headers : undefined);
      this.options.logger?.debug({ method: spec.method, path: spec.url.pathname, attempt, delay }, 'FHIR retry');
      await sleep(delay, spec.signal).catch((error: unknown) => {
        throw new FhirRequestError(shown, 0, `${spec.method} aborted by the caller`, undefined, { cause: error });
      });
    }
  }

  /**
   * One HTTP exchange, body included, under the timeout. Redirects are followed here rather than by fetch, so that
   * the token is decided afresh for each hop's origin (a Binary often redirects to a pre-signed storage URL).
   * Network errors come back for the retry loop; timeouts and caller aborts throw.
   */
  private async attempt(spec: RequestSpec, shown: string): Promise<Attempt> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = spec.signal ? AbortSignal.any([timeout, spec.signal]) : timeout;
    let hop: RequestSpec = spec;
    const started = performance.now();
    try {
      for (let redirects = 0; ; redirects++) {
        const response = await this.fetchImpl(hop.url, {
          method: hop.method,
          headers: await this.headersFor(hop),
          body: hop.body,
          signal,
          redirect: 'manual',
        });
        const location = response.headers.get('location');
        if (isRedirect(response.status) && location && redirects < MAX_REDIRECTS) {
          await response.body?.cancel();
          this.log(hop, response.status, started);
          const keepsMethod = response.status === 307 || response.status === 308;
          hop = keepsMethod
            ? { ...hop, url: new URL(location, hop.url) }
            : { ...hop, method: 'GET', body: undefined, url: new URL(location, hop.url) };
          continue;
        }
        const bytes = new Uint8Array(await response.arrayBuffer());
        this.log(hop, response.status, started);
        return { kind: 'response', response: { status: response.status, headers: response.headers, bytes } };
      }
    } catch (error) {
      this.log(hop, 0, started);
      if (spec.signal?.aborted) {
        throw new FhirRequestError(shown, 0, `${spec.method} aborted by the caller`, undefined, { cause: error });
      }
      if (timeout.aborted) {
        throw new FhirRequestError(shown, 0, `${spec.method} timed out after ${this.timeoutMs} ms`, undefined, {
          cause: error,
        });
      }
      return { kind: 'network', error };
    }
  }

  private async headersFor(spec: RequestSpec): Promise<Record<string, string>> {
    const headers: Record<string, string> = { Accept: spec.accept };
    if (spec.body !== undefined) headers['Content-Type'] = FHIR_JSON;
    if (spec.method === 'POST') headers['Prefer'] = 'return=representation';
    const token = await this.tokenFor(spec.url, spec.sendToken);
    if (token) headers['Authorization'] = `Bearer ${token}`;
    return headers;
  }

  /** The bearer token for this URL: only for the FHIR server's own origin, unless `sendToken` overrides. */
  private async tokenFor(url: URL, sendToken: boolean | undefined): Promise<string | undefined> {
    const { accessToken } = this.options;
    if (accessToken === undefined || !(sendToken ?? url.origin === this.origin)) return undefined;
    return typeof accessToken === 'string' ? accessToken : accessToken();
  }

  /** Retry-After (seconds or HTTP date) when the server sent it, else exponential backoff with equal jitter. */
  private retryDelay(attempt: number, headers: Headers | undefined): number {
    const retryAfter = parseRetryAfter(headers?.get('retry-after') ?? null, Date.now());
    const backoff = this.retryBaseMs * 2 ** attempt;
    const delay = retryAfter ?? backoff / 2 + Math.random() * (backoff / 2);
    return Math.min(delay, this.maxRetryDelayMs);
  }

  private log(spec: RequestSpec, status: number, started: number): void {
    const ms = Math.round(performance.now() - started);
    this.options.logger?.debug({ method: spec.method, path: spec.url.pathname, status, ms }, 'FHIR request');
  }
}

/**
 * Retry-After as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Undefined when absent
 * or unreadable; a date in the past gives 0.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 503;
}

function isJsonType(contentType: string): boolean {
  return /^application\/(fhir\+)?json\b/i.test(contentType.trim());
}

/**
 * The URL as shown in errors and logs: origin and path, and the names of query parameters without their values
 * (values can hold identifiers or, in DICOMweb capability URLs, secrets).
 */
export function displayUrl(url: URL): string {
  const names = [...new Set(url.searchParams.keys())];
  return `${url.origin}${url.pathname}${names.length ? `?${names.join('&')}` : ''}`;
}

/** The body as JSON, or undefined when it is not JSON (an HTML error page, an empty body). */
function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** base64 → bytes with web APIs only (atob skips the line breaks FHIR allows), so the gateway also runs in a browser. */
function decodeBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function parseResource(response: RawResponse, url: URL): z.infer<typeof ResourceShape> {
  const parsed = ResourceShape.safeParse(parseJson(response.bytes));
  if (!parsed.success) throw new FhirRequestError(displayUrl(url), response.status, 'response is not a FHIR resource');
  return parsed.data;
}

/** An error response as FhirRequestError, with the OperationOutcome's diagnostics when the server sent one. */
function toRequestError(method: string, shown: string, response: RawResponse): FhirRequestError {
  const body = OutcomeShape.safeParse(parseJson(response.bytes));
  if (!body.success) return new FhirRequestError(shown, response.status, `${method} failed`);
  const diagnostics = outcomeText(body.data as OperationOutcome);
  const message = `${method} failed${diagnostics ? `: ${diagnostics}` : ''}`;
  return new FhirRequestError(shown, response.status, message, body.data as OutcomeLike);
}

function outcomeText(outcome: OperationOutcome): string {
  const texts = (outcome.issue ?? [])
    .map((issue) => issue.diagnostics ?? issue.details?.text ?? issue.details?.coding?.[0]?.display)
    .filter((text): text is string => typeof text === 'string' && text.length > 0);
  const joined = texts.join('; ');
  return joined.length > MAX_DIAGNOSTICS_CHARS ? `${joined.slice(0, MAX_DIAGNOSTICS_CHARS)}…` : joined;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

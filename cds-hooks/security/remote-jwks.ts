/**
 * A JWKS published at a URL (a client's jwksUrl or an allowlisted `jku`), cached with rotation: keys are refetched
 * when the cache is older than `maxAgeMs`, or when a token names a `kid` the cache lacks (the client rotated its
 * key) and the last fetch is older than `cooldownMs`, so that random kids cannot make us hammer the client's server.
 * Written here rather than with jose's createRemoteJWKSet because that one reads Date.now directly, and the clock
 * and fetch must be injectable for tests.
 */
import { createLocalJWKSet, errors, type CryptoKey, type FlattenedJWSInput, type JWSHeaderParameters } from 'jose';
import { z } from 'zod';
import { AppError } from '../../src/shared/errors';

/** The JWKS at a URL could not be fetched or read. */
export class JwksFetchError extends AppError {
  constructor(
    readonly url: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super('jwks-fetch', `JWKS ${url}: ${reason}`, options);
  }
}

/** Options of {@link RemoteJwks}. */
export interface RemoteJwksOptions {
  fetch?: typeof fetch;
  /** ms since the epoch; defaults to Date.now. */
  clock?: () => number;
  /** Keys older than this are refetched before use. Default 10 minutes. */
  maxAgeMs?: number;
  /** Least time between a fetch and a refetch caused by an unknown kid. Default 30 s. */
  cooldownMs?: number;
  /** Per-fetch timeout. Default 5 s (a CDS call should answer in about 500 ms; a slow JWKS host must not hang it). */
  timeoutMs?: number;
}

/** A JWKS document is small; anything bigger than this is not one. */
const MAX_JWKS_BYTES = 256 * 1024;

const jwksShape = z.object({ keys: z.array(z.looseObject({ kty: z.string() })) });

type LocalKeySet = ReturnType<typeof createLocalJWKSet>;

/** A cached, rotating JWKS at one URL; {@link RemoteJwks.resolve} is a jose key resolver. */
export class RemoteJwks {
  private readonly fetchImpl: typeof fetch;
  private readonly clock: () => number;
  private readonly maxAgeMs: number;
  private readonly cooldownMs: number;
  private readonly timeoutMs: number;
  private local: LocalKeySet | undefined;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  /** Start of the last fetch, successful or not: the unknown-kid cooldown counts from here. */
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<void> | undefined;
  /** Number of fetches made (successful or not), for tests and metrics. */
  fetchCount = 0;

  constructor(
    readonly url: string,
    options: RemoteJwksOptions = {},
  ) {
    this.fetchImpl = options.fetch ?? fetch;
    this.clock = options.clock ?? Date.now;
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.timeoutMs = options.timeoutMs ?? 5_000;
  }

  /** Resolves the verification key for a JWS header (by kid and alg); fetches or refetches as described above. */
  readonly resolve = async (header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<CryptoKey> => {
    if (this.local === undefined || this.clock() - this.fetchedAt >= this.maxAgeMs) await this.reload();
    try {
      return await this.keySet()(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || this.clock() - this.attemptedAt < this.cooldownMs)
        throw error;
      await this.reload();
      return this.keySet()(header, token);
    }
  };

  private keySet(): LocalKeySet {
    if (this.local === undefined) throw new JwksFetchError(this.url, 'no keys loaded');
    return this.local;
  }

  /** One fetch at a time: concurrent callers share the pending one. */
  private reload(): Promise<void> {
    this.pending ??= this.fetchKeys().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetchKeys(): Promise<void> {
    this.fetchCount++;
    this.attemptedAt = this.clock();
    let response: Response;
    try {
      response = await this.fetchImpl(this.url, {
        method: 'GET',
        // A redirect could lead to a host nobody allowlisted.
        redirect: 'manual',
        headers: { accept: 'application/jwk-set+json, application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new JwksFetchError(this.url, `request failed (${(error as Error).message})`, { cause: error });
    }
    if (response.status !== 200) throw new JwksFetchError(this.url, `expected HTTP 200, got ${response.status}`);
    const text = await response.text();
    if (text.length > MAX_JWKS_BYTES) throw new JwksFetchError(this.url, `larger than ${MAX_JWKS_BYTES} bytes`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new JwksFetchError(this.url, 'body is not JSON', { cause: error });
    }
    const parsed = jwksShape.safeParse(json);
    if (!parsed.success) throw new JwksFetchError(this.url, 'body is not a JWKS ({"keys": [...]})');
    this.local = createLocalJWKSet(parsed.data);
    this.fetchedAt = this.clock();
  }
}

export function isJwksFetchError(value: unknown): value is JwksFetchError {
  return value instanceof JwksFetchError;
}

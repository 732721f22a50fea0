/**
 * Verification of the bearer JWT a CDS client (the EHR) sends on every call, per
 * https://cds-hooks.hl7.org/2.0/#trusting-cds-clients and the spec's best practices: asymmetric algorithms only,
 * `typ` JWT, `kid` required, `iss` in the allowlist, keys from the client's configured JWKS (or from `jku` on the
 * client's allowlisted hosts), `aud` equal to the endpoint's URL, `exp`/`iat` checked with a lifetime of at most an
 * hour, `tenant` when configured, `jti` never seen before. Transport-agnostic: the express middleware wraps it.
 */
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type ProtectedHeaderParameters,
} from 'jose';
import { ConfigError } from '../../src/shared/errors';
import { CdsAuthError } from './cds-auth-error';
import { RemoteJwks, isJwksFetchError } from './remote-jwks';
import { InMemoryReplayCache, type ReplayCache } from './replay-cache';
import { isAcceptableJwksUrl, type TrustedClient } from './trusted-clients';

/**
 * Accepted JWS algorithms. The spec forbids `none` and symmetric (HMAC) algorithms and recommends ES384 and RS384;
 * the other asymmetric ones are accepted because EHRs use them (Epic signs RS384, others RS256).
 */
export const CDS_JWT_ALGORITHMS = ['ES384', 'RS384', 'ES256', 'ES512', 'RS256', 'RS512', 'PS256', 'PS384', 'PS512'];

/** Options of {@link createCdsClientVerifier}. */
export interface CdsClientVerifierOptions {
  trustedClients: TrustedClient[];
  /** Defaults to an {@link InMemoryReplayCache} on the same clock. */
  replayCache?: ReplayCache;
  /** ms since the epoch; defaults to Date.now. */
  clock?: () => number;
  /** Used for jwksUrl and jku fetches; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Tolerated clock difference with the client, seconds. Default 60. */
  clockSkewSeconds?: number;
  /** Largest accepted exp − iat, seconds. Default 3600 (the spec: "the maximum lifetime of the JWT ... 1 hour"). */
  maxLifetimeSeconds?: number;
}

/** Who called, once the JWT is verified. */
export interface VerifiedCdsClient {
  iss: string;
  jti: string;
  /** exp, seconds since the epoch. */
  expiresAt: number;
  tenant?: string;
  sub?: string;
}

/** Verifies CDS client JWTs; throws {@link CdsAuthError} with the reason on any failure. */
export interface CdsClientVerifier {
  verify(token: string, audience: string): Promise<VerifiedCdsClient>;
}

const ALLOWED_ALGORITHMS = new Set(CDS_JWT_ALGORITHMS);
/** Each allowlisted jku URL gets a cache; bounded so that many distinct URLs on one host cannot grow memory. */
const MAX_JKU_SOURCES = 64;

type ClaimsWithRequired = JWTPayload & { iss: string; jti: string; exp: number; iat: number };

/**
 * Creates a verifier over the trusted clients.
 *
 * @param options - Clients, replay cache, clock and fetch (injectable for tests).
 */
export function createCdsClientVerifier(options: CdsClientVerifierOptions): CdsClientVerifier {
  const clock = options.clock ?? Date.now;
  const skew = options.clockSkewSeconds ?? 60;
  const maxLifetime = options.maxLifetimeSeconds ?? 3600;
  const replayCache = options.replayCache ?? new InMemoryReplayCache({ clock });
  const remoteOptions = { clock, ...(options.fetch ? { fetch: options.fetch } : {}) };
  const configured = new Map<TrustedClient, JWTVerifyGetKey>(
    options.trustedClients.map((client) => [client, configuredKeys(client, remoteOptions)]),
  );
  const jkuSources = new Map<string, RemoteJwks>();

  const jkuKeys = (jku: string): JWTVerifyGetKey => {
    let source = jkuSources.get(jku);
    if (source === undefined) {
      if (jkuSources.size >= MAX_JKU_SOURCES) jkuSources.delete(jkuSources.keys().next().value ?? '');
      source = new RemoteJwks(jku, remoteOptions);
      jkuSources.set(jku, source);
    }
    return source.resolve;
  };

  return {
    async verify(token, audience) {
      const header = checkHeader(token);
      const client = findClient(options.trustedClients, unverifiedClaims(token));
      // A jku equal to the configured jwksUrl is the configured source; any other jku must be on an allowlisted host.
      const getKey =
        header.jku === undefined || header.jku === client.jwksUrl
          ? configured.get(client)
          : jkuKeys(checkJku(header.jku, client));
      if (getKey === undefined) throw new CdsAuthError('unknown-issuer', 'no key source for the client');
      const claims = await verifySignatureAndClaims(token, getKey, {
        iss: client.iss,
        audience,
        now: clock(),
        skew,
      });
      checkTimes(claims, clock() / 1000, skew, maxLifetime);
      if (client.tenant !== undefined && claims.tenant !== client.tenant) throw new CdsAuthError('tenant-not-allowed');
      // Only after the signature is verified: an unsigned token must not be able to burn someone else's jti.
      const fresh = await replayCache.markUsed(`${claims.iss}\n${claims.jti}`, (claims.exp + skew) * 1000);
      if (!fresh) throw new CdsAuthError('replayed-jti');
      return {
        iss: claims.iss,
        jti: claims.jti,
        expiresAt: claims.exp,
        ...(typeof claims.tenant === 'string' ? { tenant: claims.tenant } : {}),
        ...(typeof claims.sub === 'string' ? { sub: claims.sub } : {}),
      };
    },
  };
}

function configuredKeys(client: TrustedClient, remoteOptions: { clock: () => number; fetch?: typeof fetch }) {
  if (client.jwks !== undefined) return createLocalJWKSet(client.jwks);
  if (client.jwksUrl !== undefined) return new RemoteJwks(client.jwksUrl, remoteOptions).resolve;
  throw new ConfigError('CDS_TRUSTED_CLIENTS', `client ${client.iss} has neither jwks nor jwksUrl`);
}

/** Header checks that need no key, done first so that a bad token never triggers a JWKS fetch. */
function checkHeader(token: string): ProtectedHeaderParameters {
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch (error) {
    throw new CdsAuthError('malformed', 'header is not a JWS protected header', { cause: error });
  }
  if (typeof header.alg !== 'string' || !ALLOWED_ALGORITHMS.has(header.alg)) {
    throw new CdsAuthError('alg-not-allowed', `alg ${String(header.alg).slice(0, 20)}`);
  }
  if (typeof header.typ !== 'string' || !['jwt', 'application/jwt'].includes(header.typ.toLowerCase())) {
    throw new CdsAuthError('typ-not-jwt');
  }
  if (typeof header.kid !== 'string' || header.kid === '') throw new CdsAuthError('kid-missing');
  return header;
}

function unverifiedClaims(token: string): JWTPayload {
  try {
    return decodeJwt(token);
  } catch (error) {
    throw new CdsAuthError('malformed', 'payload is not a JWT claims set', { cause: error });
  }
}

/**
 * The trusted client for the token's iss. Several entries may share an issuer with different tenants; the one
 * naming the token's tenant wins, else the one without a tenant.
 */
function findClient(clients: TrustedClient[], claims: JWTPayload): TrustedClient {
  const candidates = clients.filter((client) => client.iss === claims.iss);
  if (candidates.length === 0) throw new CdsAuthError('unknown-issuer');
  const tenant = (claims as { tenant?: unknown }).tenant;
  const chosen =
    candidates.find((client) => client.tenant !== undefined && client.tenant === tenant) ??
    candidates.find((client) => client.tenant === undefined);
  if (chosen === undefined) throw new CdsAuthError('tenant-not-allowed');
  return chosen;
}

/** A jku is followed only on the client's allowlisted hosts, over https (http only on loopback). */
function checkJku(jku: string, client: TrustedClient): string {
  let url: URL;
  try {
    url = new URL(jku);
  } catch (error) {
    throw new CdsAuthError('jku-not-allowed', 'not a URL', { cause: error });
  }
  const hosts = client.jkuHosts ?? [];
  if (!isAcceptableJwksUrl(url) || !hosts.includes(url.hostname.toLowerCase())) {
    throw new CdsAuthError('jku-not-allowed', `host ${url.hostname.slice(0, 100)}`);
  }
  return url.href;
}

async function verifySignatureAndClaims(
  token: string,
  getKey: JWTVerifyGetKey,
  expected: { iss: string; audience: string; now: number; skew: number },
): Promise<ClaimsWithRequired> {
  try {
    const { payload } = await jwtVerify(token, getKey, {
      algorithms: CDS_JWT_ALGORITHMS,
      issuer: expected.iss,
      audience: expected.audience,
      typ: 'JWT',
      requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
      currentDate: new Date(expected.now),
      clockTolerance: expected.skew,
    });
    if (typeof payload.jti !== 'string' || payload.jti === '') throw new CdsAuthError('claim-invalid', 'jti');
    if (typeof payload.exp !== 'number' || typeof payload.iat !== 'number') {
      throw new CdsAuthError('claim-invalid', 'exp/iat');
    }
    return payload as ClaimsWithRequired;
  } catch (error) {
    throw toAuthError(error);
  }
}

function checkTimes(claims: ClaimsWithRequired, nowSeconds: number, skew: number, maxLifetime: number): void {
  if (claims.iat > nowSeconds + skew) throw new CdsAuthError('iat-in-future');
  if (claims.exp - claims.iat > maxLifetime)
    throw new CdsAuthError('lifetime-too-long', `${claims.exp - claims.iat} s`);
}

/** Maps jose's and our fetch errors to refusal reasons; anything else is a bug and propagates as is. */
function toAuthError(error: unknown): unknown {
  if (error instanceof CdsAuthError) return error;
  if (isJwksFetchError(error)) return new CdsAuthError('jwks-unavailable', error.message, { cause: error });
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new CdsAuthError('unknown-kid', error.code, { cause: error });
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return new CdsAuthError('bad-signature');
  if (error instanceof errors.JWTExpired) return new CdsAuthError('expired', error.claim, { cause: error });
  if (error instanceof errors.JWTClaimValidationFailed) {
    const reason = error.claim === 'aud' ? 'wrong-audience' : error.claim === 'nbf' ? 'not-yet-valid' : 'claim-invalid';
    return new CdsAuthError(reason, error.claim, { cause: error });
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return new CdsAuthError('alg-not-allowed', error.code);
  if (error instanceof errors.JOSEError) return new CdsAuthError('malformed', error.code, { cause: error });
  return error;
}

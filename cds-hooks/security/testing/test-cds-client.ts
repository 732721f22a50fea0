/**
 * A fake CDS client (EHR) for tests: a fresh key pair, its public JWKS, and a signer producing the bearer JWTs the
 * spec describes (header alg/kid/typ; claims iss, aud, exp, iat, jti). Overrides let tests forge bad tokens.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTHeaderParameters } from 'jose';
import type { PublicJwks, TrustedClient } from '../trusted-clients';

/** Options of {@link createTestCdsClient}. */
export interface TestCdsClientOptions {
  /** The spec's recommended algorithms. Default ES384. */
  alg?: 'ES384' | 'RS384';
  /** Default `https://ehr.test/<random>`. */
  iss?: string;
  /** Default a random uuid. */
  kid?: string;
  /** ms since the epoch, for iat/exp; defaults to Date.now. */
  clock?: () => number;
}

/** Claim and header overrides; a value of `undefined` removes the claim or header parameter. */
export interface TestTokenOverrides {
  claims?: Record<string, unknown>;
  header?: Partial<JWTHeaderParameters> & Record<string, unknown>;
}

/** A test CDS client. */
export interface TestCdsClient {
  iss: string;
  kid: string;
  alg: 'ES384' | 'RS384';
  /** The public key set the service should trust. */
  jwks: PublicJwks;
  /** `{ iss, jwks }`, ready for createCdsClientAuth's trustedClients. */
  trustedClient: TrustedClient;
  publicKey: CryptoKey;
  /**
   * Signs a bearer JWT for the endpoint URL `aud`: iat now, exp now + 5 min, a fresh jti, unless overridden.
   */
  sign(aud: string | string[], overrides?: TestTokenOverrides): Promise<string>;
}

/**
 * Generates a key pair and returns a client that signs CDS Hooks JWTs with it.
 *
 * @param options - Algorithm, issuer, kid and clock.
 */
export async function createTestCdsClient(options: TestCdsClientOptions = {}): Promise<TestCdsClient> {
  const alg = options.alg ?? 'ES384';
  const iss = options.iss ?? `https://ehr.test/${randomUUID()}`;
  const kid = options.kid ?? randomUUID();
  const clock = options.clock ?? Date.now;
  const { publicKey, privateKey } = await generateKeyPair(alg);
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  const jwks: PublicJwks = { keys: [jwk as PublicJwks['keys'][number]] };

  return {
    iss,
    kid,
    alg,
    jwks,
    trustedClient: { iss, jwks },
    publicKey,
    async sign(aud, overrides = {}) {
      const iat = Math.floor(clock() / 1000);
      const claims = withoutUndefined({ iss, aud, iat, exp: iat + 300, jti: randomUUID(), ...overrides.claims });
      const header = withoutUndefined({ alg, typ: 'JWT', kid, ...overrides.header });
      return new SignJWT(claims).setProtectedHeader(header as JWTHeaderParameters).sign(privateKey);
    },
  };
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

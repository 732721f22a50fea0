/**
 * The development CDS client of the embedded sandbox: an ES384 key pair made at start, trusted (inline JWKS) for
 * `iss` = PUBLIC_BASE_URL, so that the sandbox's EHR page can sign hook calls the way a real EHR does
 * (https://cds-hooks.hl7.org/2.0/#trusting-cds-clients) with CDS_AUTH=jwt. The private key lives only in this
 * process and is never logged or written out.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { TrustedClient } from '../security/trusted-clients';

export interface DevelopmentCdsClient {
  /** The entry to add to the trusted clients. */
  trustedClient: TrustedClient;
  /** Key id in the JWT header and the JWKS. */
  kid: string;
  /**
   * A signed bearer JWT for one call.
   * @param aud - the exact URL being called, e.g. `http://localhost:8080/cds-services/medtvt-comorbidity`
   */
  sign(aud: string): Promise<string>;
}

const ALG = 'ES384';
/** Lifetime of a signed JWT, seconds: one call, with room for clock skew. */
const JWT_LIFETIME_S = 300;

/**
 * @param issuer - the JWT `iss` (PUBLIC_BASE_URL)
 */
export async function createDevelopmentCdsClient(issuer: string): Promise<DevelopmentCdsClient> {
  const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: false });
  const kid = `sandbox-${randomUUID()}`;
  const jwk = await exportJWK(publicKey);
  return {
    kid,
    trustedClient: { iss: issuer, jwks: { keys: [{ ...jwk, kty: jwk.kty ?? 'EC', kid, alg: ALG, use: 'sig' }] } },
    sign: (aud) => signJwt(privateKey, kid, issuer, aud),
  };
}

function signJwt(privateKey: CryptoKey, kid: string, issuer: string, aud: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: ALG, kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience(aud)
    .setIssuedAt()
    .setExpirationTime(`${JWT_LIFETIME_S}s`)
    .setJti(randomUUID())
    .sign(privateKey);
}

/**
 * Trusted CDS clients (the EHRs allowed to call this service), parsed from CDS_TRUSTED_CLIENTS. Each client is an
 * issuer with the keys its JWTs are signed with: a JWKS URL or an inline JWKS exchanged out of band, plus the hosts
 * whose `jku` header we follow. See https://cds-hooks.hl7.org/2.0/#trusting-cds-clients.
 */
import { z } from 'zod';
import { ConfigError } from '../../src/shared/errors';

const CONFIG_KEY = 'CDS_TRUSTED_CLIENTS';

/** A public JSON Web Key as configured; key material is checked by jose when the key is used. */
export type PublicJwk = { kty: string; kid?: string; alg?: string; use?: string } & Record<string, unknown>;

/** A JSON Web Key Set holding public signature keys only. */
export interface PublicJwks {
  keys: PublicJwk[];
}

/** One EHR (or other CDS client) whose bearer JWTs this service accepts. */
export interface TrustedClient {
  /** The JWT `iss` the client sends, compared exactly. */
  iss: string;
  /** Where the client publishes its JWKS (https; http only for localhost). Exactly one of jwksUrl / jwks. */
  jwksUrl?: string;
  /** The client's JWKS given inline. Exactly one of jwksUrl / jwks. */
  jwks?: PublicJwks;
  /** Host names (no scheme, no port) whose `jku` JWKS URLs are followed; any other `jku` is refused. */
  jkuHosts?: string[];
  /** When set, the JWT's `tenant` claim must equal it. */
  tenant?: string;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a JWKS may be fetched from this URL: https anywhere, plain http only on the loopback interface (keys
 * fetched over plain http elsewhere could be swapped in transit).
 */
export function isAcceptableJwksUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
}

const jwkSchema = z
  .looseObject({
    kty: z.string().min(1),
    kid: z.string().optional(),
    alg: z.string().optional(),
    use: z.string().optional(),
  })
  // Symmetric keys would allow HMAC tokens, and a private part does not belong in our configuration.
  .refine((jwk) => jwk.kty !== 'oct', { message: 'symmetric (oct) keys are not accepted' })
  .refine((jwk) => !('d' in jwk), { message: 'contains private key material ("d"); configure the public key only' });

const jwksSchema = z.object({ keys: z.array(jwkSchema).min(1, 'needs at least one key') });

const hostSchema = z
  .string()
  .regex(/^[a-z0-9.-]+$/i, 'must be a bare host name such as ehr.example.org (no scheme, port or path)')
  .transform((host) => host.toLowerCase());

const entrySchema = z
  .strictObject({
    iss: z.string().min(1),
    jwksUrl: z
      .url()
      .refine((value) => isAcceptableJwksUrl(new URL(value)), { message: 'must be https (http only for localhost)' })
      .optional(),
    jwks: jwksSchema.optional(),
    jkuHosts: z.array(hostSchema).optional(),
    tenant: z.string().min(1).optional(),
  })
  .refine((entry) => (entry.jwksUrl === undefined) !== (entry.jwks === undefined), {
    message: 'needs exactly one of "jwksUrl" or "jwks"',
  });

/**
 * Parses and validates CDS_TRUSTED_CLIENTS (a JSON array of {@link TrustedClient}).
 *
 * @param json - The variable's value.
 * @returns The clients, host names lower-cased.
 * @throws ConfigError naming CDS_TRUSTED_CLIENTS, the entry index and the field at fault.
 */
export function parseTrustedClients(json: string): TrustedClient[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new ConfigError(CONFIG_KEY, `is not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(raw)) {
    throw new ConfigError(CONFIG_KEY, 'must be a JSON array of {"iss", "jwksUrl" | "jwks"} objects');
  }
  const clients = raw.map((entry: unknown, index) => {
    const result = entrySchema.safeParse(entry);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue && issue.path.length > 0 ? `.${issue.path.join('.')}` : '';
      throw new ConfigError(CONFIG_KEY, `entry ${index}${field}: ${issue?.message ?? 'invalid'}`);
    }
    return result.data as TrustedClient;
  });
  rejectDuplicates(clients);
  return clients;
}

/** Two entries for the same issuer are allowed only when they name different tenants. */
function rejectDuplicates(clients: TrustedClient[]): void {
  const seen = new Map<string, number>();
  clients.forEach((client, index) => {
    const key = `${client.iss}\u0000${client.tenant ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new ConfigError(CONFIG_KEY, `entry ${index}: repeats the issuer and tenant of entry ${first}`);
    }
    seen.set(key, index);
  });
}

/**
 * Which FHIR server an assessment API call reads from, and with which token. The API grants nothing the caller's
 * token does not: it reads with that token, and reads without one only from the configured default server when that
 * server is the open embedded sandbox. A `fhirServer` must be on the allowlist (or be the default server), so that a
 * caller cannot make this server send requests, and their token, to a host of the caller's choosing.
 */
import type { FhirGateway } from '../../src/fhir/fhir-gateway';
import { ApiError } from './api-error';

export interface FhirAccessDeps {
  /** The configured FHIR server (FHIR_BASE_URL, or the embedded sandbox). */
  defaultGateway: FhirGateway;
  /** Whether the default server is the open embedded sandbox, which may be read without a token. */
  defaultGatewayIsOpen: boolean;
  /** A gateway to a FHIR base URL that sends the given bearer token. */
  gatewayFactory: (fhirServer: string, accessToken: string | undefined) => FhirGateway;
  /** FHIR base URLs a caller may name (CDS_FHIR_ALLOWLIST, as the hook uses it). */
  allowlist: { allows(fhirServer: string): boolean };
}

/**
 * The caller's bearer token from an `Authorization` header (RFC 6750 §2.1), undefined when there is none.
 *
 * @throws ApiError 401 when the header is there but is not `Bearer <token>`
 */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  if (!match?.[1]) throw new ApiError(401, 'Authorization must be "Bearer <token>"');
  return match[1];
}

/**
 * The gateway to read with.
 *
 * @param deps - the default server, the factory and the allowlist
 * @param fhirServer - the base URL the caller named, if any
 * @param token - the caller's bearer token, if any
 * @throws ApiError 403 for a fhirServer that is not allowed; 401 when a token is needed and there is none
 */
export function resolveFhirAccess(
  deps: FhirAccessDeps,
  fhirServer: string | undefined,
  token: string | undefined,
): FhirGateway {
  const defaultBase = deps.defaultGateway.baseUrl;
  const server = fhirServer?.replace(/\/+$/, '');
  if (server !== undefined && server !== defaultBase) {
    if (!deps.allowlist.allows(server)) {
      throw new ApiError(403, `fhirServer ${safeOrigin(server)} is not on this server's FHIR allowlist`);
    }
    if (token === undefined) throw new ApiError(401, 'a bearer token for fhirServer is required');
    return deps.gatewayFactory(server, token);
  }
  if (token !== undefined) return deps.gatewayFactory(defaultBase, token);
  if (deps.defaultGatewayIsOpen) return deps.defaultGateway;
  throw new ApiError(401, 'a bearer token for the FHIR server is required');
}

/** The origin of a URL for an error message (its path and query may carry more than the caller meant to show). */
function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch (error) {
    if (error instanceof TypeError) return '(not a URL)';
    throw error;
  }
}

import { InMemoryFhirGateway } from '../../src/fhir/testing/in-memory-fhir-gateway';
import { FhirRequestError } from '../../src/shared/index';
import { ApiError } from './api-error';
import { bearerToken, resolveFhirAccess, type FhirAccessDeps } from './resolve-fhir-access';
import { fhirErrorToApiError } from './to-api-error';

const SANDBOX = 'http://localhost:8080/fhir';
const EHR = 'https://ehr.example.org/fhir';

/** Deps whose factory records what it was asked for. */
function depsWith(open: boolean) {
  const made: { server: string; token: string | undefined }[] = [];
  const deps: FhirAccessDeps = {
    defaultGateway: new InMemoryFhirGateway([], { baseUrl: SANDBOX }),
    defaultGatewayIsOpen: open,
    gatewayFactory: (server, token) => {
      made.push({ server, token });
      return new InMemoryFhirGateway([], { baseUrl: server });
    },
    allowlist: { allows: (server) => server === EHR || server.startsWith(`${EHR}/`) },
  };
  return { deps, made };
}

function statusOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
  return undefined;
}

describe('bearerToken', () => {
  it('reads the token of a Bearer header, whatever the case of the scheme', () => {
    expect(bearerToken('Bearer abc.DEF-123_~+/=')).toBe('abc.DEF-123_~+/=');
    expect(bearerToken('bearer xyz')).toBe('xyz');
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it('answers 401 for another scheme or an empty token', () => {
    expect(statusOf(() => bearerToken('Basic dXNlcjpwYXNz'))).toBe(401);
    expect(statusOf(() => bearerToken('Bearer '))).toBe(401);
  });
});

describe('resolveFhirAccess', () => {
  it('reads the open sandbox without a token', () => {
    const { deps, made } = depsWith(true);

    const gateway = resolveFhirAccess(deps, undefined, undefined);

    expect(gateway).toBe(deps.defaultGateway);
    expect(made).toEqual([]);
  });

  it('needs a token for a default server that is not the open sandbox', () => {
    const { deps } = depsWith(false);

    expect(statusOf(() => resolveFhirAccess(deps, undefined, undefined))).toBe(401);
  });

  it("passes the caller's token to the default server", () => {
    const { deps, made } = depsWith(false);

    resolveFhirAccess(deps, undefined, 'tok');

    expect(made).toEqual([{ server: SANDBOX, token: 'tok' }]);
  });

  it("passes the caller's token to an allowed fhirServer, and needs one", () => {
    const { deps, made } = depsWith(true);

    const gateway = resolveFhirAccess(deps, `${EHR}/R4/`, 'tok');

    expect(gateway.baseUrl).toBe(`${EHR}/R4`);
    expect(made).toEqual([{ server: `${EHR}/R4`, token: 'tok' }]);
    expect(statusOf(() => resolveFhirAccess(deps, EHR, undefined))).toBe(401);
  });

  it('refuses a fhirServer off the allowlist with 403 and never builds a gateway for it', () => {
    const { deps, made } = depsWith(true);

    expect(statusOf(() => resolveFhirAccess(deps, 'https://ehr.example.org.evil.com/fhir', 'tok'))).toBe(403);
    expect(made).toEqual([]);
  });

  it('treats a fhirServer equal to the default server as the default server', () => {
    const { deps } = depsWith(true);

    expect(resolveFhirAccess(deps, `${SANDBOX}/`, undefined)).toBe(deps.defaultGateway);
  });
});

describe('fhirErrorToApiError', () => {
  it.each([
    [401, 401],
    [403, 403],
    [404, 404],
    [410, 404],
    [0, 504],
    [500, 502],
    [429, 502],
  ])('maps a FHIR %i to %i', (fhirStatus, apiStatus) => {
    const error = new FhirRequestError(`${EHR}/Patient/p-1`, fhirStatus, 'GET failed: secret diagnostics');

    const mapped = fhirErrorToApiError(error, 'Patient/p-1');

    expect(mapped?.status).toBe(apiStatus);
    expect(mapped?.message).not.toContain('secret diagnostics');
  });

  it('names the resource that was not found', () => {
    const mapped = fhirErrorToApiError(new FhirRequestError(`${EHR}/Patient/p-1`, 404, 'GET failed'), 'Patient/p-1');

    expect(mapped?.message).toBe(`Patient/p-1 was not found on the FHIR server (HTTP 404 from ${EHR}/Patient/p-1)`);
  });

  it('leaves other errors alone', () => {
    expect(fhirErrorToApiError(new Error('boom'), 'Patient/p-1')).toBeUndefined();
  });
});

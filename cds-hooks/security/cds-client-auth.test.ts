import express from 'express';
import { SignJWT, base64url, exportJWK, exportSPKI } from 'jose';
import request from 'supertest';
import { createAudienceResolver } from './audience';
import { createCdsClientAuth, getCdsClient } from './cds-client-auth';
import type { ReplayCache } from './replay-cache';
import { captureLogger } from './testing/capture-logger';
import { createTestCdsClient, type TestCdsClient } from './testing/test-cds-client';
import type { TrustedClient } from './trusted-clients';

// Expected outcomes come from the CDS Hooks 2.0 "Trusting CDS Clients" section and its best practices
// (fhir-facts.md §4): every failed check is a bare 401; the reason codes asserted in the log are ours.

const BASE = 'https://cds.test';
const SERVICE_URL = `${BASE}/cds-services/comorbidity`;
const DISCOVERY_URL = `${BASE}/cds-services`;
/** A fixed instant, 2026-01-15T12:00:00Z, shared by the signer and the verifier. */
const NOW_MS = Date.UTC(2026, 0, 15, 12, 0, 0);
const NOW_S = NOW_MS / 1000;

/** A fetch double that records the URLs asked for and serves a JWKS per URL, or 404. */
function fakeFetch(documents: Record<string, unknown> = {}) {
  const calls: string[] = [];
  const fetchImpl = async (input: string | URL | Request): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    calls.push(url);
    const body = documents[url];
    return body === undefined ? new Response('not found', { status: 404 }) : Response.json(body);
  };
  return { fetch: fetchImpl as typeof fetch, calls, documents };
}

function buildApp(
  trustedClients: TrustedClient[],
  options: { fetch?: typeof fetch; clock?: () => number; replayCache?: ReplayCache; mode?: 'jwt' | 'none' } = {},
) {
  const captured = captureLogger();
  const doubles = fakeFetch();
  const app = express();
  app.use(
    '/cds-services',
    createCdsClientAuth({
      trustedClients,
      audienceFor: createAudienceResolver(BASE),
      mode: options.mode ?? 'jwt',
      logger: captured.logger,
      fetch: options.fetch ?? doubles.fetch,
      clock: options.clock ?? (() => NOW_MS),
      ...(options.replayCache ? { replayCache: options.replayCache } : {}),
    }),
  );
  app.get('/cds-services', (_req, res) => {
    res.json({ services: [] });
  });
  app.post('/cds-services/:id', (_req, res) => {
    res.json({ cards: [], caller: getCdsClient(res)?.iss ?? null });
  });
  const reasons = () =>
    captured.records().flatMap((record) => (typeof record.reason === 'string' ? [record.reason] : []));
  return { app, captured, fetchCalls: doubles.calls, reasons };
}

const clock = () => NOW_MS;

async function callService(app: express.Express, token: string | undefined, path = '/cds-services/comorbidity') {
  const req = request(app).post(path).send({});
  return token === undefined ? req : req.set('Authorization', `Bearer ${token}`);
}

/** A compact JWS with the given header and claims and a junk signature segment. */
function unsignedToken(header: Record<string, unknown>, claims: Record<string, unknown>, signature = 'c2ln'): string {
  const encode = (value: unknown) => base64url.encode(JSON.stringify(value));
  return `${encode(header)}.${encode(claims)}.${signature}`;
}

describe('createCdsClientAuth', () => {
  let es384: TestCdsClient;
  let rs384: TestCdsClient;

  beforeAll(async () => {
    es384 = await createTestCdsClient({ alg: 'ES384', iss: 'https://ehr.test/es', clock });
    rs384 = await createTestCdsClient({ alg: 'RS384', iss: 'https://ehr.test/rs', clock });
  });

  it('accepts an ES384 token for the called service and exposes the caller to handlers', async () => {
    const { app } = buildApp([es384.trustedClient]);

    const response = await callService(app, await es384.sign(SERVICE_URL));

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ cards: [], caller: 'https://ehr.test/es' });
  });

  it('accepts an RS384 token', async () => {
    const { app } = buildApp([rs384.trustedClient]);

    const response = await callService(app, await rs384.sign(SERVICE_URL));

    expect(response.status).toBe(200);
  });

  it('accepts an aud array containing the service URL and ignores the query string', async () => {
    const { app } = buildApp([es384.trustedClient]);

    const token = await es384.sign(['https://other.test/x', SERVICE_URL]);
    const response = await callService(app, token, '/cds-services/comorbidity?trace=1');

    expect(response.status).toBe(200);
  });

  it('requires a token on discovery too, with aud equal to the discovery URL', async () => {
    const { app, reasons } = buildApp([es384.trustedClient]);

    const without = await request(app).get('/cds-services');
    const withServiceAud = await request(app)
      .get('/cds-services')
      .set('Authorization', `Bearer ${await es384.sign(SERVICE_URL)}`);
    const withDiscoveryAud = await request(app)
      .get('/cds-services')
      .set('Authorization', `Bearer ${await es384.sign(DISCOVERY_URL)}`);

    expect([without.status, withServiceAud.status, withDiscoveryAud.status]).toEqual([401, 401, 200]);
    expect(reasons()).toEqual(['missing-bearer', 'wrong-audience']);
  });

  it('answers a bare 401 when the Authorization header is missing', async () => {
    const { app, reasons } = buildApp([es384.trustedClient]);

    const response = await callService(app, undefined);

    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: 'unauthorized' });
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(reasons()).toEqual(['missing-bearer']);
  });

  it('refuses malformed tokens and non-Bearer schemes', async () => {
    const { app, reasons } = buildApp([es384.trustedClient]);

    const notJws = await callService(app, 'not-a-jwt');
    const badHeader = await callService(app, 'eyJub3QganNvbg.e30.c2ln');
    const basic = await request(app).post('/cds-services/comorbidity').set('Authorization', 'Basic dXNlcjpwYXNz');

    expect([notJws.status, badHeader.status, basic.status]).toEqual([401, 401, 401]);
    expect(reasons()).toEqual(['malformed', 'malformed', 'missing-bearer']);
  });

  it('refuses an issuer that is not in the allowlist', async () => {
    const { app, reasons } = buildApp([rs384.trustedClient]);

    const response = await callService(app, await es384.sign(SERVICE_URL));

    expect(response.status).toBe(401);
    expect(reasons()).toEqual(['unknown-issuer']);
  });

  it('refuses a token addressed to another service', async () => {
    const { app, reasons } = buildApp([es384.trustedClient]);

    const response = await callService(app, await es384.sign(`${BASE}/cds-services/other-service`));

    expect(response.status).toBe(401);
    expect(reasons()).toEqual(['wrong-audience']);
  });

  it('refuses an expired token (exp two minutes ago, beyond the 60 s skew)', async () => {
    const { app, reasons } = buildApp([es384.trustedClient]);

    const token = await es384.sign(SERVICE_URL, { claims: { iat: NOW_S - 420, exp: NOW_S - 120 } });
    const response = await callService(app, token);

    expect(response.status).toBe(401);
    expect(reasons()).toEqual(['expired']);
  });

  it('refuses a token issued five minutes in the future', async () => {
    const { app, reasons } = buildApp([es384.trustedClient]);

    const token = await es384.sign(SERVICE_URL, { claims: { iat: NOW_S + 300, exp: NOW_S + 600 } });
    const response = await callService(app, token);

    expect(response.status).toBe(401);
    expect(reasons()).toEqual(['iat-in-future']);
  });

  it('refuses a lifetime over one hour and accepts exactly one hour', async () => {
    const { app, reasons } = buildApp([es384.trustedClient]);

    const tooLong = await es384.sign(SERVICE_URL, { claims: { iat: NOW_S, exp: NOW_S + 3601 } });
    const oneHour = await es384.sign(SERVICE_URL, { claims: { iat: NOW_S, exp: NOW_S + 3600 } });

    expect((await callService(app, tooLong)).status).toBe(401);
    expect((await callService(app, oneHour)).status).toBe(200);
    expect(reasons()).toEqual(['lifetime-too-long']);
  });

  it('refuses alg none', async () => {
    const { app, reasons } = buildApp([es384.trustedClient]);
    const claims = { iss: es384.iss, aud: SERVICE_URL, iat: NOW_S, exp: NOW_S + 300, jti: 'none-1' };

    const token = unsignedToken({ alg: 'none', typ: 'JWT', kid: es384.kid }, claims);
    const response = await callService(app, token);

    expect(response.status).toBe(401);
    expect(reasons()).toEqual(['alg-not-allowed']);
  });

  it('refuses HS256 tokens whose HMAC secret is the client public key (key confusion)', async () => {
    const { app, reasons } = buildApp([rs384.trustedClient]);
    const claims = { iss: rs384.iss, aud: SERVICE_URL, iat: NOW_S, exp: NOW_S + 300, jti: 'hs-1' };
    const pem = new TextEncoder().encode(await exportSPKI(rs384.publicKey));
    const jwkJson = new TextEncoder().encode(JSON.stringify(await exportJWK(rs384.publicKey)));

    const withPem = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: rs384.kid })
      .sign(pem);
    const withJwk = await new SignJWT({ ...claims, jti: 'hs-2' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: rs384.kid })
      .sign(jwkJson);

    expect((await callService(app, withPem)).status).toBe(401);
    expect((await callService(app, withJwk)).status).toBe(401);
    expect(reasons()).toEqual(['alg-not-allowed', 'alg-not-allowed']);
  });

  it('refuses a token signed by another key under the trusted issuer and kid', async () => {
    const impostor = await createTestCdsClient({ alg: 'ES384', iss: es384.iss, kid: es384.kid, clock });
    const { app, reasons } = buildApp([es384.trustedClient]);

    const response = await callService(app, await impostor.sign(SERVICE_URL));

    expect(response.status).toBe(401);
    expect(reasons()).toEqual(['bad-signature']);
  });

  it('refuses an unknown kid and a missing kid', async () => {
    const { app, reasons } = buildApp([es384.trustedClient]);

    const unknownKid = await es384.sign(SERVICE_URL, { header: { kid: 'not-published' } });
    const noKid = await es384.sign(SERVICE_URL, { header: { kid: undefined } });

    expect((await callService(app, unknownKid)).status).toBe(401);
    expect((await callService(app, noKid)).status).toBe(401);
    expect(reasons()).toEqual(['unknown-kid', 'kid-missing']);
  });

  it('refuses a typ other than JWT and a missing jti', async () => {
    const { app, reasons } = buildApp([es384.trustedClient]);

    const wrongTyp = await es384.sign(SERVICE_URL, { header: { typ: 'at+jwt' } });
    const noJti = await es384.sign(SERVICE_URL, { claims: { jti: undefined } });

    expect((await callService(app, wrongTyp)).status).toBe(401);
    expect((await callService(app, noJti)).status).toBe(401);
    expect(reasons()).toEqual(['typ-not-jwt', 'claim-invalid']);
  });

  it('refuses the second use of a jti', async () => {
    const { app, reasons } = buildApp([es384.trustedClient]);
    const token = await es384.sign(SERVICE_URL);

    const first = await callService(app, token);
    const second = await callService(app, token);

    expect([first.status, second.status]).toEqual([200, 401]);
    expect(reasons()).toEqual(['replayed-jti']);
  });

  it('does not let a badly signed token burn the jti of a good one', async () => {
    const impostor = await createTestCdsClient({ alg: 'ES384', iss: es384.iss, kid: es384.kid, clock });
    const { app } = buildApp([es384.trustedClient]);

    const forged = await callService(app, await impostor.sign(SERVICE_URL, { claims: { jti: 'shared-jti' } }));
    const genuine = await callService(app, await es384.sign(SERVICE_URL, { claims: { jti: 'shared-jti' } }));

    expect([forged.status, genuine.status]).toEqual([401, 200]);
  });

  it('checks the tenant when the trusted client names one', async () => {
    const { app, reasons } = buildApp([{ ...es384.trustedClient, tenant: 'org-1' }]);

    const noTenant = await es384.sign(SERVICE_URL);
    const otherTenant = await es384.sign(SERVICE_URL, { claims: { tenant: 'org-2' } });
    const rightTenant = await es384.sign(SERVICE_URL, { claims: { tenant: 'org-1' } });

    expect((await callService(app, noTenant)).status).toBe(401);
    expect((await callService(app, otherTenant)).status).toBe(401);
    expect((await callService(app, rightTenant)).status).toBe(200);
    expect(reasons()).toEqual(['tenant-not-allowed', 'tenant-not-allowed']);
  });

  it('refuses a jku on a host outside the client allowlist without fetching it', async () => {
    const client: TrustedClient = { ...es384.trustedClient, jkuHosts: ['keys.ehr.test'] };
    const { app, reasons, fetchCalls } = buildApp([client]);

    const otherHost = await es384.sign(SERVICE_URL, { header: { jku: 'https://evil.test/jwks.json' } });
    const plainHttp = await es384.sign(SERVICE_URL, { header: { jku: 'http://keys.ehr.test/jwks.json' } });
    const lookalike = await es384.sign(SERVICE_URL, { header: { jku: 'https://keys.ehr.test.evil.test/jwks.json' } });

    expect((await callService(app, otherHost)).status).toBe(401);
    expect((await callService(app, plainHttp)).status).toBe(401);
    expect((await callService(app, lookalike)).status).toBe(401);
    expect(reasons()).toEqual(['jku-not-allowed', 'jku-not-allowed', 'jku-not-allowed']);
    expect(fetchCalls).toEqual([]);
  });

  it('fetches keys from jwksUrl, caches them, and refetches once when a rotated kid appears', async () => {
    let now = NOW_MS;
    const tick = () => now;
    const jwksUrl = 'https://keys.ehr.test/jwks.json';
    const oldKey = await createTestCdsClient({ alg: 'RS384', iss: 'https://ehr.test/rot', kid: 'k-2025', clock: tick });
    const newKey = await createTestCdsClient({ alg: 'RS384', iss: 'https://ehr.test/rot', kid: 'k-2026', clock: tick });
    const doubles = fakeFetch({ [jwksUrl]: oldKey.jwks });
    const { app, reasons } = buildApp([{ iss: oldKey.iss, jwksUrl }], { fetch: doubles.fetch, clock: tick });

    const first = await callService(app, await oldKey.sign(SERVICE_URL));
    const second = await callService(app, await oldKey.sign(SERVICE_URL));
    doubles.documents[jwksUrl] = { keys: [...oldKey.jwks.keys, ...newKey.jwks.keys] };
    now += 31_000;
    const rotated = await callService(app, await newKey.sign(SERVICE_URL));
    const randomKid = await callService(app, await newKey.sign(SERVICE_URL, { header: { kid: 'k-random' } }));

    expect([first.status, second.status, rotated.status, randomKid.status]).toEqual([200, 200, 200, 401]);
    // One fetch at first use, one for the rotated kid; the random kid falls inside the 30 s cooldown.
    expect(doubles.calls).toEqual([jwksUrl, jwksUrl]);
    expect(reasons()).toEqual(['unknown-kid']);
  });

  it('answers 401 when the jwksUrl cannot be fetched', async () => {
    const { app, reasons } = buildApp([{ iss: es384.iss, jwksUrl: 'https://keys.ehr.test/missing.json' }]);

    const response = await callService(app, await es384.sign(SERVICE_URL));

    expect(response.status).toBe(401);
    expect(reasons()).toEqual(['jwks-unavailable']);
  });

  it('never writes the token, or its signature, to the log', async () => {
    const impostor = await createTestCdsClient({ alg: 'ES384', iss: es384.iss, kid: es384.kid, clock });
    const { app, captured } = buildApp([es384.trustedClient]);
    const good = await es384.sign(SERVICE_URL);
    const tokens = [
      good,
      good,
      await impostor.sign(SERVICE_URL),
      await es384.sign(SERVICE_URL, { claims: { exp: NOW_S - 3600, iat: NOW_S - 3700 } }),
      await es384.sign('https://cds.test/elsewhere'),
    ];

    for (const token of tokens) await callService(app, token);

    expect(captured.lines.length).toBe(4);
    for (const token of tokens) {
      const signature = token.split('.')[2] ?? '';
      for (const line of captured.lines) {
        expect(line).not.toContain(token);
        expect(line).not.toContain(signature);
      }
    }
  });

  it('with mode none lets calls through and warns once at start', async () => {
    const { app, captured } = buildApp([], { mode: 'none' });

    const first = await callService(app, undefined);
    const second = await request(app).get('/cds-services');

    expect([first.status, second.status]).toEqual([200, 200]);
    expect(captured.records().map((record) => record.level)).toEqual([40]);
  });

  it('uses the injected replay cache', async () => {
    const keys: string[] = [];
    const replayCache: ReplayCache = {
      markUsed: async (key) => {
        keys.push(key);
        return false;
      },
    };
    const { app, reasons } = buildApp([es384.trustedClient], { replayCache });

    const response = await callService(app, await es384.sign(SERVICE_URL, { claims: { jti: 'j-1' } }));

    expect(response.status).toBe(401);
    expect(keys).toEqual([`${es384.iss}\nj-1`]);
    expect(reasons()).toEqual(['replayed-jti']);
  });
});

/**
 * HttpFhirGateway against real HTTP servers (node:http on port 0): a FHIR server and a second server on another
 * origin (standing in for a DICOMweb host or a storage bucket) that must never see the bearer token.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { FhirRequestError, isFhirRequestError } from '../shared/errors';
import { HttpFhirGateway, parseRetryAfter } from './http-fhir-gateway';

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

interface TestServer {
  server: Server;
  url: string;
  routes: Map<string, Handler>;
  hits: Map<string, number>;
  /** Authorization header of every request, in order ('' when absent). */
  authorizations: string[];
  requests: { method: string; url: string; accept: string; contentType: string; body: string }[];
}

async function startServer(): Promise<TestServer> {
  const routes = new Map<string, Handler>();
  const hits = new Map<string, number>();
  const authorizations: string[] = [];
  const requests: TestServer['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const key = `${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`;
      const hit = (hits.get(key) ?? 0) + 1;
      hits.set(key, hit);
      authorizations.push(req.headers.authorization ?? '');
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        accept: req.headers.accept ?? '',
        contentType: req.headers['content-type'] ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const handler = routes.get(key);
      if (handler) handler(req, res, hit);
      else sendJson(res, 404, { resourceType: 'OperationOutcome', issue: [{ diagnostics: `no route ${key}` }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, routes, hits, authorizations, requests };
}

async function stopServer(s: TestServer): Promise<void> {
  s.server.closeAllConnections();
  await new Promise<void>((resolve) => s.server.close(() => resolve()));
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/fhir+json', ...headers });
  res.end(JSON.stringify(body));
}

function observation(id: string): { resourceType: 'Observation'; id: string } {
  return { resourceType: 'Observation', id };
}

describe('HttpFhirGateway over HTTP', () => {
  let fhir: TestServer;
  let other: TestServer;
  let base: string;

  function gateway(overrides: Partial<ConstructorParameters<typeof HttpFhirGateway>[0]> = {}): HttpFhirGateway {
    return new HttpFhirGateway({ baseUrl: `${base}/`, accessToken: 'secret-token', retryBaseMs: 1, ...overrides });
  }

  beforeAll(async () => {
    fhir = await startServer();
    other = await startServer();
    base = `${fhir.url}/fhir`;
  });

  afterAll(async () => {
    await stopServer(fhir);
    await stopServer(other);
  });

  beforeEach(() => {
    for (const s of [fhir, other]) {
      s.routes.clear();
      s.hits.clear();
      s.authorizations.length = 0;
      s.requests.length = 0;
    }
  });

  it('follows relative and absolute next links and separates match from include entries', async () => {
    fhir.routes.set('GET /fhir/Observation', (req, res) => {
      const page = new URL(req.url ?? '', 'http://x').searchParams.get('page') ?? '1';
      if (page === '1') {
        sendJson(res, 200, {
          resourceType: 'Bundle',
          type: 'searchset',
          total: 5,
          link: [{ relation: 'next', url: 'Observation?patient=p1&page=2' }],
          entry: [
            { resource: observation('o1'), search: { mode: 'match' } },
            { resource: observation('o2'), search: { mode: 'match' } },
          ],
        });
      } else if (page === '2') {
        sendJson(res, 200, {
          resourceType: 'Bundle',
          type: 'searchset',
          link: [{ relation: 'next', url: `${base}/Observation?patient=p1&page=3` }],
          entry: [
            { resource: observation('o3') },
            { resource: { resourceType: 'Patient', id: 'p1' }, search: { mode: 'include' } },
          ],
        });
      } else {
        sendJson(res, 200, {
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [
            { resource: observation('o4'), search: { mode: 'match' } },
            { resource: observation('o5'), search: { mode: 'match' } },
            { resource: { resourceType: 'OperationOutcome', issue: [] }, search: { mode: 'outcome' } },
          ],
        });
      }
    });

    const result = await gateway().search('Observation', { patient: 'p1', code: ['a', 'b'] });

    expect(result.resources.map((r) => r.id)).toEqual(['o1', 'o2', 'o3', 'o4', 'o5']);
    expect(result.included.map((r) => `${r.resourceType}/${r.id}`)).toEqual(['Patient/p1']);
    expect(result.total).toBe(5);
    expect(fhir.requests.map((r) => r.url)).toEqual([
      '/fhir/Observation?patient=p1&code=a&code=b',
      '/fhir/Observation?patient=p1&page=2',
      '/fhir/Observation?patient=p1&page=3',
    ]);
    expect(fhir.requests.every((r) => r.accept === 'application/fhir+json')).toBe(true);
    expect(fhir.authorizations).toEqual(['Bearer secret-token', 'Bearer secret-token', 'Bearer secret-token']);
  });

  it('stops when a next link points back to the page just read, and at the caller’s page limit', async () => {
    fhir.routes.set('GET /fhir/Observation', (req, res) => {
      sendJson(res, 200, {
        resourceType: 'Bundle',
        type: 'searchset',
        link: [{ relation: 'next', url: `${base}${req.url?.replace('/fhir', '') ?? ''}` }],
        entry: [{ resource: observation('loop') }],
      });
    });

    const looped = await gateway().search('Observation', { patient: 'p1' });
    const loopHits = fhir.hits.get('GET /fhir/Observation');

    expect(looped.resources).toHaveLength(1);
    expect(loopHits).toBe(1);

    fhir.routes.set('GET /fhir/Observation', (req, res) => {
      const page = Number(new URL(req.url ?? '', 'http://x').searchParams.get('page') ?? '1');
      sendJson(res, 200, {
        resourceType: 'Bundle',
        type: 'searchset',
        link: [{ relation: 'next', url: `?page=${page + 1}` }],
        entry: [{ resource: observation(`p${page}`) }],
      });
    });
    const capped = await gateway().search('Observation', {}, { maxPages: 3 });
    expect(capped.resources.map((r) => r.id)).toEqual(['p1', 'p2', 'p3']);
  });

  it('retries a 429 after the Retry-After seconds, even when the backoff base is tiny', async () => {
    fhir.routes.set('GET /fhir/Patient/p1', (_req, res, hit) => {
      if (hit === 1) sendJson(res, 429, { resourceType: 'OperationOutcome', issue: [] }, { 'Retry-After': '1' });
      else sendJson(res, 200, { resourceType: 'Patient', id: 'p1' });
    });
    const started = Date.now();

    const patient = await gateway().read('Patient', 'p1');

    expect(patient.id).toBe('p1');
    expect(fhir.hits.get('GET /fhir/Patient/p1')).toBe(2);
    // Retry-After: 1 s; retryBaseMs is 1 ms, so only honouring the header explains a wait this long.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('caps a long Retry-After at maxRetryDelayMs', async () => {
    fhir.routes.set('GET /fhir/Patient/p1', (_req, res, hit) => {
      if (hit === 1) sendJson(res, 429, { resourceType: 'OperationOutcome', issue: [] }, { 'Retry-After': '120' });
      else sendJson(res, 200, { resourceType: 'Patient', id: 'p1' });
    });
    const started = Date.now();

    await gateway({ maxRetryDelayMs: 20 }).read('Patient', 'p1');

    expect(Date.now() - started).toBeLessThan(2000);
    expect(fhir.hits.get('GET /fhir/Patient/p1')).toBe(2);
  });

  it('retries 503 twice and then succeeds; gives up with the 503 after maxRetries', async () => {
    fhir.routes.set('GET /fhir/Patient/p1', (_req, res, hit) => {
      if (hit <= 2) sendJson(res, 503, { resourceType: 'OperationOutcome', issue: [{ diagnostics: 'busy' }] });
      else sendJson(res, 200, { resourceType: 'Patient', id: 'p1' });
    });
    fhir.routes.set('GET /fhir/Patient/p2', (_req, res) => {
      sendJson(res, 503, { resourceType: 'OperationOutcome', issue: [{ diagnostics: 'still busy' }] });
    });

    const patient = await gateway().read('Patient', 'p1');
    const failure = await gateway({ maxRetries: 2 })
      .read('Patient', 'p2')
      .catch((e: unknown) => e);

    expect(patient.id).toBe('p1');
    expect(fhir.hits.get('GET /fhir/Patient/p1')).toBe(3);
    expect(fhir.hits.get('GET /fhir/Patient/p2')).toBe(3);
    expect(failure).toBeInstanceOf(FhirRequestError);
    expect((failure as FhirRequestError).status).toBe(503);
    expect((failure as FhirRequestError).message).toContain('still busy');
  });

  it('turns a 404 OperationOutcome into an error naming the URL, the status and the diagnostics, without query values', async () => {
    fhir.routes.set('GET /fhir/Observation', (_req, res) => {
      sendJson(res, 404, {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'not-found', diagnostics: 'Unknown search parameter "foo"' }],
      });
    });

    const error = await gateway()
      .search('Observation', { patient: 'MRN-42', foo: 'bar' })
      .catch((e: unknown) => e);

    expect(isFhirRequestError(error)).toBe(true);
    const e = error as FhirRequestError;
    expect(e.status).toBe(404);
    expect(e.url).toBe(`${base}/Observation?patient&foo`);
    expect(e.message).toBe(
      `GET failed: Unknown search parameter "foo" (HTTP 404 from ${base}/Observation?patient&foo)`,
    );
    expect(e.message).not.toContain('MRN-42');
    expect(e.outcome?.resourceType).toBe('OperationOutcome');
    expect(fhir.hits.get('GET /fhir/Observation')).toBe(1);
  });

  it('times out a response that never comes, and one whose body stalls, with status 0', async () => {
    fhir.routes.set('GET /fhir/Patient/hang', () => undefined);
    fhir.routes.set('GET /fhir/Patient/stall', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/fhir+json' });
      res.write('{"resourceType":');
    });
    const g = gateway({ timeoutMs: 150 });

    const hang = await g.read('Patient', 'hang').catch((e: unknown) => e);
    const stall = await g.read('Patient', 'stall').catch((e: unknown) => e);

    for (const error of [hang, stall]) {
      expect(error).toBeInstanceOf(FhirRequestError);
      expect((error as FhirRequestError).status).toBe(0);
      expect((error as FhirRequestError).message).toContain('timed out after 150 ms');
    }
    // A timeout is the caller's budget spent: not retried.
    expect(fhir.hits.get('GET /fhir/Patient/hang')).toBe(1);
  });

  it('stops at once when the caller aborts', async () => {
    fhir.routes.set('GET /fhir/Patient/hang', () => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);

    const error = await gateway()
      .read('Patient', 'hang', { signal: controller.signal })
      .catch((e: unknown) => e);

    expect((error as FhirRequestError).status).toBe(0);
    expect((error as FhirRequestError).message).toContain('aborted by the caller');
  });

  it('retries a dropped connection for a GET but not for a POST', async () => {
    fhir.routes.set('GET /fhir/Patient/p1', (req, res, hit) => {
      if (hit === 1) req.socket.destroy();
      else sendJson(res, 200, { resourceType: 'Patient', id: 'p1' });
    });
    fhir.routes.set('POST /fhir/Observation', (req) => req.socket.destroy());

    const patient = await gateway().read('Patient', 'p1');
    const failure = await gateway()
      .create({ resourceType: 'Observation', status: 'final', code: { text: 'x' } })
      .catch((e: unknown) => e);

    expect(patient.id).toBe('p1');
    expect(fhir.hits.get('GET /fhir/Patient/p1')).toBe(2);
    expect((failure as FhirRequestError).status).toBe(0);
    expect(fhir.hits.get('POST /fhir/Observation')).toBe(1);
  });

  it('sends the bearer token to the FHIR origin only, also across a redirect, unless sendToken says so', async () => {
    other.routes.set('GET /wado/rendered', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    });
    fhir.routes.set('GET /fhir/Binary/moved', (_req, res) => {
      res.writeHead(302, { Location: `${other.url}/wado/rendered` });
      res.end();
    });
    const g = gateway();

    const direct = await g.readBytes(`${other.url}/wado/rendered`, { accept: 'image/png' });
    await g.readBytes('Binary/moved', { accept: 'image/png' });
    await g.readBytes(`${other.url}/wado/rendered`, { sendToken: true });

    expect(direct).toEqual({ contentType: 'image/png', data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) });
    expect(fhir.authorizations).toEqual(['Bearer secret-token']);
    expect(other.authorizations).toEqual(['', '', 'Bearer secret-token']);
    expect(other.requests[0]?.accept).toBe('image/png');
  });

  it('asks a token function before each request', async () => {
    let n = 0;
    fhir.routes.set('GET /fhir/Patient/p1', (_req, res) => sendJson(res, 200, { resourceType: 'Patient', id: 'p1' }));
    const g = gateway({ accessToken: () => Promise.resolve(`t${++n}`) });

    await g.read('Patient', 'p1');
    await g.read('Patient', 'p1');

    expect(fhir.authorizations).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('returns raw Binary bytes, and decodes a Binary resource when the server answers with JSON', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252]);
    fhir.routes.set('GET /fhir/Binary/raw', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/dicom' });
      res.end(bytes);
    });
    fhir.routes.set('GET /fhir/Binary/json', (_req, res) => {
      sendJson(res, 200, {
        resourceType: 'Binary',
        id: 'json',
        contentType: 'image/jpeg',
        // FHIR base64Binary may carry line breaks; a decoder must skip them.
        data: `${bytes.toString('base64').slice(0, 4)}\n${bytes.toString('base64').slice(4)}`,
      });
    });
    fhir.routes.set('GET /fhir/Binary/empty', (_req, res) => {
      sendJson(res, 200, { resourceType: 'Binary', id: 'empty', contentType: 'image/jpeg' });
    });
    const g = gateway();

    const raw = await g.readBytes('Binary/raw', { accept: 'application/dicom' });
    const decoded = await g.readBytes('Binary/json', { accept: 'image/jpeg' });
    const empty = await g.readBytes('Binary/empty').catch((e: unknown) => e);

    expect(raw).toEqual({ contentType: 'application/dicom', data: new Uint8Array(bytes) });
    expect(decoded).toEqual({ contentType: 'image/jpeg', data: new Uint8Array(bytes) });
    expect(fhir.requests.map((r) => r.accept)).toEqual(['application/dicom', 'image/jpeg', '*/*']);
    expect((empty as Error).message).toBe('Binary/empty data: Binary has no inline data');
  });

  it('creates a resource with a FHIR JSON body, and reads it back when the server returns only a Location', async () => {
    fhir.routes.set('POST /fhir/RiskAssessment', (_req, res) => {
      res.writeHead(201, { Location: `${base}/RiskAssessment/ra1/_history/1` });
      res.end();
    });
    fhir.routes.set('GET /fhir/RiskAssessment/ra1', (_req, res) =>
      sendJson(res, 200, { resourceType: 'RiskAssessment', id: 'ra1', status: 'final' }),
    );
    fhir.routes.set('POST /fhir', (_req, res) => {
      sendJson(res, 200, { resourceType: 'Bundle', type: 'transaction-response', entry: [] });
    });

    const stored = await gateway().create({
      resourceType: 'RiskAssessment',
      status: 'final',
      subject: { reference: 'Patient/p1' },
    });
    const response = await gateway().transaction({ resourceType: 'Bundle', type: 'transaction', entry: [] });

    expect(stored).toEqual({ resourceType: 'RiskAssessment', id: 'ra1', status: 'final' });
    expect(response.type).toBe('transaction-response');
    const post = fhir.requests[0];
    expect(post?.contentType).toBe('application/fhir+json');
    expect(JSON.parse(post?.body ?? '{}')).toEqual({
      resourceType: 'RiskAssessment',
      status: 'final',
      subject: { reference: 'Patient/p1' },
    });
    expect(fhir.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /fhir/RiskAssessment',
      'GET /fhir/RiskAssessment/ra1',
      'POST /fhir',
    ]);
  });

  it('rejects a read that returns another resource type', async () => {
    fhir.routes.set('GET /fhir/Patient/p1', (_req, res) =>
      sendJson(res, 200, { resourceType: 'Observation', id: 'x' }),
    );

    const error = await gateway()
      .read('Patient', 'p1')
      .catch((e: unknown) => e);

    expect((error as Error).message).toContain('GET returned a Observation, not a Patient');
  });

  it('logs method, path, status and time at debug level, never the token or query values', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = pino({ level: 'debug' }, sink);
    fhir.routes.set('GET /fhir/Observation', (_req, res) =>
      sendJson(res, 200, { resourceType: 'Bundle', type: 'searchset', entry: [] }),
    );

    await gateway({ logger }).search('Observation', { patient: 'MRN-42' });

    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(entry).toMatchObject({ method: 'GET', path: '/fhir/Observation', status: 200, msg: 'FHIR request' });
    expect(typeof entry['ms']).toBe('number');
    expect(lines[0]).not.toContain('MRN-42');
    expect(lines[0]).not.toContain('secret-token');
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and ignores anything else', () => {
    // now = Wed, 21 Oct 2015 07:28:00 GMT (the RFC 9110 example date) as epoch ms, from `date -d ... +%s`.
    const now = 1445412480000;

    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

import express from 'express';
import request from 'supertest';
import { createRateLimiter } from './rate-limiter';

function buildApp(perMinute: number, clock: () => number) {
  const app = express();
  // The client key comes from a test header so that one supertest process can act as several clients.
  app.use(createRateLimiter({ perMinute, clock, key: (req) => req.get('x-client') ?? 'anonymous' }));
  app.get('/cds-services', (_req, res) => {
    res.json({ services: [] });
  });
  return app;
}

describe('createRateLimiter', () => {
  it('answers 429 with Retry-After once a client exceeds its limit within the minute', async () => {
    // 15 s into a minute: the window ends in 45 s.
    let now = Date.UTC(2026, 0, 15, 12, 0, 15);
    const app = buildApp(3, () => now);

    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await request(app).get('/cds-services').set('x-client', 'a')).status);
    const limited = await request(app).get('/cds-services').set('x-client', 'a');
    const otherClient = await request(app).get('/cds-services').set('x-client', 'b');
    now += 45_000;
    const nextWindow = await request(app).get('/cds-services').set('x-client', 'a');

    expect(statuses).toEqual([200, 200, 200]);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('45');
    expect(limited.body).toEqual({ error: 'too many requests', retryAfter: 45 });
    expect(otherClient.status).toBe(200);
    expect(nextWindow.status).toBe(200);
  });

  it('keys on the client IP by default', async () => {
    const app = express();
    app.use(createRateLimiter({ perMinute: 1, clock: () => 0 }));
    app.get('/x', (_req, res) => {
      res.end();
    });

    const statuses = [(await request(app).get('/x')).status, (await request(app).get('/x')).status];

    expect(statuses).toEqual([200, 429]);
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => createRateLimiter({ perMinute: 0 })).toThrow('perMinute must be a positive integer');
  });
});

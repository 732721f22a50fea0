/**
 * Per-client request limiting for the CDS and API routes (CDS_RATE_LIMIT_PER_MINUTE). A fixed one-minute window,
 * aligned to the clock, counted in memory: simple and bounded (the map is cleared each window). It allows a burst of
 * up to twice the limit across a window boundary, which is acceptable for a guard against runaway clients. Several
 * processes behind a load balancer each count on their own.
 */
import type { Request, RequestHandler } from 'express';

/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Requests allowed per client per minute. */
  perMinute: number;
  /** The client a request counts against; defaults to the client IP (set express's `trust proxy` behind a proxy). */
  key?: (req: Request) => string;
  /** ms since the epoch; defaults to Date.now. */
  clock?: () => number;
}

const WINDOW_MS = 60_000;

/**
 * Creates the limiter: over the limit, 429 with `Retry-After` (seconds until the window ends) and a short JSON error.
 *
 * @param options - Limit, client key and clock.
 */
export function createRateLimiter(options: RateLimiterOptions): RequestHandler {
  if (!Number.isInteger(options.perMinute) || options.perMinute < 1) {
    throw new RangeError(`rate limiter perMinute must be a positive integer, got ${options.perMinute}`);
  }
  const clock = options.clock ?? Date.now;
  const keyOf = options.key ?? ((req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown');
  let windowStart = Number.NEGATIVE_INFINITY;
  let counts = new Map<string, number>();

  return (req, res, next) => {
    const now = clock();
    const currentWindow = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    if (currentWindow !== windowStart) {
      windowStart = currentWindow;
      counts = new Map();
    }
    const key = keyOf(req);
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    if (count <= options.perMinute) {
      next();
      return;
    }
    const retryAfter = Math.max(1, Math.ceil((windowStart + WINDOW_MS - now) / 1000));
    res.status(429).set('Retry-After', String(retryAfter)).json({ error: 'too many requests', retryAfter });
  };
}

/**
 * CORS for browser-based CDS clients (the CDS Hooks Sandbox, web EHRs). Headers after the spec's security section
 * (https://cds-hooks.hl7.org/2.0/#cross-origin-resource-sharing) with one deliberate difference:
 * no `Access-Control-Allow-Credentials`, because clients authenticate with a bearer header, not cookies, and a
 * credentialed wildcard is refused by browsers anyway.
 */
import type { RequestHandler } from 'express';

const ALLOW_METHODS = 'GET, POST, OPTIONS';
const ALLOW_HEADERS = 'Authorization, Content-Type';
const EXPOSE_HEADERS = 'Origin, Accept, Content-Location, Location, X-Requested-With, Retry-After';
/** Browsers may cache a preflight this long (seconds), saving a round trip per hook call. */
const MAX_AGE_SECONDS = '600';

/**
 * Creates the CORS middleware. A preflight (OPTIONS) ends here with 204.
 *
 * @param origins - CDS_CORS_ORIGINS: `*`, or a comma-separated list of exact origins
 *   (`https://sandbox.cds-hooks.org`); an allowed Origin is echoed back, others get no CORS headers.
 */
export function cdsCors(origins: string): RequestHandler {
  const list = origins
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter((origin) => origin !== '');
  const any = list.includes('*');
  const allowed = new Set(list);

  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!any) res.vary('Origin');
    const allowOrigin = any ? '*' : origin !== undefined && allowed.has(origin) ? origin : undefined;
    if (allowOrigin !== undefined) {
      res.set({
        'Access-Control-Allow-Origin': allowOrigin,
        'Access-Control-Allow-Methods': ALLOW_METHODS,
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
        'Access-Control-Expose-Headers': EXPOSE_HEADERS,
      });
    }
    if (req.method === 'OPTIONS') {
      if (allowOrigin !== undefined) res.set('Access-Control-Max-Age', MAX_AGE_SECONDS);
      res.status(204).end();
      return;
    }
    next();
  };
}

/**
 * Express middleware that authenticates CDS clients by their bearer JWT on every CDS Hooks call, discovery included
 * (https://cds-hooks.hl7.org/2.0/#trusting-cds-clients). A refusal is a bare 401; the reason goes to the log at warn
 * level, never the token.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../src/shared/logger';
import { isCdsAuthError, type CdsAuthFailure } from './cds-auth-error';
import { createCdsClientVerifier, type VerifiedCdsClient } from './cds-client-verifier';
import type { ReplayCache } from './replay-cache';
import type { TrustedClient } from './trusted-clients';

/** Options of {@link createCdsClientAuth}. */
export interface CdsClientAuthOptions {
  trustedClients: TrustedClient[];
  /** The exact URL of the endpoint being called (see createAudienceResolver). */
  audienceFor: (req: Request) => string;
  /** CDS_AUTH: `jwt` verifies, `none` lets every call through (local development only). */
  mode: 'jwt' | 'none';
  replayCache?: ReplayCache;
  /** ms since the epoch; defaults to Date.now. */
  clock?: () => number;
  fetch?: typeof fetch;
  logger: Logger;
}

/** Where the middleware leaves the verified caller for later handlers (audit). */
export function getCdsClient(res: Response): VerifiedCdsClient | undefined {
  return (res.locals as { cdsClient?: VerifiedCdsClient }).cdsClient;
}

/** A compact JWS is three base64url segments; anything else is refused before any parsing. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 16 * 1024;

/**
 * Creates the authentication middleware. Preflight OPTIONS requests pass (browsers send them without credentials);
 * mount CORS before it.
 *
 * @param options - Trusted clients, audience resolver, mode, and the injectable replay cache, clock, fetch, logger.
 */
export function createCdsClientAuth(options: CdsClientAuthOptions): RequestHandler {
  const { logger } = options;
  if (options.mode === 'none') {
    logger.warn('CDS client authentication is disabled (CDS_AUTH=none): every caller is trusted');
    return (_req, _res, next) => next();
  }
  if (options.trustedClients.length === 0) {
    logger.warn('CDS_TRUSTED_CLIENTS is empty: every CDS Hooks call will be refused with 401');
  }
  const verifier = createCdsClientVerifier({
    trustedClients: options.trustedClients,
    ...(options.replayCache ? { replayCache: options.replayCache } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  return async (req, res, next) => {
    if (req.method === 'OPTIONS') return next();
    const path = req.originalUrl.split('?')[0];
    const refuse = (reason: CdsAuthFailure | 'internal', detail?: string): void => {
      logger.warn({ reason, ...(detail ? { detail } : {}), method: req.method, path }, 'CDS client refused');
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized' });
    };
    const token = bearerToken(req.headers.authorization);
    if (token === undefined) return refuse('missing-bearer');
    if (!COMPACT_JWS.test(token) || token.length > MAX_TOKEN_LENGTH) return refuse('malformed', 'not a compact JWS');
    try {
      (res.locals as { cdsClient?: VerifiedCdsClient }).cdsClient = await verifier.verify(
        token,
        options.audienceFor(req),
      );
    } catch (error) {
      if (isCdsAuthError(error)) return refuse(error.reason, error.detail);
      // A bug in verification still fails closed; the message is ours or jose's and carries no token.
      logger.error({ err: { name: (error as Error).name, message: (error as Error).message } }, 'CDS auth error');
      return refuse('internal');
    }
    next();
  };
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer +(\S+) *$/i.exec(header);
  return match?.[1];
}

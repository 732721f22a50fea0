/**
 * JSON body parsing with the size limit (CDS_BODY_LIMIT) and short, PHI-free errors: 413 when too large, 400 when
 * not JSON. The parser's own messages are not passed on, since some quote the body.
 */
import express, { type RequestHandler } from 'express';

/** body-parser's errors carry a `type` and an HTTP `status`. */
interface BodyParserError {
  type?: unknown;
  status?: unknown;
}

const ERRORS: Record<string, { status: number; error: string }> = {
  'entity.too.large': { status: 413, error: 'request body too large' },
  'entity.parse.failed': { status: 400, error: 'request body is not valid JSON' },
  'entity.verify.failed': { status: 400, error: 'request body is not valid JSON' },
  'request.aborted': { status: 400, error: 'request body incomplete' },
  'request.size.invalid': { status: 400, error: 'request body size does not match Content-Length' },
  'encoding.unsupported': { status: 415, error: 'unsupported content encoding' },
  'charset.unsupported': { status: 415, error: 'unsupported charset' },
};

/**
 * Creates a JSON body parser for `application/json` and `application/*+json`.
 *
 * @param limit - Largest accepted body, e.g. `10mb` (prefetch may carry ECG waveforms).
 */
export function jsonBody(limit: string): RequestHandler {
  const parse = express.json({ limit, type: ['application/json', 'application/*+json'] });
  return (req, res, next) => {
    parse(req, res, (error?: unknown) => {
      if (error === undefined || error === null) {
        next();
        return;
      }
      const type = (error as BodyParserError).type;
      const known = typeof type === 'string' ? ERRORS[type] : undefined;
      if (known === undefined) {
        next(error);
        return;
      }
      res.status(known.status).json({ error: known.error, ...(known.status === 413 ? { limit } : {}) });
    });
  };
}

/**
 * Access log: method, path, status and duration only. Ids in the path are replaced by `:id` and the query string
 * is dropped, because both can carry identifiers or names (`Patient?name=…`); bodies are never logged.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../shared/logger';

/** `/fhir/Patient/123/_history/2` → `/fhir/Patient/:id/_history/:id`; operations and `_` segments are kept. */
export function redactPath(path: string): string {
  const segments = path.split('/');
  return segments
    .map((segment, i) => {
      const previous = segments[i - 1] ?? '';
      const afterTypeOrHistory = /^[A-Z][A-Za-z]+$/.test(previous) || previous === '_history';
      return afterTypeOrHistory && segment !== '' && !segment.startsWith('_') && !segment.startsWith('$')
        ? ':id'
        : segment;
    })
    .join('/');
}

/** Express middleware that logs each request when its response finishes. */
export function requestLogger(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = performance.now();
    res.on('finish', () => {
      logger.info(
        {
          method: req.method,
          path: redactPath(`${req.baseUrl}${req.path}`),
          status: res.statusCode,
          ms: Math.round((performance.now() - start) * 10) / 10,
        },
        'request',
      );
    });
    next();
  };
}

/**
 * JSON logging with pino. Log ids, counts and timings only: never resource bodies, names, identifiers, pixels or
 * waveforms. The redaction list is a safety net for common mistakes, not a licence to log objects.
 */
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({
    name: options.name ?? 'medtvt-fhir',
    level: options.level ?? 'info',
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        'authorization',
        'access_token',
        '*.access_token',
        'body',
        'resource',
        '*.resource',
      ],
      censor: '[redacted]',
    },
  });
}

/** A logger that drops everything, for tests. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}

/**
 * Why a CDS client's JWT was refused. The reason is logged (never the token) and never sent to the caller: the
 * spec's best practices answer a bare 401 so that a prober learns nothing.
 */
import { AppError } from '../../src/shared/errors';

/** Machine-readable refusal reasons, one per check in https://cds-hooks.hl7.org/2.0/#trusting-cds-clients. */
export type CdsAuthFailure =
  | 'missing-bearer'
  | 'malformed'
  | 'alg-not-allowed'
  | 'typ-not-jwt'
  | 'kid-missing'
  | 'unknown-issuer'
  | 'tenant-not-allowed'
  | 'jku-not-allowed'
  | 'unknown-kid'
  | 'jwks-unavailable'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'iat-in-future'
  | 'lifetime-too-long'
  | 'wrong-audience'
  | 'claim-invalid'
  | 'replayed-jti';

/** A CDS client's bearer JWT failed a check. */
export class CdsAuthError extends AppError {
  constructor(
    readonly reason: CdsAuthFailure,
    /** Detail for the log: a claim name or library message; never contains the token. */
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(
      'cds-auth',
      detail ? `CDS client JWT refused: ${reason} (${detail})` : `CDS client JWT refused: ${reason}`,
      options,
    );
  }
}

export function isCdsAuthError(value: unknown): value is CdsAuthError {
  return value instanceof CdsAuthError;
}

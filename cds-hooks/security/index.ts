/** CDS Hooks security: client JWT authentication, CORS, rate limiting, JSON body limits. */
export { createAudienceResolver } from './audience';
export { CdsAuthError, isCdsAuthError, type CdsAuthFailure } from './cds-auth-error';
export { createCdsClientAuth, getCdsClient, type CdsClientAuthOptions } from './cds-client-auth';
export {
  CDS_JWT_ALGORITHMS,
  createCdsClientVerifier,
  type CdsClientVerifier,
  type CdsClientVerifierOptions,
  type VerifiedCdsClient,
} from './cds-client-verifier';
export { cdsCors } from './cds-cors';
export { jsonBody } from './json-body';
export { createRateLimiter, type RateLimiterOptions } from './rate-limiter';
export { JwksFetchError, RemoteJwks, isJwksFetchError, type RemoteJwksOptions } from './remote-jwks';
export { InMemoryReplayCache, type InMemoryReplayCacheOptions, type ReplayCache } from './replay-cache';
export {
  isAcceptableJwksUrl,
  parseTrustedClients,
  type PublicJwk,
  type PublicJwks,
  type TrustedClient,
} from './trusted-clients';

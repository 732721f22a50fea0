/**
 * The `aud` a CDS client must put in its JWT: "the URL of the CDS Service endpoint being invoked"
 * (https://cds-hooks.hl7.org/2.0/#trusting-cds-clients), e.g. `https://cds.example.org/cds-services/comorbidity`.
 */
import type { Request } from 'express';

/**
 * Builds the audience resolver for {@link createCdsClientAuth}: the public base URL plus the request's path
 * (from `originalUrl`, so routers mounted under a prefix still see the full path), without the query string.
 *
 * @param publicBaseUrl - PUBLIC_BASE_URL, as the EHR knows this service (scheme, host, port, any proxy prefix).
 */
export function createAudienceResolver(publicBaseUrl: string): (req: Request) => string {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return (req) => `${base}${req.originalUrl.split('?')[0] ?? ''}`;
}

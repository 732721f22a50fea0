/**
 * The CDS Hooks 2.0 discovery response as zod schemas (https://cds-hooks.hl7.org/2.0/#discovery).
 */
import { z } from 'zod';

const text = z.string().min(1);

export const cdsServiceSchema = z.looseObject({
  hook: text,
  title: text.optional(),
  description: text,
  /** The `{id}` of `{baseUrl}/cds-services/{id}`: one URL path segment. */
  id: z.string().regex(/^[A-Za-z0-9._~-]+$/, 'must be one URL path segment'),
  /** Prefetch key → FHIR query template (https://cds-hooks.hl7.org/2.0/#prefetch-template). */
  prefetch: z.record(text, text).optional(),
  usageRequirements: text.optional(),
});

export const discoverySchema = z.looseObject({ services: z.array(cdsServiceSchema) });

export type CdsServiceDefinition = z.infer<typeof cdsServiceSchema>;
export type DiscoveryResponse = z.infer<typeof discoverySchema>;

/**
 * CDS Hooks 2.0 cards and the service response, as zod schemas and the TypeScript types inferred from them
 * (https://cds-hooks.hl7.org/2.0/#cds-service-response, "Card Attributes" and the sections after it).
 *
 * The spec's JSON rule is enforced: an optional field is either absent or meaningful, never `null`, `""`, `[]` or
 * `{}`. Objects are strict (unknown members are rejected) except FHIR resources, which the spec leaves to FHIR, and
 * `extension`, the spec's one open member (https://cds-hooks.hl7.org/2.0/#extensions). The cross-field rules the
 * spec states in prose are refinements: suggestions need selectionBehavior (cds-resp-6), appContext only on `smart`
 * links (cds-resp-3), override reasons carry a display (cds-resp-4), create/update actions carry a resource and
 * delete actions a resourceId (cds-resp-2).
 */
import type { Resource } from '@medplum/fhirtypes';
import { z } from 'zod';

const text = z.string().min(1);
/** An `extension` member: present only with at least one key. */
const extension = z
  .record(z.string(), z.unknown())
  .refine((value) => Object.keys(value).length > 0, 'extension must not be an empty object')
  .optional();

/** A CDS Hooks Coding: `code` and `system` required, `display` required for override reasons. */
export const codingSchema = z.strictObject({ code: text, system: text, display: text.optional() });
export type CdsCoding = z.infer<typeof codingSchema>;

/** Card.source. */
export const sourceSchema = z.strictObject({
  label: text,
  url: z.url().optional(),
  icon: z.url().optional(),
  topic: codingSchema.optional(),
});
export type CardSource = z.infer<typeof sourceSchema>;

/** A FHIR resource as an action carries it: an object with a resourceType; FHIR validation is FHIR's business. */
const resourceSchema = z.custom<Resource>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { resourceType?: unknown }).resourceType === 'string' &&
    (value as { resourceType: string }).resourceType !== '',
  { message: 'resource must be a FHIR resource (an object with a resourceType)' },
);

/** Suggestion.actions[] (and systemActions[]). */
export const actionSchema = z
  .strictObject({
    type: z.enum(['create', 'update', 'delete']),
    description: text,
    resource: resourceSchema.optional(),
    resourceId: text.optional(),
    extension,
  })
  .refine((a) => a.type === 'delete' || a.resource !== undefined, {
    message: 'a create or update action needs a resource',
    path: ['resource'],
  })
  .refine((a) => a.type !== 'delete' || a.resourceId !== undefined, {
    message: 'a delete action needs a resourceId',
    path: ['resourceId'],
  });
export type CardAction = z.infer<typeof actionSchema>;

/** Card.suggestions[]. */
export const suggestionSchema = z.strictObject({
  label: text,
  uuid: text.optional(),
  isRecommended: z.boolean().optional(),
  actions: z.array(actionSchema).min(1).optional(),
  extension,
});
export type CardSuggestion = z.infer<typeof suggestionSchema>;

/** Card.links[]. */
export const linkSchema = z
  .strictObject({
    label: text,
    url: z.url(),
    type: z.enum(['absolute', 'smart']),
    appContext: text.optional(),
    autolaunchable: z.boolean().optional(),
    extension,
  })
  .refine((l) => l.appContext === undefined || l.type === 'smart', {
    message: 'appContext is only valid on smart links',
    path: ['appContext'],
  });
export type CardLink = z.infer<typeof linkSchema>;

/** The spec's summary limit: "<140-character". */
export const MAX_SUMMARY_LENGTH = 139;

/** A CDS Hooks 2.0 card. */
export const cardSchema = z
  .strictObject({
    uuid: text.optional(),
    summary: text.max(MAX_SUMMARY_LENGTH),
    detail: text.optional(),
    indicator: z.enum(['info', 'warning', 'critical']),
    source: sourceSchema,
    suggestions: z.array(suggestionSchema).min(1).optional(),
    selectionBehavior: z.enum(['at-most-one', 'any']).optional(),
    overrideReasons: z
      .array(codingSchema.required({ display: true }))
      .min(1)
      .optional(),
    links: z.array(linkSchema).min(1).optional(),
    extension,
  })
  .refine((c) => c.suggestions === undefined || c.selectionBehavior !== undefined, {
    message: 'a card with suggestions needs selectionBehavior',
    path: ['selectionBehavior'],
  });
export type Card = z.infer<typeof cardSchema>;
export type CardIndicator = Card['indicator'];

/** The body of a CDS service's 200 response: `{ cards: [] }` when there is nothing to say. */
export const cdsServiceResponseSchema = z.strictObject({
  cards: z.array(cardSchema),
  systemActions: z.array(actionSchema).min(1).optional(),
});
export type CdsServiceResponse = z.infer<typeof cdsServiceResponseSchema>;

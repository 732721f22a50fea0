/**
 * The CDS Hooks 2.0 response as zod schemas (https://cds-hooks.hl7.org/2.0/#cds-service-response): cards, sources,
 * suggestions, actions, links, override reasons and system actions, with the spec's conditional rules (the
 * invariants cds-resp-2..6 of HL7/cds-hooks `input/fsh`). Unknown members are kept (the spec reserves
 * `extension`). The rules that go beyond the wire format, such as "every card has a uuid" and "no empty values",
 * are in conformance/assert-cds-conforms.ts.
 */
import { z } from 'zod';

const text = z.string().min(1);

/** CDS Hooks Coding: `code` and `system` REQUIRED, `display` CONDITIONAL (https://cds-hooks.hl7.org/2.0/#coding). */
export const codingSchema = z.looseObject({ code: text, system: text, display: text.optional() });

/** An override reason: a Coding whose `display` the service MUST fill (cds-resp-4). */
export const overrideReasonCodingSchema = codingSchema.extend({ display: text });

export const sourceSchema = z.looseObject({
  label: text,
  url: z.url().optional(),
  icon: z.url().optional(),
  topic: codingSchema.optional(),
});

/** A FHIR resource as carried in an action: only `resourceType` is checked here. */
const resourceSchema = z.looseObject({ resourceType: text });

export const ACTION_TYPES = ['create', 'update', 'delete'] as const;

export const actionSchema = z
  .looseObject({
    type: z.enum(ACTION_TYPES),
    description: text,
    resource: resourceSchema.optional(),
    resourceId: text.optional(),
  })
  .superRefine((action, ctx) => {
    if ((action.type === 'create' || action.type === 'update') && action.resource === undefined) {
      ctx.addIssue({ code: 'custom', path: ['resource'], message: `a ${action.type} action needs a resource` });
    }
    if (action.type === 'delete' && action.resourceId === undefined) {
      // cds-resp-2: the 2.0 way to name what to delete (a string in `resource` is deprecated).
      ctx.addIssue({ code: 'custom', path: ['resourceId'], message: 'a delete action needs a resourceId' });
    }
  });

export const suggestionSchema = z.looseObject({
  label: text,
  uuid: text.optional(),
  isRecommended: z.boolean().optional(),
  actions: z.array(actionSchema).min(1).optional(),
});

export const LINK_TYPES = ['absolute', 'smart'] as const;

export const linkSchema = z
  .looseObject({
    label: text,
    url: z.url(),
    type: z.enum(LINK_TYPES),
    appContext: text.optional(),
    autolaunchable: z.boolean().optional(),
  })
  .refine((link) => link.appContext === undefined || link.type === 'smart', {
    // cds-resp-3.
    message: 'appContext is only allowed on smart links',
    path: ['appContext'],
  });

export const INDICATORS = ['info', 'warning', 'critical'] as const;

/** Characters a summary must stay under ("<140-character summary message"). */
export const SUMMARY_LIMIT = 140;

export const cardSchema = z
  .looseObject({
    uuid: text.optional(),
    summary: text.refine((s) => [...s].length < SUMMARY_LIMIT, {
      message: `must be under ${SUMMARY_LIMIT} characters`,
    }),
    detail: text.optional(),
    indicator: z.enum(INDICATORS),
    source: sourceSchema,
    suggestions: z.array(suggestionSchema).min(1).optional(),
    selectionBehavior: z.enum(['at-most-one', 'any']).optional(),
    overrideReasons: z.array(overrideReasonCodingSchema).min(1).optional(),
    links: z.array(linkSchema).min(1).optional(),
  })
  .refine((card) => card.suggestions === undefined || card.selectionBehavior !== undefined, {
    // cds-resp-6.
    message: 'selectionBehavior is required when suggestions are present',
    path: ['selectionBehavior'],
  });

export const cdsResponseSchema = z.looseObject({
  cards: z.array(cardSchema),
  systemActions: z.array(actionSchema).min(1).optional(),
});

export type Coding = z.infer<typeof codingSchema>;
export type CardSource = z.infer<typeof sourceSchema>;
export type CardAction = z.infer<typeof actionSchema>;
export type Suggestion = z.infer<typeof suggestionSchema>;
export type CardLink = z.infer<typeof linkSchema>;
export type Card = z.infer<typeof cardSchema>;
export type CdsResponse = z.infer<typeof cdsResponseSchema>;

/**
 * The feedback request of CDS Hooks 2.0 (https://cds-hooks.hl7.org/2.0/#feedback) as a zod schema: `card`,
 * `outcome` and `outcomeTimestamp` required; `acceptedSuggestions` required for `accepted`; `overrideReason` a CDS
 * Hooks Coding (`code` and `system` required, https://cds-hooks.hl7.org/2.0/#coding) and/or a user comment. Unknown
 * members are kept out of the parsed value but do not fail the request (the spec reserves `extension`).
 */
import { z } from 'zod';

const text = z.string().min(1);

/** Longest card or suggestion id accepted: a UUID is 36 characters; a client's own ids get room, not megabytes. */
const MAX_ID_CHARS = 200;
/** Longest user comment kept; a longer one is refused rather than cut (the clinician's words are not ours to edit). */
export const MAX_USER_COMMENT_CHARS = 4000;
/** Most items in one request. */
export const MAX_FEEDBACK_ITEMS = 100;

export const feedbackCodingSchema = z.object({ system: text, code: text, display: text.optional() });

export const feedbackItemSchema = z
  .object({
    card: text.max(MAX_ID_CHARS),
    outcome: z.enum(['accepted', 'overridden']),
    acceptedSuggestions: z
      .array(z.object({ id: text.max(MAX_ID_CHARS) }))
      .min(1)
      .optional(),
    overrideReason: z
      .object({
        reason: feedbackCodingSchema.optional(),
        userComment: z.string().max(MAX_USER_COMMENT_CHARS).optional(),
      })
      .optional(),
    // RFC 3339 §5.6 date-time; the spec asks for UTC, offsets are accepted and stored as sent.
    outcomeTimestamp: z.iso.datetime({ offset: true }),
  })
  .superRefine((item, ctx) => {
    if (item.outcome === 'accepted' && item.acceptedSuggestions === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['acceptedSuggestions'],
        message: 'is required when outcome is accepted',
      });
    }
  });

export const feedbackRequestSchema = z.object({
  feedback: z.array(feedbackItemSchema).min(1).max(MAX_FEEDBACK_ITEMS),
});

export type FeedbackRequest = z.infer<typeof feedbackRequestSchema>;

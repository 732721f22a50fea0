import type { z } from 'zod';

/**
 * The first issue of a zod error as `path: message` (`feedback.0.outcomeTimestamp: Invalid ISO datetime`), for 400
 * answers. It names the field and the rule, never the value that was sent.
 *
 * @param error - the failed parse
 */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return '(body): invalid';
  const path = issue.path.map(String).join('.');
  return `${path || '(body)'}: ${issue.message}`;
}

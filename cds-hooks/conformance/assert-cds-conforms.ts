/**
 * Test helpers that check a CDS Hooks response or discovery document against the spec's rules
 * (https://cds-hooks.hl7.org/2.0/#cds-service-response, #discovery), beyond what the zod schemas check:
 * - the JSON rule "no null, "", [] or {} for an optional field" (https://cds-hooks.hl7.org/2.0/#use-of-json),
 *   everywhere except the top-level `cards` array (the spec's "no decision support" answer is `{"cards": []}`);
 * - this product's rules: every card and suggestion has a uuid (the feedback endpoint needs them), in UUID form.
 * The schema rules: summary under 140 characters, indicator info|warning|critical, source.label, suggestions ⇒
 * selectionBehavior, actions with type and description, create/update with resource, delete with resourceId,
 * links of type absolute|smart with appContext only on smart, override reasons with display.
 */
import type { z } from 'zod';
import { cdsServiceResponseSchema } from '../cards/card-schema';
import { discoverySchema } from '../services/discovery-schema';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ResponseRuleOptions {
  /** Require a uuid on every card and suggestion (default true: our feedback needs them; the spec makes them optional). */
  requireUuids?: boolean;
}

/** Every rule a CDS Hooks response breaks, as `path: problem` lines (empty when it conforms). */
export function cdsResponseViolations(body: unknown, options: ResponseRuleOptions = {}): string[] {
  const violations = schemaViolations(cdsServiceResponseSchema, body);
  violations.push(...emptyValues(body, '', true));
  if (options.requireUuids ?? true) violations.push(...missingUuids(body));
  return violations;
}

/** Every rule a discovery document breaks (empty when it conforms). */
export function discoveryViolations(body: unknown): string[] {
  return [...schemaViolations(discoverySchema, body), ...emptyValues(body, '', false)];
}

/**
 * @throws Error listing every rule the response breaks
 */
export function assertCdsResponseConforms(body: unknown, options: ResponseRuleOptions = {}): void {
  const violations = cdsResponseViolations(body, options);
  if (violations.length > 0) throw new Error(`CDS Hooks response does not conform:\n${violations.join('\n')}`);
}

/**
 * @throws Error listing every rule the discovery document breaks
 */
export function assertDiscoveryConforms(body: unknown): void {
  const violations = discoveryViolations(body);
  if (violations.length > 0) throw new Error(`CDS Hooks discovery does not conform:\n${violations.join('\n')}`);
}

function schemaViolations(schema: z.ZodType, body: unknown): string[] {
  const result = schema.safeParse(body);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`);
}

/** null, "", [] and {} anywhere below `value` (the top-level `cards: []` allowed when `allowEmptyCards`). */
function emptyValues(value: unknown, path: string, allowEmptyCards: boolean): string[] {
  const found: string[] = [];
  const visit = (v: unknown, at: string): void => {
    if (v === null) found.push(`${at}: is null`);
    else if (v === '') found.push(`${at}: is an empty string`);
    else if (Array.isArray(v)) {
      if (v.length === 0 && !(allowEmptyCards && at === 'cards')) found.push(`${at}: is an empty array`);
      v.forEach((item, i) => visit(item, `${at}[${i}]`));
    } else if (typeof v === 'object' && v !== undefined) {
      const entries = Object.entries(v);
      if (entries.length === 0) found.push(`${at}: is an empty object`);
      for (const [key, item] of entries) visit(item, at ? `${at}.${key}` : key);
    }
  };
  visit(value, path);
  return found;
}

function missingUuids(body: unknown): string[] {
  const cards = (body as { cards?: unknown } | null)?.cards;
  if (!Array.isArray(cards)) return [];
  const found: string[] = [];
  cards.forEach((card: { uuid?: unknown; suggestions?: unknown }, i) => {
    if (typeof card?.uuid !== 'string' || !UUID.test(card.uuid)) found.push(`cards[${i}].uuid: is not a UUID`);
    if (!Array.isArray(card?.suggestions)) return;
    card.suggestions.forEach((s: { uuid?: unknown }, j: number) => {
      if (typeof s?.uuid !== 'string' || !UUID.test(s.uuid))
        found.push(`cards[${i}].suggestions[${j}].uuid: is not a UUID`);
    });
  });
  return found;
}

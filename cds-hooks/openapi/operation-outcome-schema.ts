import { z } from 'zod';

/** The OperationOutcome the API answers errors with (https://hl7.org/fhir/R4/operationoutcome.html), as documented. */
export const operationOutcomeSchema = z
  .looseObject({
    resourceType: z.literal('OperationOutcome').meta({ description: 'Always OperationOutcome.' }),
    issue: z
      .array(
        z.looseObject({
          severity: z.enum(['fatal', 'error', 'warning', 'information']).meta({ description: 'Issue severity.' }),
          code: z.string().meta({
            description: 'FHIR issue type: invalid, login, forbidden, not-found, processing, transient, exception, …',
          }),
          diagnostics: z.string().optional().meta({ description: 'What was wrong: the field, resource or server.' }),
        }),
      )
      .min(1)
      .meta({ description: 'The first issue says what failed; more follow, e.g. one per unreadable modality.' }),
  })
  .meta({ id: 'OperationOutcome', description: 'An error answer.' });

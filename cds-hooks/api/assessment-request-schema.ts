/**
 * The body of POST /api/assessments. Objects are strict: an unknown member (a misspelt `patientID`) is a 400, not a
 * silently ignored option. The same schema validates requests and, through z.toJSONSchema, documents them
 * (openapi/build-openapi-document.ts).
 */
import { z } from 'zod';

/** FHIR `id` (https://hl7.org/fhir/R4/datatypes.html#id). */
export const fhirIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9.-]{1,64}$/, { message: 'must be a FHIR id (1 to 64 of A-Z, a-z, 0-9, "-" and ".")' });

/** Longest window accepted, hours: a year, the config's own bound for the look-back windows. */
const MAX_WINDOW_HOURS = 24 * 365;

const hours = (what: string) =>
  z
    .number()
    .positive()
    .max(MAX_WINDOW_HOURS)
    .optional()
    .meta({ description: `${what}, hours either side of the anchor (default: the server's configured look-back).` });

export const assessmentRequestSchema = z
  .strictObject({
    patientId: fhirIdSchema.meta({ description: 'FHIR logical id of the Patient on the FHIR server.' }),
    encounterId: fhirIdSchema.optional().meta({
      description: 'FHIR logical id of an Encounter; its period start anchors the window when anchorTime is absent.',
    }),
    window: z
      .strictObject({
        anchorTime: z.iso.datetime({ offset: true }).optional().meta({
          description: "ISO 8601 date-time the record is anchored on (default: the encounter's start, else now).",
        }),
        hours: hours('Half-width of the labs and ECG window'),
        cxrHours: hours('Half-width of the chest X-ray window'),
      })
      .optional()
      .meta({ description: 'Which data count: the time they are anchored on and how far around it to look.' }),
    fhirServer: z
      .url({ protocol: /^https?$/, hostname: z.regexes.hostname })
      .optional()
      .meta({
        description:
          "FHIR base URL to read from, which must be on the server's allowlist; the caller's bearer token is sent to " +
          'it. Default: the configured FHIR server.',
      }),
  })
  .meta({ id: 'AssessmentRequest', description: 'Which patient to assess, from where, over which window.' });

export type AssessmentRequest = z.infer<typeof assessmentRequestSchema>;

/**
 * The CDS Hooks 2.0 request body as zod schemas (https://cds-hooks.hl7.org/2.0/#http-request), at two levels:
 * {@link cdsHookRequestSchema} is the spec's generic request (any hook, unknown members kept, as the spec reserves
 * `extension` and hooks add context fields), and {@link patientViewContextSchema} is what the patient-view service
 * needs of `context` (https://cds-hooks.org/hooks/patient-view/).
 */
import { z } from 'zod';

const text = z.string().min(1);

/** A FHIR logical id (R4 `id` datatype); checked because it is put into search URLs. */
export const fhirIdSchema = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'is not a FHIR id ([A-Za-z0-9-.]{1,64})');

/** `fhirAuthorization` (https://cds-hooks.hl7.org/2.0/#passing-the-access-token-to-the-cds-service). */
export const fhirAuthorizationSchema = z.looseObject({
  access_token: text,
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().nonnegative(),
  scope: text,
  subject: text,
  /** CONDITIONAL in 2.0.1: the patient id when the token has patient/ scopes. */
  patient: text.optional(),
});

/**
 * The generic hook request. `hookInstance` is a UUID (the spec's type); any 8-4-4-4-12 hex form is accepted, since
 * the spec asks for a UUID, not a particular version. Prefetch values are checked per key by the service that asked
 * for them, so a key the service did not ask for never fails a call.
 */
export const cdsHookRequestSchema = z
  .looseObject({
    hook: text,
    hookInstance: z.guid(),
    fhirServer: z.url({ protocol: /^https?$/ }).optional(),
    fhirAuthorization: fhirAuthorizationSchema.optional(),
    context: z.record(z.string(), z.unknown()),
    prefetch: z.record(z.string(), z.unknown()).optional(),
    extension: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((request) => request.fhirAuthorization === undefined || request.fhirServer !== undefined, {
    // cds-r-1: fhirAuthorization ⇒ fhirServer.
    message: 'fhirServer is required when fhirAuthorization is given',
    path: ['fhirServer'],
  });

export type CdsHookRequest = z.infer<typeof cdsHookRequestSchema>;
export type FhirAuthorization = z.infer<typeof fhirAuthorizationSchema>;

/** patient-view `context`: userId and patientId REQUIRED, encounterId OPTIONAL. */
export const patientViewContextSchema = z.looseObject({
  userId: z
    .string()
    .regex(
      /^(Practitioner|PractitionerRole|Patient|RelatedPerson)\/[A-Za-z0-9\-.]{1,64}$/,
      'is not a Practitioner, PractitionerRole, Patient or RelatedPerson reference',
    ),
  patientId: fhirIdSchema,
  encounterId: fhirIdSchema.optional(),
});

export type PatientViewContext = z.infer<typeof patientViewContextSchema>;

/**
 * The first problem of a failed parse as one line, `path: message`, for a 400 body. Values are never echoed (they
 * may be PHI).
 */
export function describeZodError(error: z.ZodError, prefix = ''): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request';
  const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
  return `${path || '(body)'}: ${issue.message}`;
}

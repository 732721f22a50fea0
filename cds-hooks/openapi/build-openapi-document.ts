/**
 * The OpenAPI 3.1 document of the assessment API, served at GET /api/openapi.json. Its schemas are generated with
 * z.toJSONSchema from the very zod schemas that validate requests (api/assessment-request-schema.ts) and describe
 * responses (assessment-schema.ts, audit-record-schema.ts, which tsc keeps equal to the domain types), so the
 * document cannot drift from what the server does. OpenAPI 3.1 schema objects are JSON Schema 2020-12, which is
 * what zod emits.
 */
import { z } from 'zod';
import { assessmentRequestSchema } from '../api/assessment-request-schema';
import {
  assessmentSchema,
  diseaseFindingSchema,
  evidenceItemSchema,
  modalityIssueSchema,
  referenceRangeSchema,
} from './assessment-schema';
import { auditRecordSchema } from './audit-record-schema';
import { operationOutcomeSchema } from './operation-outcome-schema';

/** A JSON Schema object as emitted (OpenAPI 3.1 schema object). */
export type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers?: { url: string }[];
  paths: Record<string, unknown>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
}

/** Schemas of the document, by component name. Every schema with a `meta({ id })` that the others use is listed. */
const COMPONENTS = {
  AssessmentRequest: assessmentRequestSchema,
  Assessment: assessmentSchema,
  DiseaseFinding: diseaseFindingSchema,
  EvidenceItem: evidenceItemSchema,
  ReferenceRange: referenceRangeSchema,
  ModalityIssue: modalityIssueSchema,
  AssessmentAudit: auditRecordSchema,
  OperationOutcome: operationOutcomeSchema,
} as const;

/** The component schemas as JSON Schema 2020-12, referencing each other through `#/components/schemas/{name}`. */
export function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'throw',
  });
  const out: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    // `$schema` and `$id` belong to standalone documents; inside components the name is the identity.
    const { $schema: _schema, $id: _id, ...rest } = schema as JsonSchema;
    out[id] = rest;
  }
  const extra = Object.keys(out).filter((id) => !(id in COMPONENTS));
  if (extra.length > 0) throw new Error(`OpenAPI: schemas outside COMPONENTS were emitted: ${extra.join(', ')}`);
  return out;
}

const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
const outcome = (description: string) => ({
  description,
  content: { 'application/fhir+json': { schema: { $ref: '#/components/schemas/OperationOutcome' } } },
});

/**
 * Builds the document.
 *
 * @param options - the server URL to list and the API version
 */
export function buildOpenApiDocument(options: { serverUrl?: string; version?: string } = {}): OpenApiDocument {
  const bearer = [{}, { bearer: [] }];
  return {
    openapi: '3.1.0',
    info: {
      title: 'MedTVT-FHIR assessment API',
      version: options.version ?? '1.0.0',
      description:
        "Multimodal comorbidity assessment of one patient from labs, 12-lead ECG and chest X-ray read over FHIR R4. The caller's " +
        'bearer token is forwarded to the FHIR server: the API grants nothing the token does not. Without a token it ' +
        'reads only from the open embedded sandbox.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    paths: {
      '/api/assessments': {
        post: {
          operationId: 'createAssessment',
          summary: 'Assess one patient',
          security: bearer,
          requestBody: { required: true, content: json('AssessmentRequest') },
          responses: {
            '201': {
              description: 'The assessment; also audited, and readable at the Location header.',
              headers: { Location: { schema: { type: 'string' }, description: 'URL of the audit of the assessment.' } },
              content: json('Assessment'),
            },
            '400': outcome('Bad JSON, or the body breaks the schema; diagnostics name the field.'),
            '401': outcome('No usable bearer token, or the FHIR server refused it.'),
            '403': outcome('fhirServer is not on the allowlist, or the token does not allow reading the patient.'),
            '404': outcome('The patient (or the encounter) does not exist on the FHIR server.'),
            '413': outcome('The body is too large.'),
            '422': outcome('No modality could be read; one further issue per modality says why.'),
            '502': outcome('The FHIR server failed.'),
            '503': outcome('No model is loaded yet.'),
            '504': outcome('The FHIR server did not answer in time.'),
          },
        },
      },
      '/api/assessments/{id}': {
        get: {
          operationId: 'getAssessmentAudit',
          summary: 'The audit of an assessment (ids, probabilities, timings; no evidence)',
          description:
            'Readable by a caller whose token can read the Patient on the FHIR server the assessment was made from.',
          security: bearer,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The audit.', content: json('AssessmentAudit') },
            '400': outcome('The id is malformed.'),
            '401': outcome('No usable bearer token, or the FHIR server refused it.'),
            '403': outcome('The token does not allow reading the patient.'),
            '404': outcome('No such assessment.'),
          },
        },
      },
      '/api/openapi.json': {
        get: {
          operationId: 'getOpenApiDocument',
          summary: 'This document',
          responses: { '200': { description: 'OpenAPI 3.1 document.', content: { 'application/json': {} } } },
        },
      },
    },
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An access token of the FHIR server (e.g. from a SMART launch), passed through to it.',
        },
      },
    },
  };
}

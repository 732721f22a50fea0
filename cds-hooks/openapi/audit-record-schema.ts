/**
 * The audited summary of an assessment (store/cds-store.ts AuditRecord) as a zod schema: what GET
 * /api/assessments/{id} returns, documented field by field. A compile-time check keeps it equal to AuditRecord.
 */
import { z } from 'zod';
import { DISEASE_IDS, MODALITIES } from '../../src/shared/index';
import type { AuditRecord } from '../store/cds-store';

const modality = z.enum(MODALITIES);
const milliseconds = (what: string) =>
  z
    .number()
    .min(0)
    .meta({ description: `${what}, milliseconds.` });

export const auditRecordSchema = z
  .strictObject({
    id: z.string().meta({ description: 'Assessment id.' }),
    createdAt: z.string().meta({ description: 'When the assessment was made (ISO 8601).' }),
    recordedAt: z.string().meta({ description: 'When the audit was recorded (ISO 8601).' }),
    source: z.string().meta({ description: 'The CDS service id that made the assessment, or `api`.' }),
    hookInstance: z.string().optional().meta({ description: "The hook call's hookInstance, for hook assessments." }),
    fhirServer: z.string().optional().meta({ description: 'FHIR base URL the record was read from.' }),
    userRef: z.string().optional().meta({ description: 'FHIR reference of the user who caused a hook call.' }),
    patientId: z.string().meta({ description: 'FHIR logical id of the Patient.' }),
    encounterId: z.string().optional().meta({ description: 'FHIR logical id of the Encounter.' }),
    model: z
      .strictObject({
        name: z.string().meta({ description: 'Model package name.' }),
        version: z.string().meta({ description: 'Model package version.' }),
      })
      .meta({ description: 'The model package.' }),
    modalitiesUsed: z.array(modality).meta({ description: 'Modalities the model used.' }),
    modalitiesMissing: z.array(modality).meta({ description: 'Modalities that were absent or unreadable.' }),
    findings: z
      .array(
        z.strictObject({
          disease: z.enum(DISEASE_IDS).meta({ description: 'Disease id.' }),
          probability: z.number().min(0).max(1).meta({ description: 'Calibrated probability.' }),
          threshold: z.number().meta({ description: 'Decision threshold.' }),
          likely: z.boolean().meta({ description: '`probability >= threshold`.' }),
        }),
      )
      .meta({ description: 'Probabilities and decisions, without the evidence.' }),
    timings: z
      .strictObject({
        fetchMs: milliseconds('Reading the record from FHIR').optional(),
        preprocessMs: milliseconds('Preprocessing').optional(),
        inferenceMs: milliseconds('Inference').optional(),
        totalMs: milliseconds('The whole assessment'),
      })
      .meta({ description: 'Where the time went.' }),
    basis: z.array(z.string()).meta({ description: 'The resources it was based on, as `Type/id`.' }),
  })
  .meta({ id: 'AssessmentAudit', description: 'The audit of one assessment: ids, probabilities and timings only.' });

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Fails to compile when AuditRecord and the schema drift apart. */
export const AUDIT_SCHEMA_MATCHES_STORE: Equals<z.infer<typeof auditRecordSchema>, AuditRecord> = true;

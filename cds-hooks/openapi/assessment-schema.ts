/**
 * The Assessment (src/shared/domain/assessment.ts) as a zod schema with a description on every field: the source of
 * the OpenAPI document's response schema (through z.toJSONSchema), so that the document is generated, not written.
 * A compile-time check at the end fails `tsc` when the domain type and this schema differ, so that neither can
 * change without the other.
 */
import { z } from 'zod';
import { DISEASE_IDS, MODALITIES, type Assessment } from '../../src/shared/index';

const modality = z.enum(MODALITIES).meta({ description: 'Input modality: 12-lead ECG, chest X-ray, or labs.' });

export const referenceRangeSchema = z
  .strictObject({
    low: z.number().optional().meta({ description: 'Lower limit, in `unit`.' }),
    high: z.number().optional().meta({ description: 'Upper limit, in `unit`.' }),
    unit: z.string().meta({ description: "UCUM unit of `low` and `high` (the lab's catalogue unit)." }),
    text: z.string().optional().meta({ description: 'The range as the source wrote it, when it gave text.' }),
  })
  .meta({ id: 'ReferenceRange', description: 'Reference range of a measurement.' });

export const evidenceItemSchema = z
  .strictObject({
    modality,
    label: z.string().meta({ description: 'What was measured or seen, e.g. "Creatinine", "QRS duration".' }),
    code: z
      .strictObject({
        system: z.string().meta({ description: 'Code system URI, e.g. http://loinc.org.' }),
        code: z.string().meta({ description: 'The code.' }),
        display: z.string().optional().meta({ description: 'Display text of the code.' }),
      })
      .optional()
      .meta({ description: 'Code of the measurement (LOINC for labs and ECG intervals), when there is one.' }),
    value: z.number().optional().meta({ description: 'Measured value, in `unit`.' }),
    unit: z.string().optional().meta({ description: 'UCUM unit of `value`.' }),
    referenceRange: referenceRangeSchema.optional(),
    interpretation: z
      .enum(['high', 'low', 'abnormal', 'normal'])
      .optional()
      .meta({ description: 'How the value compares with its reference range.' }),
    text: z.string().optional().meta({
      description: 'A qualitative result or remark, e.g. a rhythm call, or why a measurement could not be made.',
    }),
    source: z.string().optional().meta({ description: 'FHIR reference of the resource the evidence came from.' }),
  })
  .meta({ id: 'EvidenceItem', description: 'One piece of evidence behind a finding, in units and codes.' });

export const diseaseFindingSchema = z
  .strictObject({
    disease: z.enum(DISEASE_IDS).meta({ description: 'Disease id (one of the seven MedTVT-R1 comorbidities).' }),
    display: z.string().meta({ description: 'The disease as the model names it, e.g. "Acute Renal Failure".' }),
    probability: z.number().min(0).max(1).meta({ description: 'Calibrated probability in [0, 1].' }),
    threshold: z.number().meta({ description: "Decision threshold from the model package's validation data." }),
    likely: z.boolean().meta({ description: '`probability >= threshold`.' }),
    onProblemList: z.boolean().optional().meta({
      description: "Whether the disease is on the patient's problem list; absent when no problem list was read.",
    }),
    evidence: z.array(evidenceItemSchema).meta({ description: 'The chain of evidence for this disease.' }),
  })
  .meta({ id: 'DiseaseFinding', description: "The model's view of one disease." });

export const modalityIssueSchema = z
  .strictObject({
    modality,
    kind: z.enum(['absent', 'unreadable', 'partial']).meta({
      description: '`absent`: nothing found; `unreadable`: found but could not be read; `partial`: parts dropped.',
    }),
    message: z.string().meta({ description: 'What happened, naming the resource and the cause (never values).' }),
    source: z.string().optional().meta({ description: 'FHIR reference or file the issue is about.' }),
    field: z
      .string()
      .optional()
      .meta({ description: 'The element that was wrong, e.g. `component[3].valueSampledData`.' }),
  })
  .meta({ id: 'ModalityIssue', description: 'Why a modality is absent or only partly read.' });

const milliseconds = (what: string) =>
  z
    .number()
    .min(0)
    .meta({ description: `${what}, milliseconds.` });

export const assessmentSchema = z
  .strictObject({
    id: z.string().meta({ description: 'Assessment id (a UUID); GET /api/assessments/{id} returns its audit.' }),
    patientId: z.string().meta({ description: 'FHIR logical id of the Patient.' }),
    encounterId: z.string().optional().meta({ description: 'FHIR logical id of the Encounter, when one anchored it.' }),
    createdAt: z.iso.datetime({ offset: true }).meta({ description: 'When the assessment was made (ISO 8601).' }),
    model: z
      .strictObject({
        name: z.string().meta({ description: 'Model package name.' }),
        version: z.string().meta({ description: 'Model package version.' }),
      })
      .meta({ description: 'The model package that made the assessment.' }),
    findings: z.array(diseaseFindingSchema).meta({ description: 'One finding per disease, in a fixed order.' }),
    modalities: z
      .strictObject({
        used: z.array(modality).meta({ description: 'Modalities the model used.' }),
        missing: z.array(modality).meta({ description: 'Modalities that were absent or unreadable.' }),
        weights: z.partialRecord(modality, z.number()).meta({
          description: "Contribution weight per used modality (the model's contribution-aware gate), summing to 1.",
        }),
      })
      .meta({ description: 'Which modalities the assessment rests on.' }),
    issues: z.array(modalityIssueSchema).meta({ description: 'Everything that was missing or could not be read.' }),
    timings: z
      .strictObject({
        fetchMs: milliseconds('Reading the record from FHIR').optional(),
        preprocessMs: milliseconds('Preprocessing to tensors').optional(),
        inferenceMs: milliseconds('Model inference').optional(),
        totalMs: milliseconds('The whole assessment'),
      })
      .meta({ description: 'Where the time went.' }),
    basis: z.array(z.string()).meta({ description: 'FHIR references of every resource the assessment was based on.' }),
  })
  .meta({ id: 'Assessment', description: 'A multimodal comorbidity assessment of one patient.' });

/** True when A and B are the same type (each assignable to the other, in both directions of every member). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Fails to compile when Assessment and the schema drift apart. */
export const ASSESSMENT_SCHEMA_MATCHES_DOMAIN: Equals<z.infer<typeof assessmentSchema>, Assessment> = true;

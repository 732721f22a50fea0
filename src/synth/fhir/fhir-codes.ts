/** Code systems and fixed codings the synthetic cohort's FHIR output uses (R4 terminology URIs). */
import type { CodeableConcept, Meta } from '@medplum/fhirtypes';

export const OBSERVATION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const V3_ACT_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const DICOM_DCM_SYSTEM = 'http://dicom.nema.org/resources/ontology/DCM';
export const ICD10_CM_SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';

/** Identifier system of the synthetic cohort: `<seed>-<index>`, clearly not an MRN. */
export const SYNTHETIC_PATIENT_IDENTIFIER_SYSTEM = 'urn:medtvt-fhir:synthetic-cohort';

/**
 * Every generated resource is tagged HTEST ("test health data", v3 ActReason), the HL7 way of saying that a record
 * is not about a real person.
 */
export const SYNTHETIC_META: Meta = {
  tag: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'HTEST', display: 'test health data' }],
};

export const LABORATORY_CATEGORY: CodeableConcept = {
  coding: [{ system: OBSERVATION_CATEGORY_SYSTEM, code: 'laboratory', display: 'Laboratory' }],
};

/** The synthetic Patient and the inpatient Encounter of the admission. */
import type { Encounter, Patient } from '@medplum/fhirtypes';
import type { SyntheticAdmission } from '../admission/synthetic-admission';
import { SYNTHETIC_META, SYNTHETIC_PATIENT_IDENTIFIER_SYSTEM, V3_ACT_CODE_SYSTEM } from './fhir-codes';

/** Patient: synthetic name, sex, birth date, and an identifier that says it comes from the synthetic cohort. */
export function patientResource(admission: SyntheticAdmission): Patient {
  const { patient } = admission;
  return {
    resourceType: 'Patient',
    id: admission.ids.patient,
    meta: SYNTHETIC_META,
    identifier: [
      { system: SYNTHETIC_PATIENT_IDENTIFIER_SYSTEM, value: `${String(admission.seed)}-${admission.index}` },
    ],
    name: [
      {
        use: 'anonymous',
        text: `${patient.name.given} ${patient.name.family}`,
        family: patient.name.family,
        given: [patient.name.given],
      },
    ],
    gender: patient.sex,
    birthDate: patient.birthDate,
  };
}

/** Encounter: inpatient (v3 ActCode IMP), in progress, period.start = the admission time. */
export function encounterResource(admission: SyntheticAdmission): Encounter {
  return {
    resourceType: 'Encounter',
    id: admission.ids.encounter,
    meta: SYNTHETIC_META,
    status: 'in-progress',
    class: { system: V3_ACT_CODE_SYSTEM, code: 'IMP', display: 'inpatient encounter' },
    subject: { reference: `Patient/${admission.ids.patient}` },
    period: { start: admission.admissionTime },
  };
}

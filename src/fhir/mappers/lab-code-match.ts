/**
 * Which catalogue lab an Observation.code names: a LOINC code (primary or accepted alternate) or a MIMIC-IV lab
 * itemid in the MIMIC-IV on FHIR code system. LOINC wins when both are present, since it says which specimen and
 * method the result came from.
 */
import type { CodeableConcept } from '@medplum/fhirtypes';
import {
  labFromItemid,
  labFromLoinc,
  LOINC_SYSTEM,
  MIMIC_LABITEM_SYSTEM,
  type LabDefinition,
} from '../../shared/index';

/** LOINC's canonical URI and its OID form (HL7 terminology: 2.16.840.1.113883.6.1). */
const LOINC_SYSTEMS: readonly string[] = [LOINC_SYSTEM, 'urn:oid:2.16.840.1.113883.6.1'];

export interface LabCodeMatch {
  lab: LabDefinition;
  /** The LOINC code the result carried, when it was matched by LOINC. */
  loinc?: string;
}

/** Why a code could not be read at all (as opposed to naming a lab we do not model). */
export interface LabCodeProblem {
  field: string;
  reason: string;
}

/**
 * The lab a concept names, `undefined` when it names none we model (a lab outside the catalogue, a vital sign), or
 * a problem when the concept is unreadable: no coding at all, or a MIMIC itemid that is not a number.
 */
export function matchLabCode(concept: CodeableConcept | undefined): LabCodeMatch | LabCodeProblem | undefined {
  const codings = concept?.coding ?? [];
  if (codings.length === 0) return { field: 'code.coding', reason: 'is missing, so the test cannot be identified' };
  for (const coding of codings) {
    if (coding.system && LOINC_SYSTEMS.includes(coding.system.trim()) && coding.code) {
      const lab = labFromLoinc(coding.code);
      if (lab) return { lab, loinc: coding.code.trim() };
    }
  }
  for (const [i, coding] of codings.entries()) {
    if (coding.system?.trim() !== MIMIC_LABITEM_SYSTEM) continue;
    const code = coding.code?.trim() ?? '';
    if (!/^\d+$/.test(code)) {
      return { field: `code.coding[${i}].code`, reason: `'${code}' is not a MIMIC-IV lab itemid (a number)` };
    }
    const lab = labFromItemid(Number(code));
    if (lab) return { lab };
  }
  return undefined;
}

export function isLabCodeMatch(value: LabCodeMatch | LabCodeProblem | undefined): value is LabCodeMatch {
  return value !== undefined && 'lab' in value;
}

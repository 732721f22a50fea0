/**
 * Generated labs → laboratory Observations: LOINC code from the catalogue (the three specimen-quality indices have
 * none, and are coded by their MIMIC-IV itemid instead, as the MIMIC-IV on FHIR demo codes every lab), the
 * MIMIC-IV itemid as a second coding, the value in the catalogue's UCUM unit, the catalogue's typical adult range as
 * referenceRange, and H/L/N interpretation against it.
 */
import type { Coding, Observation, ObservationReferenceRange, Quantity } from '@medplum/fhirtypes';
import { LABS, LOINC_SYSTEM, MIMIC_LABITEM_SYSTEM, UCUM_SYSTEM, type LabDefinition } from '../../shared/index';
import type { SyntheticAdmission } from '../admission/synthetic-admission';
import { LABORATORY_CATEGORY, SYNTHETIC_META } from './fhir-codes';

const INTERPRETATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';

/** One Observation per generated lab, in catalogue order; none when the admission has no labs. */
export function labObservations(admission: SyntheticAdmission): Observation[] {
  const labs = admission.labs;
  if (!labs) return [];
  const observations: Observation[] = [];
  for (const lab of LABS) {
    const value = labs.values[lab.id];
    const id = admission.ids.labs[lab.id];
    if (value === undefined || id === undefined) continue;
    const observation: Observation = {
      resourceType: 'Observation',
      id,
      meta: SYNTHETIC_META,
      status: 'final',
      category: [LABORATORY_CATEGORY],
      code: { coding: labCodings(lab), text: lab.label },
      subject: { reference: `Patient/${admission.ids.patient}` },
      encounter: { reference: `Encounter/${admission.ids.encounter}` },
      effectiveDateTime: lab.category === 'blood-gas' ? labs.times.gas : labs.times.panel,
      valueQuantity: quantity(value, lab),
    };
    if (lab.typicalRange) {
      const { low, high } = lab.typicalRange;
      const range: ObservationReferenceRange = { low: quantity(low, lab), high: quantity(high, lab) };
      observation.referenceRange = [range];
      const code = value < low ? 'L' : value > high ? 'H' : 'N';
      observation.interpretation = [{ coding: [{ system: INTERPRETATION_SYSTEM, code }] }];
    }
    observations.push(observation);
  }
  return observations;
}

function labCodings(lab: LabDefinition): Coding[] {
  const itemid: Coding = { system: MIMIC_LABITEM_SYSTEM, code: String(lab.itemid), display: lab.label };
  return lab.loinc ? [{ system: LOINC_SYSTEM, code: lab.loinc, display: lab.label }, itemid] : [itemid];
}

function quantity(value: number, lab: LabDefinition): Quantity {
  return { value, unit: lab.unit, system: UCUM_SYSTEM, code: lab.unit };
}

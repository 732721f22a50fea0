/**
 * Generated labs → the LabPanel a FHIR reader would return for them: every value in its catalogue unit, with the
 * catalogue's LOINC code, its typical adult range as the reference range, its effective time and the id of the
 * Observation the FHIR writer gives it.
 */
import { LABS, type LabPanel, type LabValue } from '../../shared/index';
import type { SyntheticLabs } from '../types';

/** When each lab was drawn: blood gases are usually a separate (arterial) sample from the venous panel. */
export interface LabTimes {
  /** ISO 8601 time of the venous panel (chemistry, blood count, coagulation, specimen indices). */
  panel: string;
  /** ISO 8601 time of the blood gas. */
  gas: string;
}

/**
 * @param labs - values in catalogue units; a missing key = not measured
 * @param times - draw times
 * @param observationIds - FHIR id of each lab's Observation, for `source`
 */
export function labsToPanel(
  labs: SyntheticLabs,
  times: LabTimes,
  observationIds: Partial<Record<string, string>>,
): LabPanel {
  const panel: LabPanel = { values: {}, provenance: { source: 'synthetic', references: [] } };
  for (const lab of LABS) {
    const value = labs[lab.id];
    if (value === undefined) continue;
    const id = observationIds[lab.id];
    const entry: LabValue = {
      lab: lab.id,
      value,
      unit: lab.unit,
      effective: lab.category === 'blood-gas' ? times.gas : times.panel,
    };
    if (lab.loinc) entry.loinc = lab.loinc;
    if (lab.typicalRange) {
      entry.referenceRange = { low: lab.typicalRange.low, high: lab.typicalRange.high, unit: lab.unit };
    }
    if (id) {
      entry.source = `Observation/${id}`;
      panel.provenance.references.push(entry.source);
    }
    panel.values[lab.id] = entry;
  }
  return panel;
}

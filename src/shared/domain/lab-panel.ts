import type { LabId } from '../catalogue/labs';
import type { Provenance } from './provenance';

/** A reference range in the catalogue unit of its lab. Either bound may be missing (e.g. `< 0.5`). */
export interface ReferenceRange {
  low?: number;
  high?: number;
  /** UCUM unit of `low`/`high`: always the lab's catalogue unit after mapping. */
  unit: string;
  text?: string;
}

/** One lab result, converted to the catalogue's UCUM unit for its lab. */
export interface LabValue {
  lab: LabId;
  /** Value in `unit` (the catalogue unit). */
  value: number;
  /** UCUM code of `value`, equal to the catalogue unit of `lab`. */
  unit: string;
  /** LOINC code the result was reported with (may be an accepted alternate of the catalogue's code). */
  loinc?: string;
  /** The value and unit as reported, when a conversion was applied. */
  reported?: { value: number; unit: string };
  /** ISO 8601 effective time of the result. */
  effective?: string;
  referenceRange?: ReferenceRange;
  /** FHIR reference or source row id. */
  source?: string;
}

/** The labs of one admission or assessment window, keyed by catalogue lab id; a missing key = not measured. */
export interface LabPanel {
  values: Partial<Record<LabId, LabValue>>;
  /** The window values were taken from (the paper: ±24 h around admission, earliest value per lab). */
  window?: { start: string; end: string };
  provenance: Provenance;
}

/**
 * A FHIR Quantity converted to a catalogue lab's canonical UCUM unit. The unit is read from `code` when it is a UCUM
 * code (system UCUM or absent), else from the human-readable `unit`, and converted with the catalogue's factors
 * (toCanonicalUnit), which know the per-analyte molar masses.
 */
import type { Quantity } from '@medplum/fhirtypes';
import { normaliseUnit, toCanonicalUnit, UCUM_SYSTEM, type LabDefinition } from '../../shared/index';

export interface QuantityUnit {
  /** The unit as written, or undefined when the quantity has none. */
  unit?: string;
  /** The element the unit was read from, relative to the quantity: `code` or `unit` (`code` when absent). */
  field: 'code' | 'unit';
}

/** A value in the lab's canonical unit, with what was reported. */
export interface CanonicalQuantity {
  value: number;
  reportedValue: number;
  /** The unit as written (trimmed), or undefined for a unit-less result. */
  reportedUnit?: string;
  /** Whether the reported unit is a different unit from the canonical one (not merely another spelling of it). */
  converted: boolean;
}

/** Which unit a quantity states: the UCUM `code` first, the display `unit` otherwise. */
export function quantityUnit(quantity: Pick<Quantity, 'code' | 'unit' | 'system'>): QuantityUnit {
  const code = quantity.code?.trim();
  const isUcum = quantity.system === undefined || quantity.system.trim() === UCUM_SYSTEM;
  if (code && isUcum) return { unit: code, field: 'code' };
  const unit = quantity.unit?.trim();
  if (unit) return { unit, field: 'unit' };
  return { field: 'code' };
}

/**
 * Converts `value` in `unit` to the lab's canonical unit.
 *
 * @returns the converted value, or a reason when the unit is missing (and the lab needs one) or not convertible
 */
export function toCanonicalQuantity(
  lab: LabDefinition,
  value: number,
  unit: string | undefined,
): CanonicalQuantity | { reason: string } {
  const converted = toCanonicalUnit(lab, value, unit);
  if (converted !== undefined) {
    const written = unit?.trim() ? unit.trim() : undefined;
    return {
      value: converted,
      reportedValue: value,
      ...(written ? { reportedUnit: written } : {}),
      converted: written !== undefined && normaliseUnit(written) !== lab.unit,
    };
  }
  if (unit === undefined || unit.trim() === '') {
    return { reason: `is missing; ${lab.label} needs a unit (${lab.unit})` };
  }
  return { reason: `'${unit}' cannot be converted to ${lab.unit} for ${lab.label}` };
}

export function isCanonicalQuantity(value: CanonicalQuantity | { reason: string }): value is CanonicalQuantity {
  return 'value' in value;
}

/**
 * UCUM unit normalisation for lab results. EHRs and MIMIC write the same unit many ways (`K/uL`, `10^3/uL`,
 * `10*9/L`); this maps the spellings seen in practice to one UCUM code. Conversions between different quantities
 * (mmol/L ↔ mg/dL) are per lab, in labs.ts, since they depend on the analyte's molar mass.
 */

export const UCUM_SYSTEM = 'http://unitsofmeasure.org';

const SYNONYMS: Record<string, string> = {
  'k/ul': '10*3/uL',
  'k/mm3': '10*3/uL',
  '10^3/ul': '10*3/uL',
  '10*3/ul': '10*3/uL',
  'x10e3/ul': '10*3/uL',
  'x10^3/ul': '10*3/uL',
  'thou/ul': '10*3/uL',
  '10*9/l': '10*3/uL',
  '10^9/l': '10*3/uL',
  'x10e9/l': '10*3/uL',
  'm/ul': '10*6/uL',
  '10^6/ul': '10*6/uL',
  '10*6/ul': '10*6/uL',
  'x10e6/ul': '10*6/uL',
  'mil/ul': '10*6/uL',
  '10*12/l': '10*6/uL',
  '10^12/l': '10*6/uL',
  'iu/l': 'U/L',
  'u/l': 'U/L',
  '[iu]/l': 'U/L',
  'mm hg': 'mm[Hg]',
  mmhg: 'mm[Hg]',
  'mm[hg]': 'mm[Hg]',
  kpa: 'kPa',
  units: '[pH]',
  '[ph]': '[pH]',
  ph: '[pH]',
  sec: 's',
  s: 's',
  seconds: 's',
  'meq/l': 'meq/L',
  'mmol/l': 'mmol/L',
  'umol/l': 'umol/L',
  'µmol/l': 'umol/L',
  'μmol/l': 'umol/L',
  'mg/dl': 'mg/dL',
  'g/dl': 'g/dL',
  'g/l': 'g/L',
  '%|g/dl': 'g/dL',
  fl: 'fL',
  pg: 'pg',
  '%': '%',
  'l/l': 'L/L',
  '{inr}': '{INR}',
  inr: '{INR}',
  ratio: '{ratio}',
  '{ratio}': '{ratio}',
  '1': '1',
  '{index}': '{index}',
  u: '{index}',
  'ukat/l': 'ukat/L',
  'mg/l': 'mg/L',
};

/** The UCUM code for a unit as written, or the input trimmed when it is not a known spelling. */
export function normaliseUnit(unit: string): string {
  const trimmed = unit.trim();
  return SYNONYMS[trimmed.toLowerCase()] ?? trimmed;
}

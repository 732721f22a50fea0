/**
 * The 50 labs of MedTVT-R1's lab vector, in the paper's vector order (the reference code sorts
 * `"<itemid>_percentile"` keys, i.e. ascending MIMIC itemid). LOINC codes follow the MIMIC-IV mapping
 * (`mimic-code: mimic-iv/mapping/d_labitems_to_loinc.csv`), units are UCUM, typical ranges are adult textbook ranges
 * (../shared/reference/fhir-facts.md §3). Prefer the EHR's own `Observation.referenceRange` when present.
 */
import { normaliseUnit } from './units';

export type LabCategory =
  | 'blood-gas'
  | 'electrolytes-renal'
  | 'liver'
  | 'muscle'
  | 'glucose'
  | 'blood-count'
  | 'differential'
  | 'coagulation'
  | 'specimen-quality';

export interface LabDefinition {
  /** Position in the 50-lab vector (0–49); the presence flag sits at `index + 50`. */
  index: number;
  id: LabId;
  /** MIMIC-IV `d_labitems.itemid`. */
  itemid: number;
  label: string;
  category: LabCategory;
  /** Primary LOINC code (MIMIC-IV mapping), or null for the specimen-quality indices that have none. */
  loinc: string | null;
  /** Other LOINC codes for the same quantity (other specimen, method or unit) accepted on input. */
  loincAlternates: readonly string[];
  /** Canonical UCUM unit: every LabValue of this lab carries it. */
  unit: string;
  /** Unit as MIMIC-IV writes it in `labevents.valueuom`. */
  mimicUnit: string;
  /** Other UCUM units accepted, with the factor that converts them: canonical = value × factor. */
  conversions: Readonly<Record<string, number>>;
  /** A result without a unit is acceptable (pH, INR, indices). */
  unitless?: boolean;
  /** Typical adult range in the canonical unit; null where none applies. */
  typicalRange: { low: number; high: number } | null;
}

type Row = Omit<LabDefinition, 'index' | 'id' | 'conversions'> & {
  id: string;
  conversions?: Record<string, number>;
};

// Molar-mass conversions: mg/dL = mmol/L × (molar mass / 10).
const CA = 4.008; // calcium 40.08 g/mol
const MG = 2.431; // magnesium 24.31 g/mol
const PO4 = 3.097; // phosphorus 30.97 g/mol
const UREA_N = 2.801; // urea nitrogen: 28.01 g/mol of N2 per mol urea
const CREAT = 1 / 88.42; // creatinine: umol/L → mg/dL
const GLUCOSE = 18.016; // glucose 180.16 g/mol
const BILI = 1 / 17.104; // bilirubin: umol/L → mg/dL
const LACTATE = 1 / 9.008; // lactate mg/dL → mmol/L
const KPA = 7.50062; // kPa → mm[Hg]

// One row per lab, one line each: a table reads better than prettier's expansion.
// prettier-ignore
const ROWS: readonly Row[] = [
  { itemid: 50802, id: 'base-excess', label: 'Base Excess', category: 'blood-gas', loinc: '11555-0', loincAlternates: ['1925-7', '1927-3'], unit: 'meq/L', mimicUnit: 'mEq/L', conversions: { 'mmol/L': 1 }, typicalRange: { low: -2, high: 2 } },
  { itemid: 50804, id: 'calculated-total-co2', label: 'Calculated Total CO2', category: 'blood-gas', loinc: '34728-6', loincAlternates: [], unit: 'meq/L', mimicUnit: 'mEq/L', conversions: { 'mmol/L': 1 }, typicalRange: { low: 21, high: 30 } },
  { itemid: 50813, id: 'lactate', label: 'Lactate', category: 'blood-gas', loinc: '32693-4', loincAlternates: ['2524-7', '2518-9'], unit: 'mmol/L', mimicUnit: 'mmol/L', conversions: { 'meq/L': 1, 'mg/dL': LACTATE }, typicalRange: { low: 0.5, high: 2.2 } },
  { itemid: 50818, id: 'pco2', label: 'pCO2', category: 'blood-gas', loinc: '11557-6', loincAlternates: ['2019-8', '2021-4'], unit: 'mm[Hg]', mimicUnit: 'mm Hg', conversions: { kPa: KPA }, typicalRange: { low: 35, high: 45 } },
  { itemid: 50820, id: 'ph', label: 'pH', category: 'blood-gas', loinc: '11558-4', loincAlternates: ['2744-1', '2746-6'], unit: '[pH]', mimicUnit: 'units', conversions: { '1': 1 }, unitless: true, typicalRange: { low: 7.35, high: 7.45 } },
  { itemid: 50821, id: 'po2', label: 'pO2', category: 'blood-gas', loinc: '11556-8', loincAlternates: ['2703-7', '2705-2'], unit: 'mm[Hg]', mimicUnit: 'mm Hg', conversions: { kPa: KPA }, typicalRange: { low: 80, high: 100 } },
  { itemid: 50861, id: 'alt', label: 'Alanine Aminotransferase (ALT)', category: 'liver', loinc: '1742-6', loincAlternates: ['1743-4', '76625-3'], unit: 'U/L', mimicUnit: 'IU/L', conversions: { 'ukat/L': 60 }, typicalRange: { low: 0, high: 35 } },
  { itemid: 50862, id: 'albumin', label: 'Albumin', category: 'liver', loinc: '1751-7', loincAlternates: ['61151-7', '61152-5', '2862-1'], unit: 'g/dL', mimicUnit: 'g/dL', conversions: { 'g/L': 0.1 }, typicalRange: { low: 3.5, high: 5.0 } },
  { itemid: 50863, id: 'alkaline-phosphatase', label: 'Alkaline Phosphatase', category: 'liver', loinc: '6768-6', loincAlternates: [], unit: 'U/L', mimicUnit: 'IU/L', conversions: { 'ukat/L': 60 }, typicalRange: { low: 30, high: 120 } },
  { itemid: 50868, id: 'anion-gap', label: 'Anion Gap', category: 'electrolytes-renal', loinc: '1863-0', loincAlternates: ['33037-3', '10466-1'], unit: 'meq/L', mimicUnit: 'mEq/L', conversions: { 'mmol/L': 1 }, typicalRange: { low: 7, high: 16 } },
  { itemid: 50878, id: 'ast', label: 'Aspartate Aminotransferase (AST)', category: 'liver', loinc: '1920-8', loincAlternates: ['30239-8'], unit: 'U/L', mimicUnit: 'IU/L', conversions: { 'ukat/L': 60 }, typicalRange: { low: 0, high: 35 } },
  { itemid: 50882, id: 'bicarbonate', label: 'Bicarbonate', category: 'electrolytes-renal', loinc: '1963-8', loincAlternates: ['1959-6', '2028-9', '20565-8'], unit: 'meq/L', mimicUnit: 'mEq/L', conversions: { 'mmol/L': 1 }, typicalRange: { low: 22, high: 28 } },
  { itemid: 50885, id: 'bilirubin-total', label: 'Bilirubin, Total', category: 'liver', loinc: '1975-2', loincAlternates: ['42719-5', '14631-6'], unit: 'mg/dL', mimicUnit: 'mg/dL', conversions: { 'umol/L': BILI }, typicalRange: { low: 0.3, high: 1.0 } },
  { itemid: 50893, id: 'calcium-total', label: 'Calcium, Total', category: 'electrolytes-renal', loinc: '17861-6', loincAlternates: ['49765-1', '2000-8'], unit: 'mg/dL', mimicUnit: 'mg/dL', conversions: { 'mmol/L': CA, 'meq/L': CA / 2 }, typicalRange: { low: 8.5, high: 10.5 } },
  { itemid: 50902, id: 'chloride', label: 'Chloride', category: 'electrolytes-renal', loinc: '2075-0', loincAlternates: ['2069-3'], unit: 'meq/L', mimicUnit: 'mEq/L', conversions: { 'mmol/L': 1 }, typicalRange: { low: 98, high: 106 } },
  { itemid: 50910, id: 'creatine-kinase', label: 'Creatine Kinase (CK)', category: 'muscle', loinc: '2157-6', loincAlternates: [], unit: 'U/L', mimicUnit: 'IU/L', conversions: { 'ukat/L': 60 }, typicalRange: { low: 30, high: 170 } },
  { itemid: 50912, id: 'creatinine', label: 'Creatinine', category: 'electrolytes-renal', loinc: '2160-0', loincAlternates: ['38483-4', '14682-9'], unit: 'mg/dL', mimicUnit: 'mg/dL', conversions: { 'umol/L': CREAT, 'mmol/L': 1000 * CREAT }, typicalRange: { low: 0.6, high: 1.2 } },
  { itemid: 50931, id: 'glucose', label: 'Glucose', category: 'glucose', loinc: '2345-7', loincAlternates: ['2339-0', '41653-7', '14749-6', '15074-8'], unit: 'mg/dL', mimicUnit: 'mg/dL', conversions: { 'mmol/L': GLUCOSE }, typicalRange: { low: 70, high: 110 } },
  { itemid: 50934, id: 'hemolysis-index', label: 'H (hemolysis index)', category: 'specimen-quality', loinc: null, loincAlternates: [], unit: '{index}', mimicUnit: 'U', conversions: {}, unitless: true, typicalRange: null },
  { itemid: 50947, id: 'icterus-index', label: 'I (icterus index)', category: 'specimen-quality', loinc: null, loincAlternates: [], unit: '{index}', mimicUnit: 'U', conversions: {}, unitless: true, typicalRange: null },
  { itemid: 50960, id: 'magnesium', label: 'Magnesium', category: 'electrolytes-renal', loinc: '19123-9', loincAlternates: ['2601-3'], unit: 'mg/dL', mimicUnit: 'mg/dL', conversions: { 'mmol/L': MG, 'meq/L': MG / 2 }, typicalRange: { low: 1.7, high: 2.4 } },
  { itemid: 50970, id: 'phosphate', label: 'Phosphate', category: 'electrolytes-renal', loinc: '2777-1', loincAlternates: ['14879-1'], unit: 'mg/dL', mimicUnit: 'mg/dL', conversions: { 'mmol/L': PO4 }, typicalRange: { low: 2.5, high: 4.5 } },
  { itemid: 50971, id: 'potassium', label: 'Potassium', category: 'electrolytes-renal', loinc: '2823-3', loincAlternates: ['6298-4'], unit: 'meq/L', mimicUnit: 'mEq/L', conversions: { 'mmol/L': 1 }, typicalRange: { low: 3.5, high: 5.0 } },
  { itemid: 50983, id: 'sodium', label: 'Sodium', category: 'electrolytes-renal', loinc: '2951-2', loincAlternates: ['2947-0'], unit: 'meq/L', mimicUnit: 'mEq/L', conversions: { 'mmol/L': 1 }, typicalRange: { low: 135, high: 145 } },
  { itemid: 51006, id: 'urea-nitrogen', label: 'Urea Nitrogen', category: 'electrolytes-renal', loinc: '3094-0', loincAlternates: ['6299-2', '14937-7', '22664-7'], unit: 'mg/dL', mimicUnit: 'mg/dL', conversions: { 'mmol/L': UREA_N }, typicalRange: { low: 8, high: 20 } },
  { itemid: 51133, id: 'lymphocytes-absolute', label: 'Absolute Lymphocyte Count', category: 'differential', loinc: '731-0', loincAlternates: ['26474-7'], unit: '10*3/uL', mimicUnit: 'K/uL', conversions: { '/uL': 0.001 }, typicalRange: { low: 1.0, high: 4.8 } },
  { itemid: 51146, id: 'basophils', label: 'Basophils', category: 'differential', loinc: '706-2', loincAlternates: ['30180-4'], unit: '%', mimicUnit: '%', conversions: {}, typicalRange: { low: 0, high: 3 } },
  { itemid: 51200, id: 'eosinophils', label: 'Eosinophils', category: 'differential', loinc: '713-8', loincAlternates: ['26450-7'], unit: '%', mimicUnit: '%', conversions: {}, typicalRange: { low: 0, high: 8 } },
  { itemid: 51221, id: 'hematocrit', label: 'Hematocrit', category: 'blood-count', loinc: '4544-3', loincAlternates: ['20570-8'], unit: '%', mimicUnit: '%', conversions: { 'L/L': 100, '1': 100 }, typicalRange: { low: 36, high: 51 } },
  { itemid: 51222, id: 'hemoglobin', label: 'Hemoglobin', category: 'blood-count', loinc: '718-7', loincAlternates: ['20509-6', '30313-1'], unit: 'g/dL', mimicUnit: 'g/dL', conversions: { 'g/L': 0.1, 'mmol/L': 1.6114 }, typicalRange: { low: 12, high: 17 } },
  { itemid: 51237, id: 'inr', label: 'INR(PT)', category: 'coagulation', loinc: '6301-6', loincAlternates: ['34714-6', '5895-7', '46418-0'], unit: '{INR}', mimicUnit: '', conversions: { '1': 1, '{ratio}': 1 }, unitless: true, typicalRange: { low: 0.9, high: 1.1 } },
  { itemid: 51244, id: 'lymphocytes', label: 'Lymphocytes', category: 'differential', loinc: '736-9', loincAlternates: ['26478-8'], unit: '%', mimicUnit: '%', conversions: {}, typicalRange: { low: 22, high: 44 } },
  { itemid: 51248, id: 'mch', label: 'MCH', category: 'blood-count', loinc: '785-6', loincAlternates: [], unit: 'pg', mimicUnit: 'pg', conversions: {}, typicalRange: { low: 28, high: 32 } },
  { itemid: 51249, id: 'mchc', label: 'MCHC', category: 'blood-count', loinc: '786-4', loincAlternates: [], unit: 'g/dL', mimicUnit: '%|g/dL', conversions: { 'g/L': 0.1, '%': 1 }, typicalRange: { low: 32, high: 36 } },
  { itemid: 51250, id: 'mcv', label: 'MCV', category: 'blood-count', loinc: '787-2', loincAlternates: ['30428-7'], unit: 'fL', mimicUnit: 'fL', conversions: {}, typicalRange: { low: 80, high: 100 } },
  { itemid: 51254, id: 'monocytes', label: 'Monocytes', category: 'differential', loinc: '5905-5', loincAlternates: ['26485-3'], unit: '%', mimicUnit: '%', conversions: {}, typicalRange: { low: 4, high: 11 } },
  { itemid: 51256, id: 'neutrophils', label: 'Neutrophils', category: 'differential', loinc: '770-8', loincAlternates: ['26511-6'], unit: '%', mimicUnit: '%', conversions: {}, typicalRange: { low: 40, high: 70 } },
  { itemid: 51265, id: 'platelets', label: 'Platelet Count', category: 'blood-count', loinc: '777-3', loincAlternates: ['26515-7', '778-1'], unit: '10*3/uL', mimicUnit: 'K/uL', conversions: { '/uL': 0.001 }, typicalRange: { low: 140, high: 450 } },
  { itemid: 51274, id: 'pt', label: 'PT', category: 'coagulation', loinc: '5902-2', loincAlternates: ['5964-2'], unit: 's', mimicUnit: 'sec', conversions: {}, typicalRange: { low: 10, high: 13 } },
  { itemid: 51275, id: 'ptt', label: 'PTT', category: 'coagulation', loinc: '14979-9', loincAlternates: ['3173-2'], unit: 's', mimicUnit: 'sec', conversions: {}, typicalRange: { low: 21, high: 45 } },
  { itemid: 51277, id: 'rdw', label: 'RDW', category: 'blood-count', loinc: '788-0', loincAlternates: ['30385-9'], unit: '%', mimicUnit: '%', conversions: {}, typicalRange: { low: 11.5, high: 14.5 } },
  { itemid: 51279, id: 'rbc', label: 'Red Blood Cells', category: 'blood-count', loinc: '789-8', loincAlternates: ['26453-1'], unit: '10*6/uL', mimicUnit: 'm/uL', conversions: {}, typicalRange: { low: 4.0, high: 5.9 } },
  { itemid: 51301, id: 'wbc', label: 'White Blood Cells', category: 'blood-count', loinc: '6690-2', loincAlternates: ['26464-8', '804-5'], unit: '10*3/uL', mimicUnit: 'K/uL', conversions: { '/uL': 0.001 }, typicalRange: { low: 4.5, high: 11.0 } },
  { itemid: 51678, id: 'lipemia-index', label: 'L (lipemia index)', category: 'specimen-quality', loinc: null, loincAlternates: [], unit: '{index}', mimicUnit: 'U', conversions: {}, unitless: true, typicalRange: null },
  { itemid: 52069, id: 'basophils-absolute', label: 'Absolute Basophil Count', category: 'differential', loinc: '704-7', loincAlternates: ['26444-0'], unit: '10*3/uL', mimicUnit: 'K/uL', conversions: { '/uL': 0.001 }, typicalRange: { low: 0, high: 0.3 } },
  { itemid: 52073, id: 'eosinophils-absolute', label: 'Absolute Eosinophil Count', category: 'differential', loinc: '711-2', loincAlternates: ['26449-9'], unit: '10*3/uL', mimicUnit: 'K/uL', conversions: { '/uL': 0.001 }, typicalRange: { low: 0, high: 0.9 } },
  { itemid: 52074, id: 'monocytes-absolute', label: 'Absolute Monocyte Count', category: 'differential', loinc: '742-7', loincAlternates: ['26484-6'], unit: '10*3/uL', mimicUnit: 'K/uL', conversions: { '/uL': 0.001 }, typicalRange: { low: 0.2, high: 1.2 } },
  { itemid: 52075, id: 'neutrophils-absolute', label: 'Absolute Neutrophil Count', category: 'differential', loinc: '751-8', loincAlternates: ['26499-4'], unit: '10*3/uL', mimicUnit: 'K/uL', conversions: { '/uL': 0.001 }, typicalRange: { low: 1.8, high: 7.7 } },
  { itemid: 52135, id: 'immature-granulocytes', label: 'Immature Granulocytes', category: 'differential', loinc: '38518-7', loincAlternates: ['71695-1'], unit: '%', mimicUnit: '%', conversions: {}, typicalRange: { low: 0, high: 1 } },
  { itemid: 52172, id: 'rdw-sd', label: 'RDW-SD', category: 'blood-count', loinc: '21000-5', loincAlternates: [], unit: 'fL', mimicUnit: 'fL', conversions: {}, typicalRange: { low: 39, high: 46 } },
];

// prettier-ignore
export const LAB_IDS = [
  'base-excess', 'calculated-total-co2', 'lactate', 'pco2', 'ph', 'po2', 'alt', 'albumin', 'alkaline-phosphatase',
  'anion-gap', 'ast', 'bicarbonate', 'bilirubin-total', 'calcium-total', 'chloride', 'creatine-kinase', 'creatinine',
  'glucose', 'hemolysis-index', 'icterus-index', 'magnesium', 'phosphate', 'potassium', 'sodium', 'urea-nitrogen',
  'lymphocytes-absolute', 'basophils', 'eosinophils', 'hematocrit', 'hemoglobin', 'inr', 'lymphocytes', 'mch', 'mchc',
  'mcv', 'monocytes', 'neutrophils', 'platelets', 'pt', 'ptt', 'rdw', 'rbc', 'wbc', 'lipemia-index',
  'basophils-absolute', 'eosinophils-absolute', 'monocytes-absolute', 'neutrophils-absolute', 'immature-granulocytes',
  'rdw-sd',
] as const;

export type LabId = (typeof LAB_IDS)[number];

/** Code system for MIMIC-IV lab itemids, as used by the MIMIC-IV on FHIR demo (code = itemid). */
export const MIMIC_LABITEM_SYSTEM = 'http://mimic.mit.edu/fhir/mimic/CodeSystem/mimic-d-labitems';
export const LOINC_SYSTEM = 'http://loinc.org';

/** The 50 labs in vector order. */
export const LABS: readonly LabDefinition[] = ROWS.map((row, index) => {
  if (row.id !== LAB_IDS[index]) throw new Error(`Lab catalogue out of order at ${index}: ${row.id}`);
  return { ...row, index, id: LAB_IDS[index] as LabId, conversions: row.conversions ?? {} };
});

const BY_ID = new Map<LabId, LabDefinition>(LABS.map((lab) => [lab.id, lab]));
const BY_LOINC = new Map<string, LabDefinition>();
for (const lab of LABS) {
  if (lab.loinc) BY_LOINC.set(lab.loinc, lab);
  for (const alt of lab.loincAlternates) BY_LOINC.set(alt, lab);
}
const BY_ITEMID = new Map<number, LabDefinition>(LABS.map((lab) => [lab.itemid, lab]));

export function getLab(id: LabId): LabDefinition {
  const lab = BY_ID.get(id);
  if (!lab) throw new Error(`Unknown lab id "${id}"`);
  return lab;
}

export function isLabId(value: unknown): value is LabId {
  return typeof value === 'string' && BY_ID.has(value as LabId);
}

/** The lab a LOINC code (primary or accepted alternate) stands for. */
export function labFromLoinc(code: string): LabDefinition | undefined {
  return BY_LOINC.get(code.trim());
}

/** The lab a MIMIC-IV itemid stands for. */
export function labFromItemid(itemid: number): LabDefinition | undefined {
  return BY_ITEMID.get(itemid);
}

/** Every LOINC code the catalogue accepts, for building FHIR searches (`code=a,b,c`). */
export function allLabLoincCodes(): string[] {
  return [...BY_LOINC.keys()];
}

/**
 * Converts a value in `unit` (any spelling normaliseUnit knows) to the lab's canonical unit.
 * Returns undefined when the unit is not convertible for this lab; a missing unit is accepted only for unitless labs.
 */
export function toCanonicalUnit(lab: LabDefinition, value: number, unit: string | undefined): number | undefined {
  if (unit === undefined || unit.trim() === '') return lab.unitless ? value : undefined;
  const normalised = normaliseUnit(unit);
  if (normalised === lab.unit) return value;
  const factor = lab.conversions[normalised];
  return factor === undefined ? undefined : value * factor;
}

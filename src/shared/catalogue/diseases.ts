/**
 * The seven comorbidity categories of MedTVT-R1, with the paper's exact answer strings and the code sets that
 * define them. ICD-10 sets are those of the reference code's `evaluate.py::icd_mapping`
 * (../shared/reference/medtvt-r1.md §2.3), kept exactly, codes without the dot as MIMIC stores them.
 */

export const DISEASE_IDS = [
  'coronary-artery-disease',
  'acute-renal-failure',
  'hypertension',
  'atrial-fibrillation',
  'pneumonia',
  'diabetes-mellitus',
  'sepsis',
] as const;

export type DiseaseId = (typeof DISEASE_IDS)[number];

export interface SnomedConcept {
  code: string;
  display: string;
}

export interface DiseaseDefinition {
  id: DiseaseId;
  /** The paper's exact answer string (case-sensitive; the Jaccard reward matches it exactly). */
  answer: string;
  /** `evaluate.py` ICD-10 codes, dot-free, as the paper lists them. */
  icd10: readonly string[];
  /** ICD-10 three-character categories the disease covers, for matching EHR problem lists beyond the paper's set. */
  icd10Categories: readonly string[];
  /** ICD-9-CM codes or code prefixes (dot-free) with the same meaning, for MIMIC-IV admissions coded in ICD-9. */
  icd9Prefixes: readonly string[];
  /** SNOMED CT concept written in FHIR output (Condition.code, RiskAssessment.prediction.outcome). */
  snomed: SnomedConcept;
  /** Other SNOMED CT concepts that count as this disease on a problem list. */
  snomedAlsoMatches: readonly SnomedConcept[];
}

function range(prefix: string, from: number, to: number): string[] {
  const codes: string[] = [];
  for (let i = from; i <= to; i++) codes.push(`${prefix}${i}`);
  return codes;
}

export const SNOMED_SYSTEM = 'http://snomed.info/sct';
export const ICD10_SYSTEMS = ['http://hl7.org/fhir/sid/icd-10-cm', 'http://hl7.org/fhir/sid/icd-10'] as const;
export const ICD9_SYSTEM = 'http://hl7.org/fhir/sid/icd-9-cm';

export const DISEASES: readonly DiseaseDefinition[] = [
  {
    id: 'coronary-artery-disease',
    answer: 'Coronary Artery Disease',
    icd10: [...range('I25', 0, 9), 'I2510'],
    icd10Categories: ['I25'],
    // 414.x chronic ischaemic heart disease; 412 old myocardial infarction (≈ I25.2).
    icd9Prefixes: ['414', '412'],
    snomed: { code: '53741008', display: 'Coronary arteriosclerosis' },
    snomedAlsoMatches: [
      { code: '414545008', display: 'Ischemic heart disease' },
      { code: '413838009', display: 'Chronic ischemic heart disease' },
      { code: '194828000', display: 'Angina' },
    ],
  },
  {
    id: 'acute-renal-failure',
    answer: 'Acute Renal Failure',
    icd10: ['N170', 'N171', 'N172', 'N178', 'N179'],
    icd10Categories: ['N17'],
    icd9Prefixes: ['584'],
    snomed: { code: '14669001', display: 'Acute renal failure syndrome' },
    snomedAlsoMatches: [{ code: '140031000119103', display: 'Acute kidney injury due to sepsis' }],
  },
  {
    id: 'hypertension',
    answer: 'Hypertension',
    icd10: [
      'I10',
      'I110',
      'I119',
      'I120',
      'I129',
      'I130',
      'I131',
      'I132',
      'I139',
      'I150',
      'I151',
      'I152',
      'I158',
      'I159',
    ],
    icd10Categories: ['I10', 'I11', 'I12', 'I13', 'I15'],
    icd9Prefixes: ['401', '402', '403', '404', '405'],
    snomed: { code: '38341003', display: 'Hypertensive disorder, systemic arterial' },
    snomedAlsoMatches: [
      { code: '59621000', display: 'Essential hypertension' },
      { code: '10725009', display: 'Benign hypertension' },
    ],
  },
  {
    id: 'atrial-fibrillation',
    answer: 'Atrial Fibrillation',
    icd10: ['I480', 'I481', 'I482', 'I483', 'I484', 'I489', 'I4890', 'I4891', 'I4892'],
    icd10Categories: ['I48'],
    // 427.31 atrial fibrillation, 427.32 atrial flutter (I48 covers both).
    icd9Prefixes: ['42731', '42732'],
    snomed: { code: '49436004', display: 'Atrial fibrillation' },
    snomedAlsoMatches: [
      { code: '5370000', display: 'Atrial flutter' },
      { code: '440059007', display: 'Persistent atrial fibrillation' },
      { code: '282825002', display: 'Paroxysmal atrial fibrillation' },
    ],
  },
  {
    id: 'pneumonia',
    answer: 'Pneumonia',
    icd10: ['J180', 'J181', 'J182', 'J188', 'J189'],
    icd10Categories: ['J18'],
    // 485 bronchopneumonia (J18.0), 486 organism unspecified (J18.9). 481 is pneumococcal (J13), not J18.
    icd9Prefixes: ['485', '486'],
    snomed: { code: '233604007', display: 'Pneumonia' },
    snomedAlsoMatches: [
      { code: '385093006', display: 'Community acquired pneumonia' },
      { code: '396285007', display: 'Bronchopneumonia' },
      { code: '278516003', display: 'Lobar pneumonia' },
    ],
  },
  {
    id: 'diabetes-mellitus',
    answer: 'Diabetes Mellitus',
    // E19x is listed by evaluate.py although ICD-10 has no E19 category; kept for fidelity to the paper.
    icd10: [
      ...range('E10', 0, 9),
      ...range('E11', 0, 9),
      ...range('E13', 0, 9),
      ...range('E14', 0, 9),
      ...range('E19', 0, 9),
      'E1165',
      'E1140',
      'E11319',
      'E1129',
    ],
    icd10Categories: ['E10', 'E11', 'E13', 'E14'],
    icd9Prefixes: ['250', '249'],
    snomed: { code: '73211009', display: 'Diabetes mellitus' },
    snomedAlsoMatches: [
      { code: '44054006', display: 'Diabetes mellitus type 2' },
      { code: '46635009', display: 'Diabetes mellitus type 1' },
    ],
  },
  {
    id: 'sepsis',
    answer: 'Sepsis',
    icd10: ['A400', 'A401', 'A402', 'A403', 'A408', 'A409', ...range('A41', 0, 5), 'A418', 'A419', 'R6520', 'R6521'],
    icd10Categories: ['A40', 'A41'],
    // 038.x septicaemia; 995.91 sepsis; 995.92 severe sepsis (R65.20); 785.52 septic shock (R65.21).
    icd9Prefixes: ['038', '99591', '99592', '78552'],
    snomed: { code: '91302008', display: 'Sepsis' },
    snomedAlsoMatches: [
      { code: '76571007', display: 'Septic shock' },
      { code: '10001005', display: 'Bacterial sepsis' },
    ],
  },
];

const BY_ID = new Map(DISEASES.map((d) => [d.id, d]));

export function getDisease(id: DiseaseId): DiseaseDefinition {
  const disease = BY_ID.get(id);
  if (!disease) throw new Error(`Unknown disease id "${id}"`);
  return disease;
}

export function isDiseaseId(value: unknown): value is DiseaseId {
  return typeof value === 'string' && BY_ID.has(value as DiseaseId);
}

/** The disease whose exact answer string this is (as the Jaccard reward compares them: exact, case-sensitive). */
export function diseaseFromAnswer(answer: string): DiseaseDefinition | undefined {
  return DISEASES.find((d) => d.answer === answer.trim());
}

function stripDot(code: string): string {
  return code.replace('.', '').trim().toUpperCase();
}

/**
 * Diseases an ICD-10 code belongs to. `paper` matches `evaluate.py`'s sets exactly (for evaluation parity);
 * `category` matches any code in the disease's ICD-10 categories (for problem lists, e.g. I25.110).
 */
export function diseasesForIcd10(code: string, mode: 'paper' | 'category' = 'paper'): DiseaseId[] {
  const c = stripDot(code);
  return DISEASES.filter((d) =>
    mode === 'paper' ? d.icd10.includes(c) : d.icd10Categories.some((cat) => c.startsWith(cat)),
  ).map((d) => d.id);
}

/** Diseases an ICD-9-CM code belongs to (MIMIC-IV stores both versions, dot-free). */
export function diseasesForIcd9(code: string): DiseaseId[] {
  const c = stripDot(code);
  return DISEASES.filter((d) => d.icd9Prefixes.some((p) => c.startsWith(p))).map((d) => d.id);
}

/** Diseases a SNOMED CT code names (the primary concept or one of the listed equivalents). */
export function diseasesForSnomed(code: string): DiseaseId[] {
  return DISEASES.filter((d) => d.snomed.code === code || d.snomedAlsoMatches.some((s) => s.code === code)).map(
    (d) => d.id,
  );
}

/**
 * The twelve standard leads, their order in the model input, and their MDC codes.
 * Source: ../shared/reference/fhir-facts.md §1.3 (IEEE 11073-10101; DICOM CID 3001).
 */

export const ECG_LEAD_NAMES = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;

export type EcgLeadName = (typeof ECG_LEAD_NAMES)[number];

/**
 * Lead order of the model input `ecg [B,12,1000]`: MIMIC-IV-ECG storage order (I, II, III, aVR, aVF, aVL, V1–V6),
 * which the paper's encoder was trained on. Note aVF before aVL, unlike PTB-XL.
 */
export const MODEL_LEAD_ORDER: readonly EcgLeadName[] = [
  'I',
  'II',
  'III',
  'aVR',
  'aVF',
  'aVL',
  'V1',
  'V2',
  'V3',
  'V4',
  'V5',
  'V6',
];

/** MDC code systems: the canonical URI and the OID form used by the R4 example Observation. */
export const MDC_SYSTEMS = ['urn:iso:std:iso:11073:10101', 'urn:oid:2.16.840.1.113883.6.24'] as const;
export const MDC_SYSTEM = MDC_SYSTEMS[0];

interface LeadCodes {
  /** `MDC_ECG_ELEC_POTL_*`: numeric code used by the FHIR "ekg" example. */
  elecPotl: number;
  /** `MDC_ECG_LEAD_*`: lead identity, DICOM CID 3001 and HL7 aECG. */
  lead: number;
  /** Reference id of the LEAD family as aECG writes it. */
  refId: string;
}

export const MDC_LEAD_CODES: Record<EcgLeadName, LeadCodes> = {
  I: { elecPotl: 131329, lead: 131073, refId: 'MDC_ECG_LEAD_I' },
  II: { elecPotl: 131330, lead: 131074, refId: 'MDC_ECG_LEAD_II' },
  III: { elecPotl: 131389, lead: 131133, refId: 'MDC_ECG_LEAD_III' },
  aVR: { elecPotl: 131390, lead: 131134, refId: 'MDC_ECG_LEAD_AVR' },
  aVL: { elecPotl: 131391, lead: 131135, refId: 'MDC_ECG_LEAD_AVL' },
  aVF: { elecPotl: 131392, lead: 131136, refId: 'MDC_ECG_LEAD_AVF' },
  V1: { elecPotl: 131331, lead: 131075, refId: 'MDC_ECG_LEAD_V1' },
  V2: { elecPotl: 131332, lead: 131076, refId: 'MDC_ECG_LEAD_V2' },
  V3: { elecPotl: 131333, lead: 131077, refId: 'MDC_ECG_LEAD_V3' },
  V4: { elecPotl: 131334, lead: 131078, refId: 'MDC_ECG_LEAD_V4' },
  V5: { elecPotl: 131335, lead: 131079, refId: 'MDC_ECG_LEAD_V5' },
  V6: { elecPotl: 131336, lead: 131080, refId: 'MDC_ECG_LEAD_V6' },
};

const BY_CODE = new Map<string, EcgLeadName>();
for (const name of ECG_LEAD_NAMES) {
  const codes = MDC_LEAD_CODES[name];
  BY_CODE.set(String(codes.elecPotl), name);
  BY_CODE.set(String(codes.lead), name);
  BY_CODE.set(codes.refId, name);
  BY_CODE.set(codes.refId.replace('MDC_ECG_LEAD_', 'MDC_ECG_ELEC_POTL_'), name);
}

/** The lead an MDC code (numeric, either family, or a reference id string) names; undefined if none. */
export function leadFromMdcCode(code: string): EcgLeadName | undefined {
  return BY_CODE.get(code.trim().toUpperCase()) ?? BY_CODE.get(code.trim());
}

const BY_LABEL = new Map<string, EcgLeadName>(ECG_LEAD_NAMES.map((name) => [name.toUpperCase(), name]));

/**
 * The standard lead a free-text label names: `I`, `lead II`, `AVR`, `avf`, `V1`, `Lead V6`, `-aVR` is not accepted.
 * Returns undefined for anything else (e.g. Frank leads `vx`, `MLII`).
 */
export function normaliseLeadName(label: string): EcgLeadName | undefined {
  const cleaned = label
    .trim()
    .replace(/^lead\s*/i, '')
    .replace(/\s+/g, '')
    .toUpperCase();
  return BY_LABEL.get(cleaned);
}

/** The three input modalities of MedTVT-R1, in the order of the perception graph's `modality_mask [B,3]`. */
export const MODALITIES = ['ecg', 'cxr', 'labs'] as const;

export type Modality = (typeof MODALITIES)[number];

export function isModality(value: unknown): value is Modality {
  return typeof value === 'string' && (MODALITIES as readonly string[]).includes(value);
}

/**
 * Why a modality is absent or only partly read. Carried on every record and assessment so that no modality is
 * ever dropped silently.
 */
export interface ModalityIssue {
  modality: Modality;
  /** `absent`: nothing found; `unreadable`: found but could not be read; `partial`: read with some parts dropped. */
  kind: 'absent' | 'unreadable' | 'partial';
  message: string;
  /** FHIR reference (`Observation/123`) or file name the issue is about, when there is one. */
  source?: string;
  /** The element that was wrong (`component[3].valueSampledData.data`). */
  field?: string;
}

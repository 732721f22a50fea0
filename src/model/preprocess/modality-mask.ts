/**
 * The perception graph's `modality_mask` row of one record: `[3]` float32 in MODALITIES order (ecg, cxr, labs),
 * 1 = present.
 */
import { MODALITIES, type Modality, type MultimodalRecord } from '../../shared';

function isPresent(record: MultimodalRecord, modality: Modality): boolean {
  switch (modality) {
    case 'ecg':
      return record.ecg?.leads.some((lead) => lead.samples.length > 0) ?? false;
    case 'cxr':
      return record.cxr !== undefined;
    case 'labs':
      return Object.values(record.labs?.values ?? {}).some(
        (value) => value !== undefined && Number.isFinite(value.value),
      );
  }
}

/**
 * Which modalities a record carries. A modality counts as present only when the model can read something from it:
 * an ECG with at least one non-empty lead, a chest image, a lab panel with at least one finite value. (An empty panel
 * would otherwise enter as 50 mean percentiles that say nothing about the patient.)
 *
 * @param record - the patient's record
 * @returns `[3]` float32, ecg, cxr, labs; 1 = present
 */
export function modalityMask(record: MultimodalRecord): Float32Array {
  return Float32Array.from(MODALITIES, (modality) => (isPresent(record, modality) ? 1 : 0));
}

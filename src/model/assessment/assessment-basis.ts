/** The FHIR references an assessment was based on (RiskAssessment.basis), from the record's provenance. */
import type { Modality, MultimodalRecord } from '../../shared';

/**
 * The references of the record and of each modality the model used, then each used lab value's source, in that
 * order and without duplicates. A reference that only a modality the model left out came from (an ECG it could not
 * read) is not part of the basis. Only references: never resource bodies.
 *
 * @param record - the assessed record
 * @param used - modalities the model used
 */
export function assessmentBasis(record: MultimodalRecord, used: readonly Modality[]): string[] {
  const byModality: Record<Modality, string[]> = {
    ecg: record.ecg?.provenance.references ?? [],
    cxr: record.cxr?.provenance.references ?? [],
    labs: [
      ...(record.labs?.provenance.references ?? []),
      ...Object.values(record.labs?.values ?? {}).flatMap((value) => (value?.source ? [value.source] : [])),
    ],
  };
  const usedRefs = new Set(used.flatMap((m) => byModality[m]));
  const unusedRefs = new Set(
    (Object.keys(byModality) as Modality[]).filter((m) => !used.includes(m)).flatMap((m) => byModality[m]),
  );
  const references = new Set<string>();
  for (const r of record.provenance.references) if (usedRefs.has(r) || !unusedRefs.has(r)) references.add(r);
  for (const r of usedRefs) references.add(r);
  return [...references].filter((r) => r.trim() !== '');
}

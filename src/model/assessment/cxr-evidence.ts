/**
 * Chest radiograph evidence. A radiologist's findings and conclusion are shown when the source carried a report;
 * otherwise the evidence is what image the model read. The model's CXR contribution is an image-level signal of the
 * fused model and is labelled as such, never as a finding.
 */
import type { ChestImage, EvidenceItem } from '../../shared';

/** Said with every CXR the model read, so that no reader takes the model's image signal for a radiology finding. */
export const CXR_MODEL_CAVEAT =
  "the model's CXR contribution is an image-level signal of the fused model, not a radiologist finding";

/**
 * The evidence items of a chest radiograph the model read.
 *
 * @param image - the record's chest image
 */
export function cxrEvidence(image: ChestImage): EvidenceItem[] {
  const source = image.provenance.references[0];
  const items: EvidenceItem[] = [];
  for (const finding of image.reportedFindings ?? []) {
    if (finding.text.trim() === '') continue;
    const item: EvidenceItem = { modality: 'cxr', label: 'Radiologist finding', text: finding.text };
    if (finding.code) item.code = finding.code;
    items.push(item);
  }
  if (image.report && image.report.trim() !== '') {
    items.push({ modality: 'cxr', label: 'Radiology report conclusion', text: image.report.trim() });
  }
  const acquisition = [
    image.view && image.view !== 'UNKNOWN' ? `${image.view} view` : 'view not recorded',
    image.modality,
    `${image.width} × ${image.height} px, ${image.sourceBitDepth}-bit ${image.sourceFormat.toUpperCase()}`,
  ].filter((part): part is string => part !== undefined);
  items.push({
    modality: 'cxr',
    label: 'Chest radiograph read by the model',
    text: `${acquisition.join(', ')}; ${CXR_MODEL_CAVEAT}`,
  });
  return source ? items.map((item) => ({ ...item, source })) : items;
}

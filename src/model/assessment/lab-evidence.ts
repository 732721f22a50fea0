/** Lab evidence: a disease's labs with value, UCUM unit, reference range, interpretation, LOINC code and source. */
import { getLab, LOINC_SYSTEM, type EvidenceItem, type LabId, type LabPanel, type ReferenceRange } from '../../shared';

/**
 * The evidence items of the given labs that the panel holds, abnormal ones first (each group in the given order).
 * The range is the observation's own when the EHR sent one, else the catalogue's typical adult range; a lab with
 * neither (the specimen-quality indices) has no interpretation.
 *
 * @param panel - the record's labs, values already in catalogue units
 * @param labs - the labs to show, in reading order
 */
export function labEvidence(panel: LabPanel | undefined, labs: readonly LabId[]): EvidenceItem[] {
  if (!panel) return [];
  const items: EvidenceItem[] = [];
  for (const id of labs) {
    const value = panel.values[id];
    if (!value || !Number.isFinite(value.value)) continue;
    const lab = getLab(id);
    const range = value.referenceRange ?? catalogueRange(id);
    const loinc = value.loinc ?? lab.loinc;
    const item: EvidenceItem = { modality: 'labs', label: lab.label, value: value.value, unit: value.unit };
    if (loinc) item.code = { system: LOINC_SYSTEM, code: loinc, display: lab.label };
    if (range) {
      item.referenceRange = range;
      // A text-only range ("negative") gives nothing to compare a number with.
      if (range.low !== undefined || range.high !== undefined) item.interpretation = interpret(value.value, range);
    }
    if (value.source) item.source = value.source;
    items.push(item);
  }
  const abnormal = items.filter((item) => item.interpretation === 'high' || item.interpretation === 'low');
  return [...abnormal, ...items.filter((item) => !abnormal.includes(item))];
}

function catalogueRange(id: LabId): ReferenceRange | undefined {
  const lab = getLab(id);
  if (!lab.typicalRange) return undefined;
  return { low: lab.typicalRange.low, high: lab.typicalRange.high, unit: lab.unit, text: 'typical adult range' };
}

/** high above the upper bound, low below the lower bound (bounds themselves are in range, as in FHIR). */
function interpret(value: number, range: ReferenceRange): EvidenceItem['interpretation'] {
  if (range.high !== undefined && value > range.high) return 'high';
  if (range.low !== undefined && value < range.low) return 'low';
  return 'normal';
}

/** Each used modality's contribution to the fused view (the MPL's contribution-aware gate), as a percentage. */
import { MODALITIES, type EvidenceItem, type Modality } from '../../shared';

/** Every contribution item's label starts with this. */
const CONTRIBUTION_PREFIX = 'Contribution of ';

/** Whether an evidence item is a modality contribution (rather than a measurement). */
export function isContributionEvidence(item: EvidenceItem): boolean {
  return item.label.startsWith(CONTRIBUTION_PREFIX) && item.unit === '%' && item.code === undefined;
}

const MODALITY_LABELS: Readonly<Record<Modality, string>> = { ecg: 'ECG', cxr: 'chest X-ray', labs: 'labs' };

/**
 * One evidence item per used modality with its contribution weight in percent (weights sum to 1 over the used ones).
 *
 * @param weights - contribution weight per used modality, in [0, 1]
 * @param used - modalities the model used
 */
export function contributionEvidence(
  weights: Partial<Record<Modality, number>>,
  used: readonly Modality[],
): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  for (const modality of MODALITIES) {
    const weight = weights[modality];
    if (!used.includes(modality) || weight === undefined || !Number.isFinite(weight)) continue;
    items.push({
      modality,
      label: `${CONTRIBUTION_PREFIX}${MODALITY_LABELS[modality]} to the model's fused view`,
      value: weight * 100,
      unit: '%',
    });
  }
  return items;
}

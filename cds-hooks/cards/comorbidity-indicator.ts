/**
 * The card indicator of a comorbidity (https://cds-hooks.hl7.org/2.0/#card-attributes: info < warning < critical).
 *
 * | Likely? | On the problem list? | Acute (sepsis, ARF) and probability ≥ 0.9? | Indicator |
 * |---------|----------------------|---------------------------------------------|-----------|
 * | no      | –                    | –                                           | info      |
 * | yes     | yes                  | –                                           | info      |
 * | yes     | no                   | no                                          | warning   |
 * | yes     | no                   | yes                                         | critical  |
 *
 * An unrecognised likely comorbidity is what a clinician most needs to see, so it is at least a warning. Critical is
 * kept for the two conditions where hours matter (sepsis: antibiotics within the hour; acute renal failure:
 * hyperkalaemia and nephrotoxic drugs) and the model is nearly sure: at a calibrated 0.9, nine in ten such patients
 * have the disease, which keeps critical cards rare enough not to be dismissed by habit.
 */
import type { DiseaseId } from '../../src/shared';
import type { CardIndicator } from '../cards/card-schema';

/** Calibrated probability at or above which an unrecognised acute comorbidity is critical. */
export const CRITICAL_PROBABILITY = 0.9;

/** Comorbidities where a delay of hours changes the outcome. */
export const ACUTE_DISEASES: readonly DiseaseId[] = ['sepsis', 'acute-renal-failure'];

/**
 * The indicator for one disease finding.
 *
 * @param finding - the disease, its calibrated probability and the model's decision
 * @param onProblemList - whether the disease is already on the patient's problem list
 */
export function comorbidityIndicator(
  finding: { disease: DiseaseId; probability: number; likely: boolean },
  onProblemList: boolean,
): CardIndicator {
  if (!finding.likely || onProblemList) return 'info';
  return ACUTE_DISEASES.includes(finding.disease) && finding.probability >= CRITICAL_PROBABILITY
    ? 'critical'
    : 'warning';
}

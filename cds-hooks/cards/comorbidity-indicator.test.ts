import type { DiseaseId } from '../../src/shared';
import { comorbidityIndicator } from './comorbidity-indicator';

describe('comorbidityIndicator', () => {
  // The rule table of comorbidity-indicator.ts, row by row, with the 0.9 boundary on both sides.
  it.each<[DiseaseId, number, boolean, boolean, string]>([
    ['sepsis', 0.3, false, false, 'info'],
    ['sepsis', 0.3, false, true, 'info'],
    ['sepsis', 0.95, true, true, 'info'],
    ['hypertension', 0.7, true, true, 'info'],
    ['hypertension', 0.99, true, false, 'warning'],
    ['atrial-fibrillation', 0.95, true, false, 'warning'],
    ['sepsis', 0.89, true, false, 'warning'],
    ['sepsis', 0.9, true, false, 'critical'],
    ['acute-renal-failure', 0.97, true, false, 'critical'],
    ['acute-renal-failure', 0.6, true, false, 'warning'],
  ])(
    '%s at probability %d (likely %s, on the problem list %s) is %s',
    (disease, probability, likely, onList, expected) => {
      expect(comorbidityIndicator({ disease, probability, likely }, onList)).toBe(expected);
    },
  );
});

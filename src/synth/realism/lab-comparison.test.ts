import type { DiseaseId, LabId } from '../../shared';
import type { LabCohortMember } from './lab-cohort';
import { compareLabs, compareLabsByDisease } from './lab-comparison';

function member(diseases: DiseaseId[], labs: Partial<Record<LabId, number>>): LabCohortMember {
  return { diseases: new Set(diseases), labs };
}

/** Hand-made cohorts whose medians are read off by eye (odd sizes: the median is the middle value). */
const mimic = [
  member(['acute-renal-failure'], { creatinine: 3, sodium: 140, 'base-excess': -4 }),
  member(['hypertension'], { creatinine: 1, sodium: 138, 'base-excess': 0 }),
  member(['hypertension'], { creatinine: 1.5, sodium: 136, 'base-excess': 2 }),
];
const synthetic = [
  member(['acute-renal-failure'], { creatinine: 2.5, sodium: 138, 'base-excess': 1 }),
  member(['hypertension'], { creatinine: 2, sodium: 138 }),
  member(['hypertension'], { creatinine: 1.8, sodium: 138 }),
  member(['hypertension'], { sodium: 138 }),
];

describe('lab comparison', () => {
  const rows = compareLabs(synthetic, mimic);
  const row = (lab: LabId) => rows.find((r) => r.lab === lab)!;

  it('flags a synthetic median more than 15 % from MIMIC’s', () => {
    // creatinine: synthetic median 2 (of 1.8, 2, 2.5) vs MIMIC 1.5 → +33 %.
    expect(row('creatinine').medianDifference).toEqual({ value: (2 - 1.5) / 1.5, basis: 'median' });
    expect(row('creatinine').flags).toContain('median');
    // sodium: 138 vs 138.
    expect(row('sodium').flags).toEqual([]);
  });

  it('scales by the MIMIC IQR where its median is 0, and flags presence gaps over 10 points', () => {
    // base excess: MIMIC -4, 0, 2 → median 0, IQR −2 to 1 = 3; synthetic 1 → +1/3; present 1/4 vs 3/3.
    expect(row('base-excess').medianDifference).toEqual({ value: 1 / 3, basis: 'iqr' });
    expect(row('base-excess').presenceDifference).toBeCloseTo(0.25 - 1, 12);
    expect(row('base-excess').flags).toEqual(['median', 'presence']);
  });

  it('keeps only the synthetic side without MIMIC data', () => {
    const alone = compareLabs(synthetic, undefined);

    expect(alone.every((r) => r.mimic === undefined && r.flags.length === 0)).toBe(true);
    expect(alone.find((r) => r.lab === 'creatinine')?.synthetic.presence).toBe(0.75);
  });

  it('splits key labs by disease and says whether the shift goes the same way', () => {
    const arf = compareLabsByDisease(synthetic, mimic).find((t) => t.disease === 'acute-renal-failure')!;
    const creatinine = arf.rows.find((r) => r.lab === 'creatinine')!;
    const bicarbonate = arf.rows.find((r) => r.lab === 'bicarbonate')!;

    expect(arf.syntheticCount).toEqual({ with: 1, without: 3 });
    expect(arf.mimicCount).toEqual({ with: 1, without: 2 });
    // MIMIC 3 vs median(1, 1.5) = 1.25: up; synthetic 2.5 vs median(2, 1.8) = 1.9: up.
    expect(creatinine.mimic?.without?.median).toBe(1.25);
    expect(creatinine.shiftAgrees).toBe(true);
    // No bicarbonate anywhere: nothing to compare.
    expect(bicarbonate.shiftAgrees).toBeUndefined();
  });
});

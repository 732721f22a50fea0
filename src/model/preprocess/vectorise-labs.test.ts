import { LABS, ModelInputError, type LabPanel } from '../../shared';
import { fitLabEcdf } from './lab-ecdf';
import { vectoriseLabs } from './vectorise-labs';

const ECDF = fitLabEcdf({
  creatinine: [1.2, 0.8, 1.2, 3.4, 0.8, 1.2, 0.5],
  potassium: [3.6, 4.1, 4.1, 5.2],
});
const CREATININE = LABS.findIndex((lab) => lab.id === 'creatinine');
const POTASSIUM = LABS.findIndex((lab) => lab.id === 'potassium');

function panel(values: LabPanel['values']): LabPanel {
  return { values, provenance: { source: 'synthetic', references: [] } };
}

describe('vectoriseLabs', () => {
  it('puts percentiles in slots 0–49 and presence flags (1 = present) in slots 50–99', () => {
    const labs = panel({ creatinine: { lab: 'creatinine', value: 1.0, unit: 'mg/dL' } });

    const vector = vectoriseLabs(labs, ECDF);

    // Closed forms: creatinine 1.0 has 3 of 7 training values at or below it; potassium is missing, so it takes
    // its mean training percentile (1/4 + 3/4 + 3/4 + 1) / 4 = 11/16 and flag 0.
    expect(vector.length).toBe(100);
    expect(vector[CREATININE]).toBe(Math.fround(3 / 7));
    expect(vector[50 + CREATININE]).toBe(1);
    expect(vector[POTASSIUM]).toBe(Math.fround(11 / 16));
    expect(vector[50 + POTASSIUM]).toBe(0);
    expect(Array.from(vector.subarray(50)).reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('treats a NaN value as missing, as the reference code does', () => {
    const labs = panel({ potassium: { lab: 'potassium', value: Number.NaN, unit: 'meq/L' } });

    const vector = vectoriseLabs(labs, ECDF);

    expect(vector[POTASSIUM]).toBe(Math.fround(11 / 16));
    expect(vector[50 + POTASSIUM]).toBe(0);
  });

  it('accepts another spelling of the catalogue unit', () => {
    const labs = panel({ potassium: { lab: 'potassium', value: 4.1, unit: 'mEq/L' } });

    expect(vectoriseLabs(labs, ECDF)[POTASSIUM]).toBe(0.75);
  });

  it('rejects a value in another unit instead of reading it on the wrong scale', () => {
    const labs = panel({ creatinine: { lab: 'creatinine', value: 88, unit: 'umol/L' } });

    expect(() => vectoriseLabs(labs, ECDF)).toThrow(ModelInputError);
    expect(() => vectoriseLabs(labs, ECDF)).toThrow('labs: creatinine is in "umol/L", the model expects "mg/dL"');
  });

  it('rejects an ECDF that does not hold the 50 labs in catalogue order', () => {
    const shuffled = { ...ECDF, labs: [...ECDF.labs].reverse() };

    expect(() => vectoriseLabs(panel({}), shuffled)).toThrow(/holds rdw-sd at position 0, expected base-excess/);
  });
});

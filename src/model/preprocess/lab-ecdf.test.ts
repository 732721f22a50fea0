import { LABS, type LabPanel } from '../../shared';
import { fitLabEcdf, labPercentile, type LabEcdfEntry } from './lab-ecdf';

function entryOf(id: string, entries: readonly LabEcdfEntry[]): LabEcdfEntry {
  const entry = entries.find((e) => e.lab === id);
  if (!entry) throw new Error(`no ECDF for ${id}`);
  return entry;
}

describe('fitLabEcdf and labPercentile', () => {
  // Expected: src/model/preprocess/golden/lab_golden.py `small()`, Symile's NaNAwareECDF (statsmodels StepFunction,
  // side 'right') on train = [1.2, 0.8, 1.2, 3.4, NaN, 0.8, 1.2, 0.5].
  it('gives the fraction of training values at or below x, ignoring NaN, as statsmodels ECDF does', () => {
    const ecdf = fitLabEcdf({ creatinine: [1.2, 0.8, 1.2, 3.4, Number.NaN, 0.8, 1.2, 0.5] });
    const creatinine = entryOf('creatinine', ecdf.labs);
    const queries = [0.1, 0.5, 0.79, 0.8, 1.0, 1.2, 1.21, 3.4, 9.0];

    const got = queries.map((x) => labPercentile(creatinine, x));

    const expected = [
      0.0, 0.14285714285714285, 0.14285714285714285, 0.4285714285714286, 0.4285714285714286, 0.8571428571428572,
      0.8571428571428572, 1.0, 1.0,
    ];
    got.forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 12));
    expect(creatinine.n).toBe(7);
    expect(creatinine.meanPercentile).toBeCloseTo(0.653061224489796, 12);
  });

  it('fits from lab panels, counting each present finite value once', () => {
    const panel = (value: number): LabPanel => ({
      values: { potassium: { lab: 'potassium', value, unit: 'meq/L' } },
      provenance: { source: 'synthetic', references: [] },
    });
    const panels = [panel(4.1), panel(3.6), panel(Number.POSITIVE_INFINITY), panel(5.2), panel(4.1)];

    const potassium = entryOf('potassium', fitLabEcdf(panels).labs);

    // Closed form: 4 finite values {3.6, 4.1, 4.1, 5.2}; percentiles 1/4, 3/4, 3/4, 1 → mean 11/16.
    expect(potassium.n).toBe(4);
    expect(labPercentile(potassium, 4.1)).toBe(0.75);
    expect(potassium.meanPercentile).toBeCloseTo(11 / 16, 12);
  });

  it('holds all 50 labs in LABS order, a lab without training values reading 0.5', () => {
    const ecdf = fitLabEcdf({ sodium: [140] });

    expect(ecdf.labs.map((e) => e.lab)).toEqual(LABS.map((lab) => lab.id));
    const albumin = entryOf('albumin', ecdf.labs);
    expect(albumin.n).toBe(0);
    expect(labPercentile(albumin, 3.1)).toBe(0.5);
    expect(albumin.meanPercentile).toBe(0.5);
  });

  it('drops knots of a large training set while keeping every percentile within maxError of the exact ECDF', () => {
    // 40,000 values with ~12,000 distinct levels (glucose-like, 0.1 mg/dL resolution, skewed).
    const values = Array.from(
      { length: 40000 },
      (_, i) => Math.round(10 * (70 + 400 * ((i * 0.6180339887) % 1) ** 3)) / 10,
    );
    const exact = entryOf('glucose', fitLabEcdf({ glucose: values }, { maxError: 0 }).labs);
    const compact = entryOf('glucose', fitLabEcdf({ glucose: values }).labs);

    let worst = 0;
    for (let x = 60; x <= 480; x += 0.013) {
      worst = Math.max(worst, Math.abs(labPercentile(compact, x) - labPercentile(exact, x)));
    }
    for (const x of values) worst = Math.max(worst, Math.abs(labPercentile(compact, x) - labPercentile(exact, x)));

    // Equality is allowed (a dropped run of exactly maxError · n values); 1e-12 covers the division rounding.
    expect(worst).toBeLessThanOrEqual(5e-4 + 1e-12);
    expect(worst).toBeGreaterThan(0);
    expect(compact.knots.length).toBeLessThan(exact.knots.length / 3);
    expect(compact.meanPercentile).toBe(exact.meanPercentile);
    expect(labPercentile(compact, 480)).toBe(1);
  });

  it('refuses a compression tolerance of 1e-3 or more', () => {
    expect(() => fitLabEcdf({}, { maxError: 1e-3 })).toThrow(RangeError);
  });
});

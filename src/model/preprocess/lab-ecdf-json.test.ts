import { FormatError, LABS } from '../../shared';
import { fitLabEcdf, labPercentile } from './lab-ecdf';
import { labEcdfFromJson, labEcdfToJson, type LabEcdfJson } from './lab-ecdf-json';

const TRAIN = {
  creatinine: [1.2, 0.8, 1.2, 3.4, 0.8, 1.2, 0.5],
  potassium: [3.6, 4.1, 4.1, 5.2],
  'hemolysis-index': [0, 0, 0, 12, 35],
};

function roundTrip(json: LabEcdfJson): unknown {
  return JSON.parse(JSON.stringify(json)) as unknown;
}

function fail(json: unknown): FormatError {
  try {
    labEcdfFromJson(json, 'labs-ecdf.json');
  } catch (error) {
    if (error instanceof FormatError) return error;
    throw error;
  }
  throw new Error('expected a FormatError');
}

describe('lab ECDF JSON', () => {
  it('round-trips through JSON text with the same percentiles and mean percentiles', () => {
    const ecdf = fitLabEcdf(TRAIN);

    const back = labEcdfFromJson(roundTrip(labEcdfToJson(ecdf)));

    expect(back.maxError).toBe(ecdf.maxError);
    back.labs.forEach((entry, i) => {
      const original = ecdf.labs[i]!;
      expect(entry.lab).toBe(original.lab);
      expect(entry.meanPercentile).toBe(original.meanPercentile);
      for (const x of [-1, 0, 0.8, 1.0, 4.1, 12, 100]) expect(labPercentile(entry, x)).toBe(labPercentile(original, x));
    });
  });

  it("describes every lab with the catalogue's index, id, itemid, LOINC and unit, and per-knot counts", () => {
    const json = labEcdfToJson(fitLabEcdf(TRAIN));

    expect(json.labs.map((l) => [l.index, l.id, l.itemid, l.loinc, l.unit])).toEqual(
      LABS.map((lab) => [lab.index, lab.id, lab.itemid, lab.loinc, lab.unit]),
    );
    // Creatinine train values {0.5, 0.8 ×2, 1.2 ×3, 3.4}: counted by hand.
    const creatinine = json.labs.find((l) => l.id === 'creatinine')!;
    expect([creatinine.knots, creatinine.counts, creatinine.n]).toEqual([[0.5, 0.8, 1.2, 3.4], [1, 2, 3, 1], 7]);
  });

  it('stays small for a large training set: 40,000 glucose values in under 30 kB', () => {
    const glucose = Array.from(
      { length: 40000 },
      (_, i) => Math.round(10 * (70 + 400 * ((i * 0.6180339887) % 1) ** 3)) / 10,
    );

    const text = JSON.stringify(labEcdfToJson(fitLabEcdf({ glucose })));

    expect(text.length).toBeLessThan(30000);
  });

  it('rejects a file whose labs are not in catalogue order, naming the position', () => {
    const json = labEcdfToJson(fitLabEcdf(TRAIN));
    [json.labs[3], json.labs[4]] = [json.labs[4]!, json.labs[3]!];

    expect(fail(roundTrip(json)).message).toMatch(/^lab ECDF labs-ecdf\.json: labs\.3 is ph \(itemid 50820, index 4\)/);
  });

  it('rejects a lab stored in another unit than the catalogue', () => {
    const json = labEcdfToJson(fitLabEcdf(TRAIN));
    json.labs[16]!.unit = 'umol/L';

    expect(fail(roundTrip(json)).message).toMatch(/labs\.16 has LOINC 2160-0 in "umol\/L"/);
  });

  it('rejects counts that do not add up to n', () => {
    const json = labEcdfToJson(fitLabEcdf(TRAIN));
    json.labs[16]!.n = 8;

    expect(fail(roundTrip(json)).message).toMatch(/labs\.16 counts add up to 7, not n = 8/);
  });

  it('rejects knots out of order and a missing field, naming it', () => {
    const json = labEcdfToJson(fitLabEcdf(TRAIN));
    json.labs[16]!.knots = [0.5, 1.2, 0.8, 3.4];
    const noMaxError: Partial<LabEcdfJson> = { ...labEcdfToJson(fitLabEcdf(TRAIN)) };
    delete noMaxError.maxError;

    expect(fail(roundTrip(json)).message).toMatch(/labs\.16 knot 2 is not finite and larger than the one before/);
    expect(fail(noMaxError).message).toMatch(/maxError/);
  });
});

import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describeWithSharedData, sharedDataPath } from '../../../test/support/shared-data';
import { LABS, getLab, labFromItemid, labFromLoinc, toCanonicalUnit } from './labs';

describe('lab catalogue', () => {
  it('lists 50 labs in the paper’s vector order, which is ascending itemid', () => {
    const itemids = LABS.map((lab) => lab.itemid);

    expect(itemids).toHaveLength(50);
    expect([...itemids].sort((a, b) => a - b)).toEqual(itemids);
    expect(LABS[0]?.itemid).toBe(50802);
    expect(LABS[16]?.id).toBe('creatinine');
    expect(LABS[49]?.itemid).toBe(52172);
  });

  it('maps each LOINC code to exactly one lab', () => {
    const seen = new Map<string, string>();
    for (const lab of LABS) {
      for (const code of [lab.loinc, ...lab.loincAlternates]) {
        if (code === null) continue;
        expect(seen.get(code) ?? lab.id).toBe(lab.id);
        seen.set(code, lab.id);
      }
    }
    expect(labFromLoinc('2339-0')?.id).toBe('glucose');
    expect(labFromLoinc('20565-8')?.id).toBe('bicarbonate');
    expect(labFromItemid(51301)?.id).toBe('wbc');
  });

  it('converts SI units to the MIMIC units with the analytes’ molar masses', () => {
    // 5.5 mmol/L glucose ≈ 99.1 mg/dL; 88.42 umol/L creatinine = 1 mg/dL; 2.5 mmol/L calcium ≈ 10.02 mg/dL;
    // 7.14 mmol/L urea ≈ 20 mg/dL BUN; 1 mmol/L phosphate ≈ 3.10 mg/dL; 0.85 mmol/L magnesium ≈ 2.07 mg/dL.
    expect(toCanonicalUnit(getLab('glucose'), 5.5, 'mmol/L')).toBeCloseTo(99.09, 1);
    expect(toCanonicalUnit(getLab('creatinine'), 88.42, 'umol/L')).toBeCloseTo(1.0, 3);
    expect(toCanonicalUnit(getLab('creatinine'), 88.42, 'µmol/L')).toBeCloseTo(1.0, 3);
    expect(toCanonicalUnit(getLab('calcium-total'), 2.5, 'mmol/L')).toBeCloseTo(10.02, 2);
    expect(toCanonicalUnit(getLab('urea-nitrogen'), 7.14, 'mmol/L')).toBeCloseTo(20.0, 1);
    expect(toCanonicalUnit(getLab('phosphate'), 1, 'mmol/L')).toBeCloseTo(3.097, 3);
    expect(toCanonicalUnit(getLab('magnesium'), 0.85, 'mmol/L')).toBeCloseTo(2.066, 3);
    expect(toCanonicalUnit(getLab('hemoglobin'), 135, 'g/L')).toBeCloseTo(13.5, 6);
    expect(toCanonicalUnit(getLab('wbc'), 7.2, '10*9/L')).toBe(7.2);
    expect(toCanonicalUnit(getLab('pco2'), 5.3, 'kPa')).toBeCloseTo(39.75, 2);
  });

  it('refuses a unit it cannot convert, and a missing unit except for unitless labs', () => {
    expect(toCanonicalUnit(getLab('glucose'), 5.5, 'mg/L/h')).toBeUndefined();
    expect(toCanonicalUnit(getLab('sodium'), 140, undefined)).toBeUndefined();
    expect(toCanonicalUnit(getLab('inr'), 1.1, undefined)).toBe(1.1);
    expect(toCanonicalUnit(getLab('ph'), 7.4, '')).toBe(7.4);
  });
});

describeWithSharedData('lab catalogue against the MIMIC-IV demo', () => {
  let labitems: Map<number, string>;
  let unitsSeen: Map<number, Set<string>>;

  beforeAll(() => {
    const readCsv = (file: string) =>
      gunzipSync(readFileSync(sharedDataPath('mimic-iv-demo/hosp', file)))
        .toString('utf8')
        .split('\n');
    labitems = new Map();
    for (const line of readCsv('d_labitems.csv.gz').slice(1)) {
      const [itemid, label] = line.split(',');
      if (itemid) labitems.set(Number(itemid), label ?? '');
    }
    const [header = '', ...rows] = readCsv('labevents.csv.gz');
    const columns = header.split(',');
    const itemCol = columns.indexOf('itemid');
    const uomCol = columns.indexOf('valueuom');
    unitsSeen = new Map();
    for (const row of rows) {
      // valueuom never contains commas; comment fields may, but they come after it.
      const cells = row.split(',');
      const itemid = Number(cells[itemCol]);
      if (!labFromItemid(itemid)) continue;
      const set = unitsSeen.get(itemid) ?? new Set<string>();
      set.add(cells[uomCol] ?? '');
      unitsSeen.set(itemid, set);
    }
  });

  it('uses itemids that exist in d_labitems', () => {
    for (const lab of LABS) expect(labitems.has(lab.itemid)).toBe(true);
  });

  it('accepts every unit the MIMIC-IV demo writes for each of the 50 labs', () => {
    const refused: string[] = [];
    for (const lab of LABS) {
      for (const unit of unitsSeen.get(lab.itemid) ?? []) {
        if (toCanonicalUnit(lab, 1, unit) === undefined) refused.push(`${lab.itemid} "${unit}"`);
      }
    }

    expect(unitsSeen.size).toBe(50);
    expect(refused).toEqual([]);
  });
});

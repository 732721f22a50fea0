/**
 * The realism report on a small run (200 lab patients, 5 ECGs per group, 20 truth ECGs). The MIMIC side is
 * checked against values computed independently in Python (csv + numpy on the raw .csv.gz files): per admission,
 * the earliest row of the item for the same subject_id with a numeric valuenum and charttime within ±24 h of
 * admittime, ties broken by the lower labevent_id; admissions kept when their ICD codes map to one of the 7
 * diseases (scripts/calibration/disease_prevalence.py's `categories`); np.percentile([25, 50, 75]).
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeWithSharedData, SHARED_DATA_DIR } from '../../../test/support/shared-data';
import { DISEASE_IDS, LAB_IDS } from '../../shared';
import { buildRealismReport } from './build-realism-report';
import { formatRealismReport } from './format-realism-report';
import type { RealismReport } from './realism-report-types';

const SMALL = { patients: 200, seed: 7, ecgsPerGroup: 5, truthEcgs: 20 };

function row(report: RealismReport, lab: (typeof LAB_IDS)[number]) {
  const found = report.labs.rows.find((r) => r.lab === lab);
  if (!found) throw new Error(`no row for ${lab}`);
  return found;
}

describeWithSharedData('buildRealismReport on the shared data', () => {
  let report: RealismReport;

  beforeAll(async () => {
    report = await buildRealismReport({ dataDir: SHARED_DATA_DIR, ...SMALL });
  });

  it('has a row per catalogue lab in catalogue order and a table per disease', () => {
    expect(report.labs.rows.map((r) => r.lab)).toEqual([...LAB_IDS]);
    expect(report.labs.diseases.map((t) => t.disease)).toEqual([...DISEASE_IDS]);
    expect(report.labs.realData.available).toBe(true);
  });

  it('compares against the 116 of 147 demo admissions with one of the 7 diseases', () => {
    // Python: 147 admissions, 116 with at least one category.
    expect(report.labs.mimicAdmissions).toEqual({ all: 147, withDisease: 116 });
  });

  it('reproduces the first-within-24 h quartiles computed in Python', () => {
    // Python (see the file comment): creatinine n 114, [0.8, 1.05, 1.6]; sodium n 114, [132, 136, 139];
    // potassium n 114, [3.9, 4.3, 4.8]; haemolysis index n 43, [6.5, 12, 36] (12, not 10, because of the
    // labevent_id tie-break: two specimens at the same chart time).
    expect(row(report, 'creatinine').mimic?.summary).toEqual({ n: 114, q1: 0.8, median: 1.05, q3: 1.6 });
    expect(row(report, 'sodium').mimic?.summary).toEqual({ n: 114, q1: 132, median: 136, q3: 139 });
    expect(row(report, 'potassium').mimic?.summary).toEqual({ n: 114, q1: 3.9, median: 4.3, q3: 4.8 });
    expect(row(report, 'hemolysis-index').mimic?.summary).toEqual({ n: 43, q1: 6.5, median: 12, q3: 36 });
    expect(row(report, 'creatinine').mimic?.presence).toBeCloseTo(114 / 116, 12);
  });

  it('splits MIMIC creatinine by acute renal failure as Python does', () => {
    const table = report.labs.diseases.find((t) => t.disease === 'acute-renal-failure');
    const creatinine = table?.rows.find((r) => r.lab === 'creatinine');

    // Python: with ARF n 35 median 1.6; without n 79 median 0.9. Admission counts 36 / 80.
    expect(table?.mimicCount).toEqual({ with: 36, without: 80 });
    expect(creatinine?.mimic?.with).toMatchObject({ n: 35, median: 1.6 });
    expect(creatinine?.mimic?.without).toMatchObject({ n: 79, median: 0.9 });
  });

  it('gives synthetic medians in physiological bands, flagged by the 15 % rule', () => {
    const sodium = row(report, 'sodium');
    const creatinine = row(report, 'creatinine');

    // Adult admissions: sodium median 130–145 mEq/L, creatinine 0.6–2.5 mg/dL, chemistry present in most.
    expect(sodium.synthetic.summary?.median).toBeGreaterThanOrEqual(130);
    expect(sodium.synthetic.summary?.median).toBeLessThanOrEqual(145);
    expect(creatinine.synthetic.summary?.median).toBeGreaterThanOrEqual(0.6);
    expect(creatinine.synthetic.summary?.median).toBeLessThanOrEqual(2.5);
    expect(sodium.synthetic.presence).toBeGreaterThan(0.8);
    for (const r of report.labs.rows) {
      if (r.medianDifference) expect(r.flags.includes('median')).toBe(Math.abs(r.medianDifference.value) > 0.15);
    }
  });

  it('groups the 79 PTB-XL records by their labels and measures them', () => {
    const count = (group: string) => report.ecg.groups.find((g) => g.group === group)?.real?.records;

    // ../shared/data/README.md: NORM 24, LVH 17, AFIB 5; MI 39 records (46 MI-class statements).
    expect(report.ecg.realRecords).toBe(79);
    expect([count('NORM'), count('LVH'), count('MI'), count('AFIB')]).toEqual([24, 17, 39, 5]);
    for (const group of report.ecg.groups) {
      expect(group.synthetic.records).toBe(5);
      // R waves of 12-lead ECGs: between 0.1 and 4 mV in II and V5 (textbook range, LVH included).
      for (const side of [group.real, group.synthetic]) {
        for (const key of ['rAmplitudeIIMv', 'rAmplitudeV5Mv'] as const) {
          expect(side?.features[key]?.median).toBeGreaterThan(0.1);
          expect(side?.features[key]?.median).toBeLessThan(4);
        }
      }
    }
  });

  it('reports the truth-vs-measured shares as fractions of the records', () => {
    expect(report.truth.records).toBe(20);
    expect(report.truth.rows.map((r) => r.quantity)).toEqual(['heartRate', 'qrs', 'pr', 'qt']);
    for (const r of report.truth.rows) {
      expect(r.withinTolerance).toBeGreaterThanOrEqual(0);
      expect(r.withinTolerance).toBeLessThanOrEqual(1);
      expect(r.measured).toBeLessThanOrEqual(r.records);
    }
    const all = report.truth.subgroups[0];
    expect(report.truth.criterionMet).toBe(all!.heartRateWithin >= 0.95 && all!.qrsWithin >= 0.95);
  });

  it('prints every section with every lab and group', () => {
    const text = formatRealismReport(report);

    expect(text).toContain('1. LABS');
    expect(text).toContain('2. ECG');
    expect(text).toContain('3. ECG generator ground truth');
    for (const lab of LAB_IDS) expect(text).toMatch(new RegExp(`^${lab} `, 'm'));
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe('buildRealismReport without the real data', () => {
  it('builds the synthetic sides and says which file is missing', async () => {
    const dataDir = path.join(tmpdir(), 'medtvt-realism-no-data');
    expect(existsSync(dataDir)).toBe(false);

    const report = await buildRealismReport({ dataDir, patients: 50, ecgsPerGroup: 2, truthEcgs: 3 });

    expect(report.labs.realData).toEqual({
      available: false,
      reason: `${path.join(dataDir, 'mimic-iv-demo', 'hosp', 'admissions.csv.gz')} does not exist`,
    });
    expect(report.ecg.realData.available).toBe(false);
    expect(report.labs.rows.every((r) => r.mimic === undefined && r.flags.length === 0)).toBe(true);
    expect(report.ecg.groups.every((g) => g.real === undefined && g.synthetic.records === 2)).toBe(true);
    expect(formatRealismReport(report)).toContain('MIMIC-IV demo skipped');
  });

  it('refuses a size that is not a positive integer', async () => {
    await expect(buildRealismReport({ dataDir: tmpdir(), patients: 0 })).rejects.toThrow(
      'patients must be an integer ≥ 1, got 0',
    );
  });
});

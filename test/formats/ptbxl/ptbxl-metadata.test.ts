import { existsSync, readdirSync } from 'node:fs';
import { parsePtbxlDatabase, parseScpStatements, PTBXL_LABELS, ptbxlLabels } from '../../../src/formats/ptbxl/index';
import { describeWithSharedData, readSharedText, sharedDataPath } from '../../support/shared-data';

/**
 * The PTB-XL subset in ../shared/data/ptb-xl (79 records). Expected values come from Python's csv module and
 * ast.literal_eval on the same files, not from this code:
 *
 *   rows = list(csv.DictReader(open('ptbxl_database.csv')))
 *   st = {r['']: r for r in csv.DictReader(open('scp_statements.csv'))}          # 71 statements
 *   codes = [ast.literal_eval(r['scp_codes']) for r in rows]
 *   sum('NORM' in d for d in codes)                                               # 24 (likewise LVH 17, AFIB 5, AFLT 4)
 *   sum(any(st[k]['diagnostic_class'] == 'MI' for k in d) for d in codes)         # 39 records
 *   sum(st[k]['diagnostic_class'] == 'MI' for d in codes for k in d)              # 46 statements
 *
 * The data README's "MI 46" is the second MI figure: it counts MI-class statements, and 5 records carry two or
 * three (e.g. IMI + ASMI). No definition over records gives 46, so the label (one per record) is checked at 39 and
 * the statement count at 46. NORM 24, LVH 17, AFIB 5, AFLT 4 are record counts by key presence, as the README says;
 * three of the five AFIB records carry AFIB with likelihood 0.0, as every rhythm statement in PTB-XL does.
 */
describeWithSharedData('PTB-XL metadata in ../shared/data/ptb-xl', () => {
  const records = parsePtbxlDatabase(readSharedText('ptb-xl', 'ptbxl_database.csv'));
  const statements = parseScpStatements(readSharedText('ptb-xl', 'scp_statements.csv'));

  it('reads 79 records and 71 statements', () => {
    expect([records.length, statements.size]).toEqual([79, 71]);
  });

  it('counts NORM 24, MI 39 records (46 MI statements), LVH 17, AFIB 5, AFLT 4', () => {
    const labels = records.map((record) => ptbxlLabels(record, statements));
    const count = Object.fromEntries(
      PTBXL_LABELS.map((label) => [label, labels.filter((l) => l.includes(label)).length]),
    );
    const miStatements = records
      .flatMap((record) => [...record.scpCodes.keys()])
      .filter((code) => statements.get(code)?.diagnosticClass === 'MI').length;

    expect(count).toEqual({ NORM: 24, MI: 39, LVH: 17, AFIB: 5, AFLT: 4 });
    expect(miStatements).toBe(46);
  });

  it('reads ecg_id 1 as the CSV row gives it', () => {
    // 1,15709.0,56.0,1,,63.0,…,1984-11-09 09:17:34,…,"{'NORM': 100.0, 'LVOLT': 0.0, 'SR': 0.0}",…,3,
    // records100/00000/00001_lr,records500/00000/00001_hr
    const first = records[0]!;

    expect(first).toMatchObject({
      ecgId: 1,
      patientId: 15709,
      age: 56,
      sex: 'female',
      weightKg: 63,
      recordedAt: '1984-11-09T09:17:34',
      stratFold: 3,
      filenameLr: 'records100/00000/00001_lr',
      filenameHr: 'records500/00000/00001_hr',
    });
    expect(first.heightCm).toBeUndefined();
    expect([...first.scpCodes]).toEqual([
      ['NORM', 100],
      ['LVOLT', 0],
      ['SR', 0],
    ]);
    expect(ptbxlLabels(first, statements)).toEqual(['NORM']);
  });

  it('labels ecg_id 17 (AFLT 100, AFIB 0) and 307 (ASMI 50, LVH 100, AFIB 0) with both of their codes', () => {
    const byId = new Map(records.map((record) => [record.ecgId, record]));

    expect(ptbxlLabels(byId.get(17)!, statements)).toEqual(['AFIB', 'AFLT']);
    expect(ptbxlLabels(byId.get(307)!, statements)).toEqual(['MI', 'LVH', 'AFIB']);
    expect(byId.get(307)).toMatchObject({ patientId: 6348, age: 63, sex: 'male', heightCm: 174, weightKg: 64 });
  });

  it('points every filename_hr at a 500 Hz record present in records500, and covers all of them', () => {
    const present = readdirSync(sharedDataPath('ptb-xl', 'records500', '00000'))
      .filter((name) => name.endsWith('_hr.hea'))
      .map((name) => `records500/00000/${name.slice(0, -'.hea'.length)}`)
      .sort();

    for (const { filenameHr } of records) {
      expect(existsSync(sharedDataPath('ptb-xl', `${filenameHr}.hea`))).toBe(true);
      expect(existsSync(sharedDataPath('ptb-xl', `${filenameHr}.dat`))).toBe(true);
    }
    expect(records.map((record) => record.filenameHr).sort()).toEqual(present);
  });
});

import { readNihCxrLabels } from '../../../src/formats/nih-cxr/index';
import { describeWithSharedData, readSharedBytes } from '../../support/shared-data';

/**
 * The full NIH ChestX-ray14 label table in ../shared/data/cxr/nih-siim (112,120 rows per its SOURCES.md).
 * Expected values from Python's gzip and csv modules on the same file, not from this code:
 *
 *   rows = list(csv.reader(gzip.open('Data_Entry_2017_v2020.csv.gz', 'rt')))[1:]
 *   len(rows)                                                   # 112120
 *   sum('Cardiomegaly' in r[1].split('|') for r in rows)        # 2776
 *   sum(r[1] == 'No Finding' for r in rows)                     # 60361
 *   Counter(r[6] for r in rows)                                 # PA 67310, AP 44810
 *   len({r[3] for r in rows})                                   # 30805 patients
 *
 * and `zcat … | grep` for the two rows of the PNGs kept beside it:
 *   00000001_000.png,Cardiomegaly,0,1,57,M,PA,2682,2749,0.14300000000000002,0.14300000000000002
 *   00027426_000.png,No Finding,0,27426,53,M,PA,2992,2991,0.14300000000000002,0.14300000000000002
 */
describeWithSharedData('readNihCxrLabels on Data_Entry_2017_v2020.csv.gz', () => {
  const rows = readNihCxrLabels(readSharedBytes('cxr', 'nih-siim', 'Data_Entry_2017_v2020.csv.gz'));

  it('reads all 112,120 rows', () => {
    expect(rows).toHaveLength(112_120);
  });

  it('reads the rows of the two PNGs in the shared data as the CSV gives them', () => {
    const byImage = new Map(rows.map((row) => [row.imageIndex, row]));

    expect(byImage.get('00000001_000.png')).toEqual({
      imageIndex: '00000001_000.png',
      findings: ['Cardiomegaly'],
      followUp: 0,
      patientId: 1,
      age: 57,
      sex: 'M',
      view: 'PA',
      originalWidth: 2682,
      originalHeight: 2749,
      pixelSpacing: { x: 0.14300000000000002, y: 0.14300000000000002 },
    });
    expect(byImage.get('00027426_000.png')).toMatchObject({
      findings: ['No Finding'],
      patientId: 27426,
      age: 53,
      sex: 'M',
      view: 'PA',
      originalWidth: 2992,
      originalHeight: 2991,
    });
  });

  it('counts 2776 Cardiomegaly, 60361 No Finding, 67310 PA and 44810 AP images of 30805 patients', () => {
    const count = (test: (row: (typeof rows)[number]) => boolean): number => rows.filter(test).length;

    expect(count((row) => row.findings.includes('Cardiomegaly'))).toBe(2776);
    expect(count((row) => row.findings.length === 1 && row.findings[0] === 'No Finding')).toBe(60361);
    expect([count((row) => row.view === 'PA'), count((row) => row.view === 'AP')]).toEqual([67310, 44810]);
    expect(new Set(rows.map((row) => row.patientId)).size).toBe(30805);
  });
});

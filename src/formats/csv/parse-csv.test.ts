import { isFormatError } from '../../shared';
import { indexCsvColumns } from './csv-columns';
import { parseCsvTable } from './parse-csv';

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    expect(isFormatError(error)).toBe(true);
    return error as Error;
  }
  throw new Error('expected a FormatError, nothing was thrown');
}

describe('parseCsvTable', () => {
  it('keys each record by the header names', () => {
    const table = parseCsvTable('id,label\n1,"Calcium, Total"\n2,\n');

    expect(table.header).toEqual(['id', 'label']);
    expect(table.records).toEqual([
      { id: '1', label: 'Calcium, Total' },
      { id: '2', label: '' },
    ]);
  });

  it('rejects a row whose field count differs from the header, naming the row', () => {
    expect(thrown(() => parseCsvTable('a,b\n1,2\n3\n', 't.csv')).message).toBe(
      'CSV t.csv: row 3 has 1 fields, the header has 2',
    );
  });

  it('rejects an empty file and a header that repeats a name', () => {
    expect(thrown(() => parseCsvTable('', 't.csv')).message).toContain('file has no header row');
    expect(thrown(() => parseCsvTable('a,b,a\n', 't.csv')).message).toContain('header names the column "a" twice');
  });
});

describe('indexCsvColumns', () => {
  it('finds the needed columns wherever they are and ignores the others', () => {
    expect(indexCsvColumns(['x', 'itemid', 'label'], ['label', 'itemid'])).toEqual({ label: 2, itemid: 1 });
  });

  it('lists every missing column in one error', () => {
    expect(thrown(() => indexCsvColumns(['x'], ['itemid', 'label'], 'd.csv')).message).toBe(
      'CSV d.csv: header lacks the column(s) itemid, label',
    );
  });
});

import { isFormatError } from '../../shared';
import { CsvRowParser } from './csv-row-parser';
import { parseCsv } from './parse-csv';

/**
 * Every awkward case at once: CRLF, LF and a lone CR as row ends; a quoted comma, doubled quotes and a newline
 * inside quotes; an empty line; a quote inside an unquoted field; CRLF inside quotes; no final line break.
 */
const TRICKY = 'name,note,n\r\n"Smith, J","said ""hi""\nthen left",3\r\n,,\n"","x"\n\nplain"quote,b,"c\r\nd"\rlast,1,2';

/**
 * Python 3's csv module on the same text (io.StringIO(TRICKY, newline=''), csv.reader, empty rows dropped), which
 * is how these rows were obtained.
 */
const TRICKY_ROWS = [
  ['name', 'note', 'n'],
  ['Smith, J', 'said "hi"\nthen left', '3'],
  ['', '', ''],
  ['', 'x'],
  ['plain"quote', 'b', 'c\r\nd'],
  ['last', '1', '2'],
];

function pushInPieces(text: string, cuts: number[]): string[][] {
  const parser = new CsvRowParser();
  const rows: string[][] = [];
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    rows.push(...parser.push(text.slice(from, cut)));
    from = cut;
  }
  rows.push(...parser.end());
  return rows;
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    expect(isFormatError(error)).toBe(true);
    return error as Error;
  }
  throw new Error('expected a FormatError, nothing was thrown');
}

describe('CsvRowParser', () => {
  it('parses RFC 4180 quoting, line ends and empty fields as Python csv does', () => {
    expect(parseCsv(TRICKY)).toEqual(TRICKY_ROWS);
  });

  it('gives the same rows wherever the text is cut into two chunks', () => {
    for (let cut = 0; cut <= TRICKY.length; cut++) {
      expect({ cut, rows: pushInPieces(TRICKY, [cut]) }).toEqual({ cut, rows: TRICKY_ROWS });
    }
  });

  it('gives the same rows when the text arrives one character at a time', () => {
    const cuts = Array.from({ length: TRICKY.length }, (_, i) => i);

    expect(pushInPieces(TRICKY, cuts)).toEqual(TRICKY_ROWS);
  });

  it('returns a row only once its line break has arrived', () => {
    const parser = new CsvRowParser();

    expect(parser.push('a,b\nc,')).toEqual([['a', 'b']]);
    expect(parser.push('d\r')).toEqual([]);
    expect(parser.push('\ne')).toEqual([['c', 'd']]);
    expect(parser.end()).toEqual([['e']]);
    expect(parser.rowsRead).toBe(3);
  });

  it('drops a byte-order mark, keeps a trailing empty field and adds no row for a final line break', () => {
    expect(parseCsv('\ufeffa,b,\n1,,\n')).toEqual([
      ['a', 'b', ''],
      ['1', '', ''],
    ]);
    expect(parseCsv('')).toEqual([]);
  });

  it('rejects a quoted field left open at the end, naming the row', () => {
    expect(thrown(() => parseCsv('a\nb\n"open,\n', 'x.csv')).message).toBe(
      'CSV x.csv: row 3: quoted field is not closed before the end of the input',
    );
  });

  it('rejects text after a closing quote, naming the row', () => {
    expect(thrown(() => parseCsv('a,b\n"x"y,1\n')).message).toContain(
      'row 2: a closing quote is followed by a character other than a comma or line break',
    );
  });
});

/**
 * Whole-text CSV parsing, for files small enough to hold in memory (PTB-XL's tables, the NIH label table).
 */
import { FormatError } from '../../shared';
import { CsvRowParser } from './csv-row-parser';

/** A CSV file with a header row: the header's names and one record per following row. */
export interface CsvTable {
  header: string[];
  /** Field values by header name; every record has every column. */
  records: Record<string, string>[];
}

/**
 * Parses CSV text into rows of fields (RFC 4180 quoting; see {@link CsvRowParser}).
 *
 * @param text - the whole file
 * @param source - file name for error messages
 * @throws FormatError naming the row of a malformed quoted field
 */
export function parseCsv(text: string, source?: string): string[][] {
  const parser = new CsvRowParser(source);
  const rows = parser.push(text);
  for (const row of parser.end()) rows.push(row);
  return rows;
}

/**
 * Parses CSV text whose first row names the columns into records keyed by those names.
 *
 * @param text - the whole file
 * @param source - file name for error messages
 * @throws FormatError when the header is missing or repeats a name, or a row has a different number of fields
 */
export function parseCsvTable(text: string, source?: string): CsvTable {
  const [header, ...rows] = parseCsv(text, source);
  if (header === undefined) throw new FormatError('CSV', 'file has no header row', source);
  assertUniqueNames(header, source);
  const records = rows.map((row, i) => {
    assertRowWidth(row, header.length, i + 2, source);
    const record: Record<string, string> = {};
    header.forEach((name, column) => (record[name] = row[column]!));
    return record;
  });
  return { header, records };
}

/** Checks that a row has as many fields as the header; `rowNumber` counts the header as row 1. */
function assertRowWidth(row: readonly string[], width: number, rowNumber: number, source?: string): void {
  if (row.length !== width) {
    throw new FormatError('CSV', `row ${rowNumber} has ${row.length} fields, the header has ${width}`, source);
  }
}

function assertUniqueNames(header: readonly string[], source?: string): void {
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new FormatError('CSV', `header names the column "${name}" twice`, source);
    seen.add(name);
  }
}

/**
 * Column lookup for readers that turn CSV rows into typed records: names are resolved to indices once, from the
 * header, so that each row is read by position.
 */
import { FormatError } from '../../shared';

/** The position of each named column in the header. */
export type CsvColumnIndex<C extends string> = Readonly<Record<C, number>>;

/**
 * Finds the named columns in a header row; other columns are allowed and ignored.
 *
 * @param header - the header row
 * @param names - the columns the reader needs
 * @param source - file name for error messages
 * @throws FormatError listing every missing column
 */
export function indexCsvColumns<C extends string>(
  header: readonly string[],
  names: readonly C[],
  source?: string,
): CsvColumnIndex<C> {
  const index = {} as Record<C, number>;
  const missing: string[] = [];
  for (const name of names) {
    const at = header.indexOf(name);
    if (at === -1) missing.push(name);
    else index[name] = at;
  }
  if (missing.length > 0) {
    throw new FormatError('CSV', `header lacks the column(s) ${missing.join(', ')}`, source);
  }
  return index;
}

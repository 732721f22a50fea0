/**
 * Reading a MIMIC-IV `hosp` table (`.csv` or `.csv.gz`) as batches of typed rows. Each table is described once
 * by a {@link MimicTable}: the columns it needs and how a row becomes a record.
 */
import { FormatError } from '../../shared';
import { indexCsvColumns, readCsvRowBatches, type ByteSource } from '../csv';
import { MimicRow } from './mimic-row';

/** How to read one MIMIC table. */
export interface MimicTable<C extends string, T> {
  /** The file's name in MIMIC-IV (`labevents.csv.gz`), used in error messages when the caller gives none. */
  fileName: string;
  /** Columns the reader needs; others in the file are ignored. */
  columns: readonly C[];
  /** Builds a record from the current row. */
  toRecord(row: MimicRow<C>): T;
}

/**
 * Streams a MIMIC table as batches of records, one batch per decoded chunk of the file (see
 * {@link readCsvRowBatches} for why batches).
 *
 * @param input - the file's bytes, e.g. `fs.createReadStream('hosp/labevents.csv.gz')`
 * @param table - the table's description
 * @param source - file name for error messages; the table's MIMIC file name when absent
 * @throws FormatError naming the file, row and column of a missing column, a short or long row, or a bad value
 */
export async function* readMimicTable<C extends string, T>(
  input: ByteSource,
  table: MimicTable<C, T>,
  source: string = table.fileName,
): AsyncGenerator<T[]> {
  let row: MimicRow<C> | undefined;
  let width = 0;
  for await (const batch of readCsvRowBatches(input, source)) {
    let start = 0;
    if (row === undefined) {
      const header = batch[0]!;
      row = new MimicRow(indexCsvColumns(header, table.columns, source), source);
      row.rowNumber = 1;
      width = header.length;
      start = 1;
    }
    const records: T[] = new Array(batch.length - start);
    for (let i = start; i < batch.length; i++) {
      const fields = batch[i]!;
      row.rowNumber++;
      if (fields.length !== width) {
        throw new FormatError(
          'MIMIC-IV',
          `row ${row.rowNumber} has ${fields.length} fields, the header has ${width}`,
          source,
        );
      }
      row.fields = fields;
      records[i - start] = table.toRecord(row);
    }
    if (records.length > 0) yield records;
  }
  if (row === undefined) throw new FormatError('MIMIC-IV', 'file is empty (no header row)', source);
}

/**
 * Collects every batch into one array, for tables that fit in memory (all but `labevents` and `chartevents`).
 *
 * @param batches - e.g. `readMimicPatients(stream)`
 */
export async function collectMimicRecords<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const batch of batches) for (const record of batch) all.push(record);
  return all;
}

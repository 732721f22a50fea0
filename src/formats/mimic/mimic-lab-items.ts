/** MIMIC-IV `hosp/d_labitems`: the dictionary of lab item ids (no LOINC column; see the shared lab catalogue). */
import type { ByteSource } from '../csv';
import type { MimicRow } from './mimic-row';
import { readMimicTable, type MimicTable } from './mimic-table';

/** A row of `d_labitems.csv.gz`. */
export interface MimicLabItem {
  itemId: number;
  /** `Creatinine`, `Potassium`…; undefined for the few items MIMIC leaves unnamed. */
  label?: string;
  /** `Blood`, `Urine`, `Cerebrospinal Fluid`… */
  fluid: string;
  /** `Chemistry`, `Hematology`, `Blood Gas`. */
  category: string;
}

const COLUMNS = ['itemid', 'label', 'fluid', 'category'] as const;
type Column = (typeof COLUMNS)[number];

/** The `d_labitems` table. */
export const MIMIC_LAB_ITEMS: MimicTable<Column, MimicLabItem> = {
  fileName: 'd_labitems.csv.gz',
  columns: COLUMNS,
  toRecord(row: MimicRow<Column>): MimicLabItem {
    return {
      itemId: row.integer('itemid'),
      label: row.optionalText('label'),
      fluid: row.text('fluid'),
      category: row.text('category'),
    };
  },
};

/**
 * Streams `d_labitems.csv.gz` (or `.csv`) as batches of lab items.
 *
 * @param input - the file's bytes
 * @param source - file name for error messages
 */
export function readMimicLabItems(input: ByteSource, source?: string): AsyncGenerator<MimicLabItem[]> {
  return readMimicTable(input, MIMIC_LAB_ITEMS, source);
}

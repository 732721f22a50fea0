/** MIMIC-IV `hosp/labevents`: one row per laboratory measurement (the largest hosp table, ~118 M rows). */
import type { ByteSource } from '../csv';
import type { MimicRow } from './mimic-row';
import { readMimicTable, type MimicTable } from './mimic-table';

/**
 * A row of `labevents.csv.gz` (provider id and comments are not read: comments are free text). An optional
 * property is present and undefined when its field is empty, so that every record has the same shape.
 */
export interface MimicLabEvent {
  labeventId: number;
  subjectId: number;
  /** Undefined for tests taken outside an admission (outpatient, ED without admission). */
  hadmId?: number;
  specimenId: number;
  /** Key into `d_labitems` (50912 creatinine, 50971 potassium…). */
  itemId: number;
  /** When the specimen was taken (ISO local date-time, shifted). */
  chartTime: string;
  /** When the result was stored. */
  storeTime?: string;
  /** The result as text (`1.2`, `NEG`, `___` for a redacted value). */
  value?: string;
  /** The result as a number, when it is one. */
  valueNum?: number;
  /** Unit as MIMIC writes it (`mg/dL`, `mEq/L`, `K/uL`), not UCUM. */
  valueUom?: string;
  refRangeLower?: number;
  refRangeUpper?: number;
  /** `abnormal` when the lab flagged the result; undefined otherwise. */
  flag?: 'abnormal';
  /** `ROUTINE` or `STAT`. */
  priority?: string;
}

const COLUMNS = [
  'labevent_id',
  'subject_id',
  'hadm_id',
  'specimen_id',
  'itemid',
  'charttime',
  'storetime',
  'value',
  'valuenum',
  'valueuom',
  'ref_range_lower',
  'ref_range_upper',
  'flag',
  'priority',
] as const;
type Column = (typeof COLUMNS)[number];

/** The `labevents` table. */
export const MIMIC_LAB_EVENTS: MimicTable<Column, MimicLabEvent> = {
  fileName: 'labevents.csv.gz',
  columns: COLUMNS,
  toRecord(row: MimicRow<Column>): MimicLabEvent {
    const flag = row.optionalText('flag');
    if (flag !== undefined && flag !== 'abnormal') throw row.fail('flag', 'is neither empty nor "abnormal"');
    return {
      labeventId: row.integer('labevent_id'),
      subjectId: row.integer('subject_id'),
      hadmId: row.optionalInteger('hadm_id'),
      specimenId: row.integer('specimen_id'),
      itemId: row.integer('itemid'),
      chartTime: row.dateTime('charttime'),
      storeTime: row.optionalDateTime('storetime'),
      value: row.optionalText('value'),
      valueNum: row.optionalNumber('valuenum'),
      valueUom: row.optionalText('valueuom'),
      refRangeLower: row.optionalNumber('ref_range_lower'),
      refRangeUpper: row.optionalNumber('ref_range_upper'),
      flag,
      priority: row.optionalText('priority'),
    };
  },
};

/**
 * Streams `labevents.csv.gz` (or `.csv`) as batches of lab events; the full table does not fit in memory as
 * records, so consume the batches as they come.
 *
 * @param input - the file's bytes
 * @param source - file name for error messages
 */
export function readMimicLabEvents(input: ByteSource, source?: string): AsyncGenerator<MimicLabEvent[]> {
  return readMimicTable(input, MIMIC_LAB_EVENTS, source);
}

/**
 * PTB-XL's `ptbxl_database.csv`: one row per ECG with the patient's demographics, the cardiologists' SCP-ECG
 * statements and the paths of the 100 Hz and 500 Hz WFDB records. Columns after Wagner et al. 2020, Table 2.
 */
import { FormatError } from '../../shared';
import { indexCsvColumns, parseCsv } from '../csv';
import { parseScpCodes } from './scp-codes-literal';

/** One row of `ptbxl_database.csv`. */
export interface PtbxlRecord {
  ecgId: number;
  patientId: number;
  /**
   * Years at recording; undefined when not given. PTB-XL writes 300 for everyone over 89 (HIPAA), kept as is
   * here: a caller that needs years must treat 300 as "90 or more".
   */
  age?: number;
  /** `sex` column: 0 male, 1 female. */
  sex: 'male' | 'female';
  heightCm?: number;
  weightKg?: number;
  /** Local date-time of the recording, ISO 8601 without zone (`1984-11-09T09:17:34`). */
  recordedAt: string;
  /** Statement code → likelihood in percent, as written by the cardiologist (see {@link parseScpCodes}). */
  scpCodes: ReadonlyMap<string, number>;
  /** Suggested stratified fold 1–10; PTB-XL recommends folds 9 and 10 for validation and test. */
  stratFold: number;
  /** Record path without extension, relative to the dataset root: `records100/00000/00001_lr`. */
  filenameLr: string;
  /** Record path without extension, relative to the dataset root: `records500/00000/00001_hr`. */
  filenameHr: string;
}

const COLUMNS = [
  'ecg_id',
  'patient_id',
  'age',
  'sex',
  'height',
  'weight',
  'recording_date',
  'scp_codes',
  'strat_fold',
  'filename_lr',
  'filename_hr',
] as const;
type Column = (typeof COLUMNS)[number];

const DATE_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

/**
 * Parses `ptbxl_database.csv` (the whole file, or a subset with the same header).
 *
 * @param text - the file's text
 * @param source - file name for error messages
 * @throws FormatError naming the row, ecg_id and column of a missing or malformed value
 */
export function parsePtbxlDatabase(text: string, source = 'ptbxl_database.csv'): PtbxlRecord[] {
  const [header, ...rows] = parseCsv(text, source);
  if (header === undefined) throw new FormatError('PTB-XL', 'file has no header row', source);
  const col = indexCsvColumns(header, COLUMNS, source);
  return rows.map((row, i) => toRecord(row, col, `row ${i + 2}`, source));
}

function toRecord(row: string[], col: Readonly<Record<Column, number>>, where: string, source: string): PtbxlRecord {
  const id = row[col.ecg_id] ?? '';
  const fail = (column: Column, reason: string): FormatError =>
    new FormatError('PTB-XL', `${where} (ecg_id ${id}), ${column}: ${reason}`, source);
  const text = (column: Column): string => row[col[column]]?.trim() ?? '';
  const optionalNumber = (column: Column): number | undefined => {
    const value = text(column);
    if (value === '') return undefined;
    const number = Number(value);
    if (!Number.isFinite(number)) throw fail(column, 'is not a number');
    return number;
  };
  const integer = (column: Column): number => {
    const number = optionalNumber(column);
    if (number === undefined) throw fail(column, 'is empty');
    // pandas writes integer columns that had a missing value as floats: `15709.0`.
    if (!Number.isInteger(number)) throw fail(column, 'is not a whole number');
    return number;
  };
  const required = (column: Column): string => {
    const value = text(column);
    if (value === '') throw fail(column, 'is empty');
    return value;
  };

  const sexCode = text('sex');
  if (sexCode !== '0' && sexCode !== '1') throw fail('sex', 'is neither 0 (male) nor 1 (female)');
  const date = DATE_TIME.exec(text('recording_date'));
  if (date === null) throw fail('recording_date', 'is not "YYYY-MM-DD HH:MM:SS"');

  const record: PtbxlRecord = {
    ecgId: integer('ecg_id'),
    patientId: integer('patient_id'),
    sex: sexCode === '0' ? 'male' : 'female',
    recordedAt: `${date[1]}T${date[2]}`,
    scpCodes: parseScpCodes(required('scp_codes'), `${source} ${where} (ecg_id ${id})`),
    stratFold: integer('strat_fold'),
    filenameLr: required('filename_lr'),
    filenameHr: required('filename_hr'),
  };
  const age = optionalNumber('age');
  const heightCm = optionalNumber('height');
  const weightKg = optionalNumber('weight');
  if (age !== undefined) record.age = age;
  if (heightCm !== undefined) record.heightCm = heightCm;
  if (weightKg !== undefined) record.weightKg = weightKg;
  return record;
}

/** MIMIC-IV `hosp/admissions`: one row per hospital admission (`hadm_id`). */
import type { ByteSource } from '../csv';
import type { MimicRow } from './mimic-row';
import { readMimicTable, type MimicTable } from './mimic-table';

/**
 * A row of `admissions.csv.gz` (provider ids are not read). Times are ISO local date-times, shifted; an optional
 * property is present and undefined when its field is empty, so that every record has the same shape.
 */
export interface MimicAdmission {
  subjectId: number;
  hadmId: number;
  admitTime: string;
  dischTime: string;
  /** In-hospital death time, when the patient died during the admission. */
  deathTime?: string;
  /** `EW EMER.`, `URGENT`, `ELECTIVE`, `OBSERVATION ADMIT`… */
  admissionType: string;
  admissionLocation?: string;
  dischargeLocation?: string;
  insurance?: string;
  /** `ENGLISH`, or `?` when unknown, as MIMIC writes it. */
  language?: string;
  maritalStatus?: string;
  race?: string;
  /** Emergency department registration and exit, when the admission came through the ED. */
  edRegTime?: string;
  edOutTime?: string;
  /** `hospital_expire_flag`: 1 when the patient died in hospital. */
  hospitalExpireFlag: boolean;
}

const COLUMNS = [
  'subject_id',
  'hadm_id',
  'admittime',
  'dischtime',
  'deathtime',
  'admission_type',
  'admission_location',
  'discharge_location',
  'insurance',
  'language',
  'marital_status',
  'race',
  'edregtime',
  'edouttime',
  'hospital_expire_flag',
] as const;
type Column = (typeof COLUMNS)[number];

/** The `admissions` table. */
export const MIMIC_ADMISSIONS: MimicTable<Column, MimicAdmission> = {
  fileName: 'admissions.csv.gz',
  columns: COLUMNS,
  toRecord(row: MimicRow<Column>): MimicAdmission {
    const flag = row.integer('hospital_expire_flag');
    if (flag !== 0 && flag !== 1) throw row.fail('hospital_expire_flag', 'is neither 0 nor 1');
    return {
      subjectId: row.integer('subject_id'),
      hadmId: row.integer('hadm_id'),
      admitTime: row.dateTime('admittime'),
      dischTime: row.dateTime('dischtime'),
      deathTime: row.optionalDateTime('deathtime'),
      admissionType: row.text('admission_type'),
      admissionLocation: row.optionalText('admission_location'),
      dischargeLocation: row.optionalText('discharge_location'),
      insurance: row.optionalText('insurance'),
      language: row.optionalText('language'),
      maritalStatus: row.optionalText('marital_status'),
      race: row.optionalText('race'),
      edRegTime: row.optionalDateTime('edregtime'),
      edOutTime: row.optionalDateTime('edouttime'),
      hospitalExpireFlag: flag === 1,
    };
  },
};

/**
 * Streams `admissions.csv.gz` (or `.csv`) as batches of admissions.
 *
 * @param input - the file's bytes
 * @param source - file name for error messages
 */
export function readMimicAdmissions(input: ByteSource, source?: string): AsyncGenerator<MimicAdmission[]> {
  return readMimicTable(input, MIMIC_ADMISSIONS, source);
}

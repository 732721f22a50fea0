/** MIMIC-IV `hosp/patients`: one row per patient, with the de-identified anchor year and age. */
import type { ByteSource } from '../csv';
import type { MimicRow } from './mimic-row';
import { readMimicTable, type MimicTable } from './mimic-table';

/** A row of `patients.csv.gz`. */
export interface MimicPatient {
  subjectId: number;
  /** `gender` as MIMIC records it (administrative sex): `F` or `M`. */
  gender: 'F' | 'M';
  /** Age in the anchor year; 91 stands for "over 89" (MIMIC's HIPAA rule). */
  anchorAge: number;
  /** The shifted year in which the patient was `anchorAge`. */
  anchorYear: number;
  /** The real three-year span the anchor year maps to, e.g. `2011 - 2013`. */
  anchorYearGroup: string;
  /** Date of death (`YYYY-MM-DD`, shifted); undefined when not recorded. */
  dod?: string;
}

const COLUMNS = ['subject_id', 'gender', 'anchor_age', 'anchor_year', 'anchor_year_group', 'dod'] as const;

/** The `patients` table. */
export const MIMIC_PATIENTS: MimicTable<(typeof COLUMNS)[number], MimicPatient> = {
  fileName: 'patients.csv.gz',
  columns: COLUMNS,
  toRecord(row: MimicRow<(typeof COLUMNS)[number]>): MimicPatient {
    const gender = row.text('gender');
    if (gender !== 'F' && gender !== 'M') throw row.fail('gender', 'is neither F nor M');
    return {
      subjectId: row.integer('subject_id'),
      gender,
      anchorAge: row.integer('anchor_age'),
      anchorYear: row.integer('anchor_year'),
      anchorYearGroup: row.text('anchor_year_group'),
      dod: row.optionalDate('dod'),
    };
  },
};

/**
 * Streams `patients.csv.gz` (or `.csv`) as batches of patients.
 *
 * @param input - the file's bytes
 * @param source - file name for error messages
 */
export function readMimicPatients(input: ByteSource, source?: string): AsyncGenerator<MimicPatient[]> {
  return readMimicTable(input, MIMIC_PATIENTS, source);
}

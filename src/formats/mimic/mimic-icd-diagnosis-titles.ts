/** MIMIC-IV `hosp/d_icd_diagnoses`: the titles of the ICD-9-CM and ICD-10-CM diagnosis codes. */
import type { ByteSource } from '../csv';
import { icdVersionOf } from './mimic-diagnoses-icd';
import type { MimicRow } from './mimic-row';
import { readMimicTable, type MimicTable } from './mimic-table';

/** A row of `d_icd_diagnoses.csv.gz`. */
export interface MimicIcdDiagnosisTitle {
  /** Without its dot, as in `diagnoses_icd`. */
  icdCode: string;
  icdVersion: 9 | 10;
  longTitle: string;
}

const COLUMNS = ['icd_code', 'icd_version', 'long_title'] as const;
type Column = (typeof COLUMNS)[number];

/** The `d_icd_diagnoses` table. */
export const MIMIC_ICD_DIAGNOSIS_TITLES: MimicTable<Column, MimicIcdDiagnosisTitle> = {
  fileName: 'd_icd_diagnoses.csv.gz',
  columns: COLUMNS,
  toRecord(row: MimicRow<Column>): MimicIcdDiagnosisTitle {
    return {
      icdCode: row.text('icd_code'),
      icdVersion: icdVersionOf(row, 'icd_version'),
      longTitle: row.text('long_title'),
    };
  },
};

/**
 * Streams `d_icd_diagnoses.csv.gz` (or `.csv`) as batches of code titles.
 *
 * @param input - the file's bytes
 * @param source - file name for error messages
 */
export function readMimicIcdDiagnosisTitles(
  input: ByteSource,
  source?: string,
): AsyncGenerator<MimicIcdDiagnosisTitle[]> {
  return readMimicTable(input, MIMIC_ICD_DIAGNOSIS_TITLES, source);
}

/** MIMIC-IV `hosp/diagnoses_icd`: the billed ICD-9-CM / ICD-10-CM diagnoses of each admission. */
import type { ByteSource } from '../csv';
import type { MimicRow } from './mimic-row';
import { readMimicTable, type MimicTable } from './mimic-table';

/** A row of `diagnoses_icd.csv.gz`. */
export interface MimicDiagnosis {
  subjectId: number;
  hadmId: number;
  /** Priority of the code within the admission, 1 = principal diagnosis. */
  seqNum: number;
  /** The code without its dot, as MIMIC stores it: `I214` is ICD-10 I21.4, `41071` is ICD-9 410.71. */
  icdCode: string;
  icdVersion: 9 | 10;
}

const COLUMNS = ['subject_id', 'hadm_id', 'seq_num', 'icd_code', 'icd_version'] as const;
type Column = (typeof COLUMNS)[number];

/** Reads `icd_version`, which MIMIC writes as 9 or 10. */
export function icdVersionOf<C extends string>(row: MimicRow<C>, column: C): 9 | 10 {
  const version = row.integer(column);
  if (version !== 9 && version !== 10) throw row.fail(column, 'is neither 9 nor 10');
  return version;
}

/** The `diagnoses_icd` table. */
export const MIMIC_DIAGNOSES_ICD: MimicTable<Column, MimicDiagnosis> = {
  fileName: 'diagnoses_icd.csv.gz',
  columns: COLUMNS,
  toRecord(row: MimicRow<Column>): MimicDiagnosis {
    return {
      subjectId: row.integer('subject_id'),
      hadmId: row.integer('hadm_id'),
      seqNum: row.integer('seq_num'),
      icdCode: row.text('icd_code'),
      icdVersion: icdVersionOf(row, 'icd_version'),
    };
  },
};

/**
 * Streams `diagnoses_icd.csv.gz` (or `.csv`) as batches of diagnoses.
 *
 * @param input - the file's bytes
 * @param source - file name for error messages
 */
export function readMimicDiagnosesIcd(input: ByteSource, source?: string): AsyncGenerator<MimicDiagnosis[]> {
  return readMimicTable(input, MIMIC_DIAGNOSES_ICD, source);
}

/**
 * The PTB-XL labels this product trains and evaluates on, from a record's SCP-ECG statements.
 *
 * A label is present when its statement is a key of `scp_codes`, whatever the likelihood: rhythm statements
 * (AFIB, AFLT) always carry 0.0, and PTB-XL's own example code (`example_physionet.py`, `aggregate_diagnostic`)
 * aggregates diagnostic classes over every key the same way.
 */
import type { PtbxlRecord } from './ptbxl-database';
import type { ScpStatement } from './scp-statements';

/** NORM normal ECG, MI any myocardial infarction, LVH left ventricular hypertrophy, AFIB, AFLT atrial flutter. */
export type PtbxlLabel = 'NORM' | 'MI' | 'LVH' | 'AFIB' | 'AFLT';

/** Every label, in the order {@link ptbxlLabels} returns them. */
export const PTBXL_LABELS: readonly PtbxlLabel[] = ['NORM', 'MI', 'LVH', 'AFIB', 'AFLT'];

/**
 * The labels of one record.
 *
 * NORM, LVH, AFIB and AFLT are their own statement codes. MI is the diagnostic superclass: any statement whose
 * `diagnostic_class` is MI (IMI, ASMI, AMI, ILMI, ALMI, LMI, IPMI, INJAS, …), so `statements` decides it. A code
 * that `statements` does not know counts for no superclass.
 *
 * @param record - a row of `ptbxl_database.csv` (only `scpCodes` is read)
 * @param statements - `scp_statements.csv`, by code
 * @returns the labels present, in {@link PTBXL_LABELS} order
 */
export function ptbxlLabels(
  record: Pick<PtbxlRecord, 'scpCodes'>,
  statements: ReadonlyMap<string, ScpStatement>,
): PtbxlLabel[] {
  const codes = record.scpCodes;
  const isMi = [...codes.keys()].some((code) => statements.get(code)?.diagnosticClass === 'MI');
  return PTBXL_LABELS.filter((label) => (label === 'MI' ? isMi : codes.has(label)));
}

/**
 * The real side of the ECG comparison: the PTB-XL records in ../shared/data/ptb-xl (500 Hz WFDB), their NORM, LVH,
 * MI and AFIB labels from the cardiologists' SCP statements (ptbxlLabels), and their features measured with the
 * same code as the synthetic records. Only rows of ptbxl_database.csv whose 500 Hz record is present are read.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePtbxlDatabase, parseScpStatements, ptbxlLabels, type PtbxlLabel } from '../../formats/ptbxl';
import { readWfdbRecord, wfdbToEcgRecording } from '../../formats/wfdb';
import { measureEcgFeatures, type EcgFeatures } from './ecg-features';

export interface LabelledEcgFeatures {
  ecgId: number;
  labels: PtbxlLabel[];
  features: EcgFeatures;
}

/** The first metadata file `ptbxlDir` lacks, or undefined when both are there. */
export function missingPtbxlFile(ptbxlDir: string): string | undefined {
  return ['ptbxl_database.csv', 'scp_statements.csv']
    .map((name) => path.join(ptbxlDir, name))
    .find((file) => !existsSync(file));
}

/**
 * Reads and measures every PTB-XL record present under `ptbxlDir`.
 * @throws FormatError naming the file and field of a malformed header, signal file or metadata row
 */
export function readPtbxlFeatures(ptbxlDir: string): LabelledEcgFeatures[] {
  const databaseFile = path.join(ptbxlDir, 'ptbxl_database.csv');
  const statementsFile = path.join(ptbxlDir, 'scp_statements.csv');
  const records = parsePtbxlDatabase(readFileSync(databaseFile, 'utf8'), databaseFile);
  const statements = parseScpStatements(readFileSync(statementsFile, 'utf8'), statementsFile);
  const out: LabelledEcgFeatures[] = [];
  for (const record of records) {
    const headerFile = path.join(ptbxlDir, `${record.filenameHr}.hea`);
    if (!existsSync(headerFile)) continue;
    const headerText = readFileSync(headerFile, 'utf8');
    const dataName = `${path.basename(record.filenameHr)}.dat`;
    const wfdb = readWfdbRecord(
      headerText,
      { [dataName]: new Uint8Array(readFileSync(path.join(path.dirname(headerFile), dataName))) },
      headerFile,
    );
    const recording = wfdbToEcgRecording(wfdb, { source: 'file', references: [path.basename(record.filenameHr)] });
    out.push({ ecgId: record.ecgId, labels: ptbxlLabels(record, statements), features: measureEcgFeatures(recording) });
  }
  return out;
}

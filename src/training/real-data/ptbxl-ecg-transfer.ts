/**
 * The ECG path alone on PTB-XL (issue 4, deliverable 9): every 500 Hz record present under the folder, read with
 * readWfdbRecord + wfdbToEcgRecording, assessed by the model with only the ECG (the package's own preprocessing:
 * FFT resampling to 100 Hz, leads by name; CXR and labs masked), and three of its disease outputs ranked against the
 * cardiologists' SCP statements:
 *
 * - AFIB or AFLT vs the rest → Atrial Fibrillation;
 * - LVH vs the rest → Hypertension (LVH is hypertension's ECG sign). The package has no LVH output: the encoder
 *   stage's auxiliary head, which predicts LVH among the ECG findings, is discarded after that stage
 *   (src/training/stages/encoder-stage.ts) and not exported;
 * - MI (diagnostic class, any MI statement) vs the rest → Coronary Artery Disease.
 *
 * Scores are the disease logits: the calibrated probability is a monotone function of them, so the AUROC is the
 * same, with fewer ties where a probability rounds to 0 or 1.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePtbxlDatabase, parseScpStatements, ptbxlLabels, type PtbxlLabel } from '../../formats/ptbxl';
import { readWfdbRecord, wfdbToEcgRecording } from '../../formats/wfdb';
import type { PerceptionModel } from '../../model/perception-model';
import { DISEASE_IDS, getDisease, type DiseaseId } from '../../shared';
import { mannWhitneyAuroc } from './auroc';
import type { EcgTransferReport } from './transfer-result';

/** A PTB-XL label set against one disease output. */
export interface EcgTransferTask {
  task: string;
  /** A record is positive when it carries any of these labels. */
  labels: readonly PtbxlLabel[];
  disease: DiseaseId;
}

export const ECG_TRANSFER_TASKS: readonly EcgTransferTask[] = [
  { task: 'afib-aflt', labels: ['AFIB', 'AFLT'], disease: 'atrial-fibrillation' },
  { task: 'lvh', labels: ['LVH'], disease: 'hypertension' },
  { task: 'mi', labels: ['MI'], disease: 'coronary-artery-disease' },
];

/** The metadata files PTB-XL needs; the first one `ptbxlDir` lacks, or undefined. */
export function missingPtbxlMetadata(ptbxlDir: string): string | undefined {
  return ['ptbxl_database.csv', 'scp_statements.csv']
    .map((name) => path.join(ptbxlDir, name))
    .find((file) => !existsSync(file));
}

/**
 * Assesses every PTB-XL record present under `ptbxlDir` from its ECG alone and scores the three tasks.
 *
 * @param model - the perception model
 * @param ptbxlDir - folder with ptbxl_database.csv, scp_statements.csv and records500/
 * @throws FormatError naming the file of a malformed header, signal or metadata row
 */
export async function evaluatePtbxlEcgTransfer(model: PerceptionModel, ptbxlDir: string): Promise<EcgTransferReport> {
  const databaseFile = path.join(ptbxlDir, 'ptbxl_database.csv');
  const statementsFile = path.join(ptbxlDir, 'scp_statements.csv');
  const rows = parsePtbxlDatabase(readFileSync(databaseFile, 'utf8'), databaseFile);
  const statements = parseScpStatements(readFileSync(statementsFile, 'utf8'), statementsFile);
  const labels: PtbxlLabel[][] = [];
  const logits: number[][] = [];
  for (const row of rows) {
    const headerFile = path.join(ptbxlDir, `${row.filenameHr}.hea`);
    if (!existsSync(headerFile)) continue;
    const dataName = `${path.basename(row.filenameHr)}.dat`;
    const wfdb = readWfdbRecord(
      readFileSync(headerFile, 'utf8'),
      { [dataName]: new Uint8Array(readFileSync(path.join(path.dirname(headerFile), dataName))) },
      headerFile,
    );
    const reference = path.basename(row.filenameHr);
    const ecg = wfdbToEcgRecording(wfdb, { source: 'file', references: [reference] });
    const result = await model.assess(
      { patientId: `ptbxl-${row.ecgId}`, ecg, issues: [], provenance: { source: 'file', references: [reference] } },
      { modalities: ['ecg'] },
    );
    labels.push(ptbxlLabels(row, statements));
    logits.push(result.diseases.map((d) => d.logit));
  }
  return {
    source: `PTB-XL, ${path.basename(ptbxlDir)} (500 Hz records present)`,
    records: labels.length,
    tasks: ECG_TRANSFER_TASKS.map(({ task, labels: wanted, disease }) => {
      const column = DISEASE_IDS.indexOf(disease);
      return {
        task,
        positive: `PTB-XL ${wanted.join(' or ')} vs the rest`,
        disease,
        score: `${getDisease(disease).answer} logit, ECG only`,
        ...mannWhitneyAuroc(
          logits.map((row) => row[column] as number),
          labels.map((have) => have.some((label) => wanted.includes(label))),
        ),
      };
    }),
  };
}

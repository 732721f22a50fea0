/**
 * The real-data transfer evaluation (issue 4, deliverable 9): the ECG path alone on PTB-XL and the lab path alone on
 * the MIMIC-IV demo, each skipped with a reason when its data is absent. The figures measure how a model trained on
 * the synthetic cohort transfers to real recordings; they are reported as they are and never tuned to (the data's
 * README keeps part of each set aside for that reason).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { OnnxPerceptionModel } from '../../model/runtime/onnx-perception-model';
import type { ExecutionProvider } from '../../model/runtime/create-session';
import type { Logger } from '../../shared';
import { missingMimicFile } from '../../synth/realism/mimic-first-labs';
import { evaluateMimicLabTransfer } from './mimic-lab-transfer';
import { evaluatePtbxlEcgTransfer, missingPtbxlMetadata } from './ptbxl-ecg-transfer';
import type { RealDataReport, SkippedPart } from './transfer-result';

/** Options of {@link evaluateRealData}. */
export interface EvaluateRealDataOptions {
  /** Model package folder. */
  modelDir: string;
  /** Folder holding `ptb-xl/` and `mimic-iv-demo/hosp/`. */
  dataDir: string;
  executionProvider?: ExecutionProvider;
  logger?: Logger;
}

export const TRANSFER_NOTE =
  'Synthetic→real transfer of a model trained only on the synthetic cohort; reported as measured, not tuned to. ' +
  'Small samples: an AUROC on a handful of positives has a wide confidence interval.';

/**
 * Loads the package and runs both parts.
 *
 * @param options - model, data folder, execution provider, logger
 * @throws ModelPackageError when the package breaks the contract; FormatError when a data file is malformed
 */
export async function evaluateRealData(options: EvaluateRealDataOptions): Promise<RealDataReport> {
  const model = await OnnxPerceptionModel.load(options.modelDir, {
    executionProvider: options.executionProvider ?? 'cpu',
    ...(options.logger ? { logger: options.logger } : {}),
  });
  try {
    const dataDir = path.resolve(options.dataDir);
    const ptbxlDir = path.join(dataDir, 'ptb-xl');
    const hospDir = path.join(dataDir, 'mimic-iv-demo', 'hosp');
    const absent = (file: string): SkippedPart => ({ skipped: `${file} is absent` });
    const missingEcg = existsSync(dataDir) ? missingPtbxlMetadata(ptbxlDir) : dataDir;
    const missingLabs = existsSync(dataDir) ? missingMimicFile(hospDir) : dataDir;
    return {
      model: { ...model.model, dir: model.modelPackage.dir, executionProvider: model.executionProvider },
      dataDir,
      ecg: missingEcg === undefined ? await evaluatePtbxlEcgTransfer(model, ptbxlDir) : absent(missingEcg),
      labs: missingLabs === undefined ? await evaluateMimicLabTransfer(model, hospDir) : absent(missingLabs),
      note: TRANSFER_NOTE,
    };
  } finally {
    await model.close();
  }
}

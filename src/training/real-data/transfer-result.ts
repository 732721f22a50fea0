/** The result types of the real-data transfer evaluation (issue 4, deliverable 9). */
import type { DiseaseId } from '../../shared';
import type { BinaryAuroc } from './auroc';

/** One binary task: a real label against one model output. */
export interface TransferAuroc extends BinaryAuroc {
  /** Short id, e.g. `afib-aflt`, or the disease id for lab tasks. */
  task: string;
  /** What counts as positive, e.g. "PTB-XL AFIB or AFLT vs the rest". */
  positive: string;
  /** The disease whose output ranks the cases. */
  disease: DiseaseId;
  /** The model output used as the score (AUROC only depends on its ranking). */
  score: string;
}

/** The ECG path alone on PTB-XL. */
export interface EcgTransferReport {
  source: string;
  /** Records read and assessed. */
  records: number;
  tasks: TransferAuroc[];
}

/** The lab path alone on the MIMIC-IV demo admissions. */
export interface LabTransferReport {
  source: string;
  /** Admissions in admissions.csv.gz. */
  admissions: number;
  /** Admissions with at least one catalogue lab within ±24 h of admission: the ones assessed. */
  assessed: number;
  /** Catalogue labs per assessed admission: median and range. */
  labsPerAdmission: { median: number; min: number; max: number };
  /** One task per disease, in DISEASE_IDS order. */
  diseases: TransferAuroc[];
  /** Mean AUROC over the diseases with at least `minPositives` positives (null when none qualifies). */
  macro: { auroc: number | null; minPositives: number; diseases: DiseaseId[] };
}

/** A part that could not run, and why (e.g. the data folder is absent). */
export interface SkippedPart {
  skipped: string;
}

/** Everything `npm run evaluate:real` measures. */
export interface RealDataReport {
  model: { name: string; version: string; dir: string; executionProvider: string };
  dataDir: string;
  ecg: EcgTransferReport | SkippedPart;
  labs: LabTransferReport | SkippedPart;
  note: string;
}

/** Whether a part ran. */
export function isSkipped(part: object): part is SkippedPart {
  return 'skipped' in part;
}

/**
 * The lab path alone on the MIMIC-IV demo (issue 4, deliverable 9): each admission's earliest value of each
 * catalogue lab within ±24 h of admittime (src/synth/realism's reader, MedTVT-R1's rule), vectorised by the model
 * package's own preprocessing (its train-split ECDF, presence flags), assessed with only the labs (ECG and CXR
 * masked), and each disease's logit ranked against the admission's ICD-derived label (category mode for ICD-10, the
 * ICD-9 sets as coded in the catalogue). Admissions without any catalogue lab in the window cannot be assessed from
 * labs and are counted, not scored.
 */
import path from 'node:path';
import type { PerceptionModel } from '../../model/perception-model';
import { DISEASE_IDS, getDisease, getLab, type LabId, type LabPanel } from '../../shared';
import { readMimicFirstLabs, type MimicAdmissionLabs } from '../../synth/realism/mimic-first-labs';
import { mannWhitneyAuroc } from './auroc';
import type { LabTransferReport } from './transfer-result';

/** Diseases with fewer positives than this are reported but left out of the macro AUROC. */
export const MACRO_MIN_POSITIVES = 5;

/** MIMIC's units equal the catalogue's for all 50 labs (mimic-first-labs.ts), so values go in as they are. */
function toLabPanel(admission: MimicAdmissionLabs): LabPanel {
  const values: LabPanel['values'] = {};
  for (const [id, value] of Object.entries(admission.labs) as [LabId, number][]) {
    values[id] = { lab: id, value, unit: getLab(id).unit };
  }
  return { values, provenance: { source: 'mimic', references: [`admissions/${admission.hadmId}`] } };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Assesses every admission of a MIMIC-IV `hosp` folder from its first labs and scores each disease.
 *
 * @param model - the perception model
 * @param hospDir - folder with admissions.csv.gz, diagnoses_icd.csv.gz and labevents.csv.gz
 * @throws FormatError naming the file, row and column of a malformed value
 */
export async function evaluateMimicLabTransfer(model: PerceptionModel, hospDir: string): Promise<LabTransferReport> {
  const admissions = await readMimicFirstLabs(hospDir);
  const assessed = admissions.filter((a) => Object.keys(a.labs).length > 0);
  const logits: number[][] = [];
  for (const admission of assessed) {
    const result = await model.assess(
      {
        patientId: `mimic-${admission.subjectId}`,
        encounterId: String(admission.hadmId),
        labs: toLabPanel(admission),
        issues: [],
        provenance: { source: 'mimic', references: [`admissions/${admission.hadmId}`] },
      },
      { modalities: ['labs'] },
    );
    logits.push(result.diseases.map((d) => d.logit));
  }
  const diseases = DISEASE_IDS.map((disease, column) => ({
    task: disease,
    positive: `ICD-coded ${getDisease(disease).answer} (category mode) vs the rest`,
    disease,
    score: `${getDisease(disease).answer} logit, labs only`,
    ...mannWhitneyAuroc(
      logits.map((row) => row[column] as number),
      assessed.map((a) => a.diseases.has(disease)),
    ),
  }));
  const counted = diseases.filter((d) => d.auroc !== null && d.positives >= MACRO_MIN_POSITIVES);
  const counts = assessed.map((a) => Object.keys(a.labs).length);
  return {
    source: `MIMIC-IV Clinical Database Demo, ${path.basename(path.dirname(hospDir))}/${path.basename(hospDir)}`,
    admissions: admissions.length,
    assessed: assessed.length,
    labsPerAdmission:
      counts.length === 0
        ? { median: 0, min: 0, max: 0 }
        : { median: median(counts), min: Math.min(...counts), max: Math.max(...counts) },
    diseases,
    macro: {
      auroc: counted.length === 0 ? null : counted.reduce((sum, d) => sum + (d.auroc as number), 0) / counted.length,
      minPositives: MACRO_MIN_POSITIVES,
      diseases: counted.map((d) => d.disease),
    },
  };
}

/**
 * Builds the realism report: how the synthetic cohort compares with real data (labs vs the MIMIC-IV demo, ECG
 * features vs PTB-XL) and how the ECG generator's ground truth compares with src/signal's measurements.
 * A real-data side is left out, with the reason, when its files are absent; the synthetic sides are always built.
 */
import path from 'node:path';
import type { PrevalenceName } from '../profile';
import { compareEcgGroups, syntheticGroupFeatures } from './ecg-comparison';
import { compareLabs, compareLabsByDisease, MEDIAN_TOLERANCE, PRESENCE_TOLERANCE } from './lab-comparison';
import { missingMimicFile, readMimicFirstLabs } from './mimic-first-labs';
import { missingPtbxlFile, readPtbxlFeatures, type LabelledEcgFeatures } from './ptbxl-features';
import type {
  EcgSection,
  LabsSection,
  RealDataStatus,
  RealismReport,
  RealismReportOptions,
} from './realism-report-types';
import { generateSyntheticLabCohort } from './synthetic-lab-cohort';
import { compareTruthWithMeasurement } from './truth-vs-measured';

export const REALISM_DEFAULTS = { patients: 2000, seed: 1, ecgsPerGroup: 100, truthEcgs: 300 } as const;

/**
 * The synthetic labs are drawn under the MIMIC-IV demo's disease prevalence, so that both sides have the same
 * disease mix: MIMIC's lab distributions are compared over its admissions with at least one of the 7 diseases, the
 * population every synthetic profile belongs to.
 */
const LAB_PREVALENCE: PrevalenceName = 'mimic-demo';

function status(dir: string, missing: string | undefined): RealDataStatus {
  return missing === undefined
    ? { available: true, path: dir }
    : { available: false, reason: `${missing} does not exist` };
}

async function buildLabsSection(dataDir: string, seed: number | string, patients: number): Promise<LabsSection> {
  const hospDir = path.join(dataDir, 'mimic-iv-demo', 'hosp');
  const realData = status(hospDir, missingMimicFile(hospDir));
  const synthetic = generateSyntheticLabCohort(seed, patients, LAB_PREVALENCE);
  const section: LabsSection = {
    seed,
    prevalence: LAB_PREVALENCE,
    syntheticPatients: patients,
    realData,
    tolerances: { relativeMedian: MEDIAN_TOLERANCE, presence: PRESENCE_TOLERANCE },
    rows: [],
    diseases: [],
  };
  let mimic;
  if (realData.available) {
    const all = await readMimicFirstLabs(hospDir);
    mimic = all.filter((admission) => admission.diseases.size > 0);
    section.mimicAdmissions = { all: all.length, withDisease: mimic.length };
  }
  section.rows = compareLabs(synthetic, mimic);
  section.diseases = compareLabsByDisease(synthetic, mimic);
  return section;
}

function buildEcgSection(dataDir: string, seed: number | string, perGroup: number): EcgSection {
  const ptbxlDir = path.join(dataDir, 'ptb-xl');
  const realData = status(ptbxlDir, missingPtbxlFile(ptbxlDir));
  let real: LabelledEcgFeatures[] | undefined;
  if (realData.available) real = readPtbxlFeatures(ptbxlDir);
  return {
    seed,
    recordsPerGroup: perGroup,
    realData,
    ...(real ? { realRecords: real.length } : {}),
    groups: compareEcgGroups(syntheticGroupFeatures(seed, perGroup), real),
  };
}

function checkCount(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`Realism report: ${name} must be an integer ≥ ${min}, got ${value}`);
  }
  return value;
}

/**
 * @param options - data folder, sizes and seed (defaults: 2,000 lab patients, 100 ECGs per group, 300 truth ECGs,
 *   seed 1)
 * @throws RangeError for a size that is not a positive integer; FormatError for a malformed real-data file
 */
export async function buildRealismReport(options: RealismReportOptions): Promise<RealismReport> {
  const seed = options.seed ?? REALISM_DEFAULTS.seed;
  const patients = checkCount('patients', options.patients ?? REALISM_DEFAULTS.patients, 1);
  const perGroup = checkCount('ecgsPerGroup', options.ecgsPerGroup ?? REALISM_DEFAULTS.ecgsPerGroup, 1);
  const truthEcgs = checkCount('truthEcgs', options.truthEcgs ?? REALISM_DEFAULTS.truthEcgs, 1);
  const labs = await buildLabsSection(options.dataDir, seed, patients);
  const ecg = buildEcgSection(options.dataDir, seed, perGroup);
  const truth = compareTruthWithMeasurement(seed, truthEcgs);
  return { labs, ecg, truth };
}

/**
 * The training dataset: prepared examples split patient-disjointly, packed into row-major arrays per split, with the
 * lab vectors built from an ECDF fitted on the TRAIN split only.
 */
import { DISEASE_IDS } from '../../shared';
import { fitLabEcdf, type LabEcdf } from '../../model/preprocess/lab-ecdf';
import { vectoriseLabs } from '../../model/preprocess/vectorise-labs';
import { CXR_TARGET_NAMES, ECG_TARGET_NAMES } from './encoder-targets';
import { DEFAULT_SPLIT, SPLIT_NAMES, splitPatients, type SplitFractions, type SplitName } from './patient-split';
import { CXR_PIXELS, ECG_VALUES, type SyntheticExample } from './synthetic-example';

/** Lab vector width: 50 percentiles + 50 presence flags. */
export const LAB_VALUES = 100;

/** One split, packed: row i of every array is the same patient. */
export interface SplitData {
  size: number;
  patientIds: string[];
  /** Admission indices in the cohort. */
  indices: number[];
  /** [N × 7] */
  labels: Float32Array;
  /** [N × 12 × 1000] */
  ecg: Float32Array;
  /** [N × 224²], channel 0 (see expandCxr) */
  cxr: Float32Array;
  /** [N × 100] */
  labs: Float32Array;
  /** [N × 5] */
  ecgTargets: Float32Array;
  /** [N × 4] */
  cxrTargets: Float32Array;
}

export interface CohortDataset {
  splits: Record<SplitName, SplitData>;
  /** Fitted on the train split's panels only. */
  labEcdf: LabEcdf;
}

/**
 * Splits and packs examples.
 *
 * @param examples - the cohort (one admission per patient)
 * @param fractions - split fractions (70/15/15 by default)
 */
export function buildCohortDataset(
  examples: readonly SyntheticExample[],
  fractions: SplitFractions = DEFAULT_SPLIT,
): CohortDataset {
  const positions = splitPatients(
    examples.map((e) => e.patientId),
    fractions,
  );
  const trainPanels = positions.train.map((i) => (examples[i] as SyntheticExample).labs);
  const labEcdf = fitLabEcdf(trainPanels);
  const splits = Object.fromEntries(
    SPLIT_NAMES.map((name) => [
      name,
      packSplit(
        positions[name].map((i) => examples[i] as SyntheticExample),
        labEcdf,
      ),
    ]),
  ) as Record<SplitName, SplitData>;
  return { splits, labEcdf };
}

function packSplit(rows: readonly SyntheticExample[], ecdf: LabEcdf): SplitData {
  const n = rows.length;
  const k = DISEASE_IDS.length;
  const out: SplitData = {
    size: n,
    patientIds: rows.map((r) => r.patientId),
    indices: rows.map((r) => r.index),
    labels: new Float32Array(n * k),
    ecg: new Float32Array(n * ECG_VALUES),
    cxr: new Float32Array(n * CXR_PIXELS),
    labs: new Float32Array(n * LAB_VALUES),
    ecgTargets: new Float32Array(n * ECG_TARGET_NAMES.length),
    cxrTargets: new Float32Array(n * CXR_TARGET_NAMES.length),
  };
  rows.forEach((row, i) => {
    out.labels.set(row.labels, i * k);
    out.ecg.set(row.ecg, i * ECG_VALUES);
    out.cxr.set(row.cxr, i * CXR_PIXELS);
    out.labs.set(vectoriseLabs(row.labs, ecdf), i * LAB_VALUES);
    out.ecgTargets.set(row.ecgTargets, i * ECG_TARGET_NAMES.length);
    out.cxrTargets.set(row.cxrTargets, i * CXR_TARGET_NAMES.length);
  });
  return out;
}

/** Rows `rows` of an [N × width] array, as a new [rows.length × width] array. */
export function gatherRows(source: Float32Array, width: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => out.set(source.subarray(r * width, (r + 1) * width), i * width));
  return out;
}

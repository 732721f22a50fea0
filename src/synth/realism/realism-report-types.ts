/**
 * What buildRealismReport returns: plain data (JSON-serialisable), one section per comparison. A real-data side is
 * undefined when its files are absent, and the section's `realData` says why.
 */
import type { DiseaseId, LabId } from '../../shared';
import type { PrevalenceName } from '../profile';
import type { QuantileSummary } from './summary-stats';

/** Whether a section's real data was read, and from where or why not. */
export type RealDataStatus = { available: true; path: string } | { available: false; reason: string };

/** One side (synthetic or MIMIC) of one lab. */
export interface LabSide {
  /** Fraction of the cohort's admissions with a value. */
  presence: number;
  /** Over the admissions with a value; undefined when none has one. */
  summary?: QuantileSummary;
}

/** Synthetic median minus MIMIC median, scaled by |MIMIC median|, or by the MIMIC IQR where that median is 0. */
export interface MedianDifference {
  value: number;
  basis: 'median' | 'iqr';
}

export interface LabRealismRow {
  lab: LabId;
  label: string;
  unit: string;
  synthetic: LabSide;
  mimic?: LabSide;
  medianDifference?: MedianDifference;
  /** Synthetic presence minus MIMIC presence. */
  presenceDifference?: number;
  /** 'median' when |medianDifference| > the tolerance, 'presence' when |presenceDifference| > its tolerance. */
  flags: ('median' | 'presence')[];
}

/** Medians (with n) in the admissions with and without a disease. */
export interface DiseaseSplit {
  with?: QuantileSummary;
  without?: QuantileSummary;
}

export interface DiseaseLabRow {
  lab: LabId;
  unit: string;
  synthetic: DiseaseSplit;
  mimic?: DiseaseSplit;
  /** Whether the median moves the same way (up, down, or not at all) with the disease on both sides. */
  shiftAgrees?: boolean;
}

export interface DiseaseLabTable {
  disease: DiseaseId;
  display: string;
  syntheticCount: { with: number; without: number };
  mimicCount?: { with: number; without: number };
  rows: DiseaseLabRow[];
}

export interface LabsSection {
  seed: number | string;
  prevalence: PrevalenceName;
  syntheticPatients: number;
  realData: RealDataStatus;
  /** MIMIC admissions read, and those with at least one of the 7 diseases (the compared cohort). */
  mimicAdmissions?: { all: number; withDisease: number };
  tolerances: { relativeMedian: number; presence: number };
  rows: LabRealismRow[];
  diseases: DiseaseLabTable[];
}

export type EcgGroup = 'NORM' | 'LVH' | 'MI' | 'AFIB';

/** Median and IQR of the compared ECG features over a group's records. */
export interface EcgFeatureSummaries {
  rAmplitudeIIMv?: QuantileSummary;
  rAmplitudeV5Mv?: QuantileSummary;
  qrsMs?: QuantileSummary;
  heartRateBpm?: QuantileSummary;
}

export interface EcgGroupSide {
  records: number;
  features: EcgFeatureSummaries;
}

export interface EcgGroupComparison {
  group: EcgGroup;
  synthetic: EcgGroupSide;
  real?: EcgGroupSide;
}

export interface EcgSection {
  seed: number | string;
  recordsPerGroup: number;
  realData: RealDataStatus;
  /** PTB-XL records read (a record can sit in several groups). */
  realRecords?: number;
  groups: EcgGroupComparison[];
}

export type TruthQuantity = 'heartRate' | 'qrs' | 'pr' | 'qt';

/** Measured minus true, over the records whose truth has the quantity. */
export interface TruthErrorRow {
  quantity: TruthQuantity;
  unit: 'bpm' | 'ms';
  tolerance: number;
  /** Records whose truth has the quantity (PR: sinus rhythm only). */
  records: number;
  /** Of those, records where measureEcg gave a value. */
  measured: number;
  meanError?: number;
  meanAbsError?: number;
  p95AbsError?: number;
  /** Share of `records` measured within ±tolerance (an unmeasured record counts as a miss). */
  withinTolerance: number;
}

/** Shares within tolerance for one kind of record. */
export interface TruthSubgroupRow {
  subgroup: string;
  records: number;
  heartRateWithin: number;
  qrsWithin: number;
}

export interface TruthSection {
  seed: number | string;
  records: number;
  /** The acceptance threshold for the heart-rate and QRS shares. */
  criterion: number;
  rows: TruthErrorRow[];
  subgroups: TruthSubgroupRow[];
  /** Heart rate and QRS both reach the criterion. */
  criterionMet: boolean;
}

export interface RealismReport {
  labs: LabsSection;
  ecg: EcgSection;
  truth: TruthSection;
}

export interface RealismReportOptions {
  /** Folder holding mimic-iv-demo/ and ptb-xl/ (../shared/data beside the repository). */
  dataDir: string;
  /** Synthetic lab patients (default 2,000). */
  patients?: number;
  /** Seed of every synthetic draw (default 1). */
  seed?: number | string;
  /** Synthetic ECGs per PTB-XL group in section 2 (default 100). */
  ecgsPerGroup?: number;
  /** Synthetic ECGs for the ground-truth check in section 3 (default 300). */
  truthEcgs?: number;
}

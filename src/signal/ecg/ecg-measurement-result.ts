/** What measureEcg returns. */
import type { EcgLeadName } from '../../shared';

/** A heuristic rhythm call (see classifyRhythm): not a diagnosis. */
export type EcgRhythmCall = 'sinus' | 'atrial-fibrillation' | 'undetermined';

/** The measurements that may be missing, each with a reason in `EcgMeasurementResult.reasons`. */
export type EcgMeasurementName =
  'heartRate' | 'rrIrregularity' | 'rhythm' | 'medianBeat' | 'pr' | 'qrs' | 'qt' | 'stDeviation';

/** The median beat the intervals were measured on, with its global wave boundaries (indices into it). */
export interface EcgMedianBeatSummary {
  /** Per lead, mV, band-passed (0.5–45 Hz); leads without a complete beat are absent. */
  leads: Partial<Record<EcgLeadName, Float32Array>>;
  /** Index of the QRS fiducial point. */
  fiducial: number;
  /** Beats that went into the median (ectopic and incomplete beats are left out). */
  beatCount: number;
  pOnset?: number;
  qrsOnset?: number;
  qrsOffset?: number;
  tEnd?: number;
}

/**
 * ECG measurements of one recording. A measurement that could not be made is undefined, never a guess, and
 * `reasons` says why.
 */
export interface EcgMeasurementResult {
  samplingRateHz: number;
  /** Leads the measurements used; the others were missing, flat or too short (see `reasons`). */
  leadsUsed: EcgLeadName[];
  /**
   * Sample index of each detected QRS complex (the peak of its combined-lead slope energy), ascending, including
   * complexes cut by the record's edges.
   */
  qrsComplexes: number[];
  /** Between consecutive complexes whose whole QRS lies inside the record (all of them when it was not delineated). */
  rrIntervalsMs: number[];
  /** 60000 / mean RR. */
  heartRateBpm?: number;
  meanRrMs?: number;
  medianRrMs?: number;
  /** SD of RR / mean RR. */
  rrCoefficientOfVariation?: number;
  /** RMSSD / mean RR. */
  rrNormalisedRmssd?: number;
  rhythm: EcgRhythmCall;
  prMs?: number;
  /** Global QRS duration: earliest onset to latest offset across leads. */
  qrsMs?: number;
  /** Global QT: earliest QRS onset to latest T end. */
  qtMs?: number;
  /** QT / √(RR in s), RR the mean RR. */
  qtcBazettMs?: number;
  /** QT / ∛(RR in s). */
  qtcFridericiaMs?: number;
  /** Per lead: median beat at J + 60 ms minus the PR-segment level, mV. */
  stDeviationMv: Partial<Record<EcgLeadName, number>>;
  medianBeat?: EcgMedianBeatSummary;
  reasons: Partial<Record<EcgMeasurementName, string>>;
}

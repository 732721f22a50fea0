/** ECG measurements: QRS detection, heart rate, RR irregularity, rhythm call, PR/QRS/QT/QTc, ST deviation. */
export { measureEcg } from './measure-ecg';
export type {
  EcgMeasurementName,
  EcgMeasurementResult,
  EcgMedianBeatSummary,
  EcgRhythmCall,
} from './ecg-measurement-result';
export { detectQrsComplexes } from './detect-qrs-complexes';
export { rrStatistics, type RrStatistics } from './rr-statistics';

/**
 * ECG measurements: QRS detection, heart rate, RR irregularity, a rhythm call, PR, QRS, QT, QTc and ST deviation
 * per lead, from a recording of any subset of the 12 leads.
 *
 * Pipeline: band-pass every lead (0.5–45 Hz, zero phase) → detect QRS complexes on all leads together → median beat
 * per lead (beats aligned on the QRS, ectopics left out) → global delineation of the median beat (QRS onset and
 * offset from the spatial velocity, T end by the tangent and P onset by the trapezium method) → RR statistics over
 * the complexes whose whole QRS lies inside the record → intervals and ST levels. Every measurement that cannot be
 * made is left undefined with a reason.
 */
import type { EcgLeadName, EcgRecording } from '../../shared';
import { classifyRhythm } from './classify-rhythm';
import { delineateMedianBeat, type BeatDelineation } from './delineate-median-beat';
import { detectQrsComplexes } from './detect-qrs-complexes';
import type { EcgMeasurementResult, EcgMedianBeatSummary } from './ecg-measurement-result';
import { buildMedianBeat, type MedianBeat } from './median-beat';
import { prepareEcgLeads } from './prepare-ecg-leads';
import { pWaveConsistency } from './p-wave-consistency';
import { rrStatistics } from './rr-statistics';

/** ST level is read this long after the J point (QRS offset), seconds. */
const ST_AFTER_J_S = 0.06;
/** Plausible PR interval, ms: outside it the P onset found is not trusted. */
const PR_RANGE_MS = [80, 400] as const;
/**
 * A P wave counts only when single beats resemble the median beat's P wave this well (see pWaveConsistency). On the
 * PTB-XL records in ../shared/data, sinus-rhythm records scored 0.70–0.99 (one record with a bundle branch block
 * and ectopics 0.50); a fibrillatory residue that passes the amplitude test scores near 0.
 */
const MIN_P_CONSISTENCY = 0.5;

/**
 * Measures a resting ECG.
 *
 * @param recording - leads in mV at any sampling rate (≥ 100 Hz for meaningful intervals), NaN where missing
 */
export function measureEcg(recording: EcgRecording): EcgMeasurementResult {
  const prepared = prepareEcgLeads(recording);
  const fs = prepared.samplingRateHz;
  const result: EcgMeasurementResult = {
    samplingRateHz: fs,
    leadsUsed: [...prepared.names],
    qrsComplexes: [],
    rrIntervalsMs: [],
    rhythm: 'undetermined',
    stDeviationMv: {},
    reasons: {},
  };
  if (prepared.names.length === 0) {
    const why = prepared.dropped.map(({ name, reason }) => `${name}: ${reason}`).join('; ');
    const reason = `no usable lead${why ? ` (${why})` : ''}`;
    for (const key of [
      'heartRate',
      'rrIrregularity',
      'rhythm',
      'medianBeat',
      'pr',
      'qrs',
      'qt',
      'stDeviation',
    ] as const) {
      result.reasons[key] = reason;
    }
    return result;
  }

  result.qrsComplexes = detectQrsComplexes(prepared.filtered, fs);
  // The median beat's T-wave and P-wave searches need the RR interval before the edge complexes can be judged.
  const detectedRrMs = rrStatistics(result.qrsComplexes, fs).meanRrMs;
  const beat = detectedRrMs === undefined ? undefined : buildMedianBeat(prepared, result.qrsComplexes);
  const bounds = beat && detectedRrMs !== undefined ? delineateMedianBeat(beat, (detectedRrMs * fs) / 1000) : undefined;
  const rr = rrStatistics(countedComplexes(result.qrsComplexes, beat, bounds, prepared.length), fs);
  result.rrIntervalsMs = rr.rrIntervalsMs;
  if (rr.heartRateBpm === undefined) {
    result.reasons.heartRate = `${result.qrsComplexes.length} QRS complexes detected, at least 3 needed`;
  } else {
    result.heartRateBpm = rr.heartRateBpm;
    result.meanRrMs = rr.meanRrMs;
    result.medianRrMs = rr.medianRrMs;
  }
  if (rr.normalisedRmssd === undefined) {
    result.reasons.rrIrregularity = `${rr.rrIntervalsMs.length} RR intervals, at least 4 needed`;
  } else {
    result.rrCoefficientOfVariation = rr.coefficientOfVariation;
    result.rrNormalisedRmssd = rr.normalisedRmssd;
  }

  if (!beat || !bounds || rr.meanRrMs === undefined) {
    const reason = 'fewer than 2 complete beats for a median beat';
    for (const key of ['medianBeat', 'pr', 'qrs', 'qt', 'stDeviation', 'rhythm'] as const) result.reasons[key] = reason;
    return result;
  }
  result.medianBeat = summarise(beat, bounds);
  measureIntervals(result, bounds, rr.meanRrMs, fs);
  if (result.prMs !== undefined && bounds.pOnset !== undefined && bounds.qrsOnset !== undefined) {
    const consistency = pWaveConsistency(prepared, beat, bounds.pOnset, bounds.qrsOnset) ?? 0;
    if (consistency < MIN_P_CONSISTENCY) {
      result.reasons.pr = `the P wave of the median beat is not seen beat by beat (consistency ${consistency.toFixed(2)})`;
      delete result.prMs;
    }
  }
  result.stDeviationMv = stDeviation(beat, bounds, result);

  const rhythm = classifyRhythm({
    rrIntervalCount: rr.rrIntervalsMs.length,
    normalisedRmssd: rr.normalisedRmssd,
    coefficientOfVariation: rr.coefficientOfVariation,
    pWave: result.prMs !== undefined,
  });
  result.rhythm = rhythm.rhythm;
  if (rhythm.reason) result.reasons.rhythm = rhythm.reason;
  return result;
}

/**
 * The complexes the RR intervals are taken between: those whose whole QRS, as delineated on the median beat, lies
 * inside the record. A complex cut by the record's edge is detected, but its fiducial point sits wherever the cut
 * left the most slope, and an RR interval to it is not a beat-to-beat interval. All detected complexes count when
 * the QRS could not be delineated, or when fewer than 3 would be left.
 */
function countedComplexes(
  complexes: number[],
  beat: MedianBeat | undefined,
  bounds: BeatDelineation | undefined,
  length: number,
): number[] {
  if (!beat || bounds?.qrsOnset === undefined || bounds.qrsOffset === undefined) return complexes;
  const before = beat.fiducial - bounds.qrsOnset;
  const after = bounds.qrsOffset - beat.fiducial;
  const complete = complexes.filter((q) => q - before >= 0 && q + after <= length - 1);
  return complete.length >= 3 ? complete : complexes;
}

function measureIntervals(result: EcgMeasurementResult, bounds: BeatDelineation, meanRrMs: number, fs: number): void {
  const ms = (samples: number) => (samples * 1000) / fs;
  const { qrsOnset, qrsOffset, tEnd, pOnset } = bounds;
  if (qrsOnset === undefined || qrsOffset === undefined) {
    result.reasons.qrs = bounds.reasons.qrs ?? 'no QRS boundaries';
    result.reasons.qt = result.reasons.qrs;
    result.reasons.pr = result.reasons.qrs;
    return;
  }
  result.qrsMs = ms(qrsOffset - qrsOnset);
  if (tEnd === undefined) {
    result.reasons.qt = bounds.reasons.tEnd ?? 'no T-wave end';
  } else {
    const qt = ms(tEnd - qrsOnset);
    const rrSeconds = meanRrMs / 1000;
    result.qtMs = qt;
    result.qtcBazettMs = qt / Math.sqrt(rrSeconds);
    result.qtcFridericiaMs = qt / Math.cbrt(rrSeconds);
  }
  if (pOnset === undefined) {
    result.reasons.pr = bounds.reasons.pOnset ?? 'no P wave';
    return;
  }
  const pr = ms(qrsOnset - pOnset);
  if (pr < PR_RANGE_MS[0] || pr > PR_RANGE_MS[1]) {
    result.reasons.pr = `the P onset found gives an implausible PR of ${Math.round(pr)} ms`;
    return;
  }
  result.prMs = pr;
}

function stDeviation(
  beat: MedianBeat,
  bounds: BeatDelineation,
  result: EcgMeasurementResult,
): Partial<Record<EcgLeadName, number>> {
  const st: Partial<Record<EcgLeadName, number>> = {};
  if (bounds.qrsOffset === undefined) {
    result.reasons.stDeviation = 'no J point (QRS offset)';
    return st;
  }
  const at = bounds.qrsOffset + Math.round(ST_AFTER_J_S * beat.samplingRateHz);
  if (at >= beat.length) {
    result.reasons.stDeviation = 'J + 60 ms lies beyond the median beat';
    return st;
  }
  beat.leads.forEach((x, i) => {
    const baseline = bounds.baselineMv[i];
    if (x && baseline !== undefined) st[beat.names[i]!] = x[at]! - baseline;
  });
  return st;
}

function summarise(beat: MedianBeat, bounds: BeatDelineation): EcgMedianBeatSummary {
  const leads: Partial<Record<EcgLeadName, Float32Array>> = {};
  beat.leads.forEach((x, i) => {
    if (x) leads[beat.names[i]!] = Float32Array.from(x);
  });
  const summary: EcgMedianBeatSummary = { leads, fiducial: beat.fiducial, beatCount: beat.beatsUsed.length };
  if (bounds.pOnset !== undefined) summary.pOnset = bounds.pOnset;
  if (bounds.qrsOnset !== undefined) summary.qrsOnset = bounds.qrsOnset;
  if (bounds.qrsOffset !== undefined) summary.qrsOffset = bounds.qrsOffset;
  if (bounds.tEnd !== undefined) summary.tEnd = bounds.tEnd;
  return summary;
}

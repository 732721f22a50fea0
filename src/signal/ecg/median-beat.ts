/**
 * The median beat: every lead cut around each QRS fiducial point, the cuts aligned on the QRS, and the median taken
 * sample by sample across beats. The median rejects what is not locked to the QRS (noise, hum remnants,
 * fibrillatory waves, a stray artefact) and keeps the waveform's shape, which the intervals are measured on.
 *
 * Beats whose QRS does not resemble the dominant morphology (ventricular ectopics, artefacts) are left out, and so
 * is a lead's cut that overlaps missing samples in that lead.
 */
import type { EcgLeadName } from '../../shared';
import type { PreparedLeads } from './prepare-ecg-leads';

/** A median beat per lead, aligned so that index `fiducial` is the beats' common QRS fiducial point. */
export interface MedianBeat {
  samplingRateHz: number;
  names: EcgLeadName[];
  /** Per lead (same order as `names`), mV, band-passed; undefined where no beat was complete in that lead. */
  leads: (Float64Array | undefined)[];
  /** Index of the QRS fiducial point within each lead's median beat. */
  fiducial: number;
  /** Samples per median beat. */
  length: number;
  /** The detected beats (indices into the QRS list) that went into the median. */
  beatsUsed: number[];
  /** Sample index in the record of each beat's fiducial after alignment, for the beats used. */
  alignedFiducials: number[];
}

/** The median beat spans this much before and after the fiducial point, seconds. */
export const MEDIAN_BEAT_PRE_S = 0.45;
export const MEDIAN_BEAT_POST_S = 0.7;
/** QRS segment used for alignment and morphology matching, seconds around the fiducial. */
const QRS_PRE_S = 0.06;
const QRS_POST_S = 0.08;
/** Largest alignment correction tried, seconds. */
const MAX_SHIFT_S = 0.012;
/** A beat whose QRS correlates less than this with the template has another morphology. */
const MIN_QRS_CORRELATION = 0.85;

/**
 * Builds the median beat of a prepared record.
 *
 * @param prepared - band-passed leads
 * @param qrs - fiducial sample indices from detectQrsComplexes
 * @returns undefined when fewer than two beats lie wholly inside the record
 */
export function buildMedianBeat(prepared: PreparedLeads, qrs: readonly number[]): MedianBeat | undefined {
  const fs = prepared.samplingRateHz;
  const pre = Math.round(MEDIAN_BEAT_PRE_S * fs);
  const post = Math.round(MEDIAN_BEAT_POST_S * fs);
  const maxShift = Math.max(1, Math.round(MAX_SHIFT_S * fs));
  const inside = qrs
    .map((sample, beat) => ({ sample, beat }))
    .filter(({ sample }) => sample - pre - maxShift >= 0 && sample + post + maxShift < prepared.length);
  if (inside.length < 2) return undefined;

  const qrsPre = Math.round(QRS_PRE_S * fs);
  const qrsPost = Math.round(QRS_POST_S * fs);
  const template = medianSegments(
    prepared,
    inside.map(({ sample }) => sample),
    qrsPre,
    qrsPost,
  );
  const aligned = inside.map(({ sample, beat }) => {
    const { shift, correlation } = bestShift(prepared, template, sample, qrsPre, maxShift);
    return { beat, sample: sample + shift, correlation };
  });
  const alike = aligned.filter(({ correlation }) => correlation >= MIN_QRS_CORRELATION);
  const used = alike.length >= 2 ? alike : aligned;

  const fiducials = used.map(({ sample }) => sample);
  const leads = prepared.filtered.map((_, lead) => medianOfLead(prepared, lead, fiducials, pre, post));
  return {
    samplingRateHz: fs,
    names: [...prepared.names],
    leads,
    fiducial: pre,
    length: pre + post + 1,
    beatsUsed: used.map(({ beat }) => beat),
    alignedFiducials: fiducials,
  };
}

/** Per lead, the sample-wise median of the segments [f − pre, f + post] (missing samples included, as bridged). */
function medianSegments(prepared: PreparedLeads, fiducials: number[], pre: number, post: number): Float64Array[] {
  const scratch = new Float64Array(fiducials.length);
  return prepared.filtered.map((x) => {
    const out = new Float64Array(pre + post + 1);
    for (let t = -pre; t <= post; t++) {
      for (let b = 0; b < fiducials.length; b++) scratch[b] = x[fiducials[b]! + t]!;
      out[t + pre] = median(scratch, fiducials.length);
    }
    return out;
  });
}

/**
 * The shift within ±maxShift that best aligns the beat at `sample` with the QRS template (largest correlation over
 * all leads together, each segment's mean removed), and that correlation.
 */
function bestShift(
  prepared: PreparedLeads,
  template: Float64Array[],
  sample: number,
  pre: number,
  maxShift: number,
): { shift: number; correlation: number } {
  const width = template[0]!.length;
  let best = { shift: 0, correlation: -Infinity };
  for (let shift = -maxShift; shift <= maxShift; shift++) {
    let dot = 0;
    let beatPower = 0;
    let templatePower = 0;
    for (let lead = 0; lead < template.length; lead++) {
      const x = prepared.filtered[lead]!;
      const y = template[lead]!;
      const start = sample + shift - pre;
      let meanX = 0;
      let meanY = 0;
      for (let t = 0; t < width; t++) {
        meanX += x[start + t]!;
        meanY += y[t]!;
      }
      meanX /= width;
      meanY /= width;
      for (let t = 0; t < width; t++) {
        const a = x[start + t]! - meanX;
        const b = y[t]! - meanY;
        dot += a * b;
        beatPower += a * a;
        templatePower += b * b;
      }
    }
    const correlation = dot / Math.sqrt(beatPower * templatePower || 1);
    if (correlation > best.correlation) best = { shift, correlation };
  }
  return best;
}

/** The median beat of one lead over the beats whose window has no missing sample in that lead. */
function medianOfLead(
  prepared: PreparedLeads,
  lead: number,
  fiducials: number[],
  pre: number,
  post: number,
): Float64Array | undefined {
  const missingBefore = prepared.missingBefore[lead]!;
  const complete = fiducials.filter((f) => missingBefore[f + post + 1]! - missingBefore[f - pre]! === 0);
  if (complete.length === 0) return undefined;
  const x = prepared.filtered[lead]!;
  const out = new Float64Array(pre + post + 1);
  const scratch = new Float64Array(complete.length);
  for (let t = -pre; t <= post; t++) {
    for (let b = 0; b < complete.length; b++) scratch[b] = x[complete[b]! + t]!;
    out[t + pre] = median(scratch, complete.length);
  }
  return out;
}

/** Median of the first `count` values of `values` (reordered in place). */
function median(values: Float64Array, count: number): number {
  if (count > 32) {
    const sorted = values.subarray(0, count).sort();
    const mid = count >> 1;
    return count % 2 === 1 ? sorted[mid]! : 0.5 * (sorted[mid - 1]! + sorted[mid]!);
  }
  // Insertion sort: a 10 s record has tens of beats, where it beats a general sort and allocates nothing.
  for (let i = 1; i < count; i++) {
    const v = values[i]!;
    let j = i - 1;
    while (j >= 0 && values[j]! > v) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = v;
  }
  const mid = count >> 1;
  return count % 2 === 1 ? values[mid]! : 0.5 * (values[mid - 1]! + values[mid]!);
}

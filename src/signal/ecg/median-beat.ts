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
  const template = centreTemplate(
    medianSegments(
      prepared,
      inside.map(({ sample }) => sample),
      qrsPre,
      qrsPost,
    ),
  );
  const aligned = inside.map(({ sample, beat }) => {
    const { shift, correlation } = bestShift(prepared, template, sample, qrsPre, maxShift);
    return { beat, sample: sample + shift, correlation };
  });
  const alike = aligned.filter(({ correlation }) => correlation >= MIN_QRS_CORRELATION);
  const used = alike.length >= 2 ? alike : aligned;

  const fiducials = used.map(({ sample }) => sample);
  const tracker = new SampleMedian(fiducials.length);
  const leads = prepared.filtered.map((_, lead) => medianOfLead(prepared, lead, fiducials, pre, post, tracker));
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
  const tracker = new SampleMedian(fiducials.length);
  return prepared.filtered.map((x) => tracker.medianBeat(x, fiducials, fiducials.length, pre, post));
}

/** The QRS template with each lead's mean removed, and its power summed over leads, for bestShift. */
interface CentredTemplate {
  leads: Float64Array[];
  power: number;
}

function centreTemplate(template: Float64Array[]): CentredTemplate {
  let power = 0;
  const leads = template.map((y) => {
    const width = y.length;
    let mean = 0;
    for (let t = 0; t < width; t++) mean += y[t]!;
    mean /= width;
    const centred = new Float64Array(width);
    for (let t = 0; t < width; t++) {
      const b = y[t]! - mean;
      centred[t] = b;
      power += b * b;
    }
    return centred;
  });
  return { leads, power };
}

/**
 * The shift within ±maxShift that best aligns the beat at `sample` with the QRS template (largest correlation over
 * all leads together, each segment's mean removed), and that correlation.
 */
function bestShift(
  prepared: PreparedLeads,
  template: CentredTemplate,
  sample: number,
  pre: number,
  maxShift: number,
): { shift: number; correlation: number } {
  const width = template.leads[0]!.length;
  const templatePower = template.power;
  let best = 0;
  let bestCorrelation = -Infinity;
  for (let shift = -maxShift; shift <= maxShift; shift++) {
    let dot = 0;
    let beatPower = 0;
    for (let lead = 0; lead < template.leads.length; lead++) {
      const x = prepared.filtered[lead]!;
      const y = template.leads[lead]!;
      const start = sample + shift - pre;
      let meanX = 0;
      for (let t = 0; t < width; t++) meanX += x[start + t]!;
      meanX /= width;
      for (let t = 0; t < width; t++) {
        const a = x[start + t]! - meanX;
        dot += a * y[t]!;
        beatPower += a * a;
      }
    }
    const correlation = dot / Math.sqrt(beatPower * templatePower || 1);
    if (correlation > bestCorrelation) {
      best = shift;
      bestCorrelation = correlation;
    }
  }
  return { shift: best, correlation: bestCorrelation };
}

/** The median beat of one lead over the beats whose window has no missing sample in that lead. */
function medianOfLead(
  prepared: PreparedLeads,
  lead: number,
  fiducials: number[],
  pre: number,
  post: number,
  tracker: SampleMedian,
): Float64Array | undefined {
  const missingBefore = prepared.missingBefore[lead]!;
  const complete = tracker.fiducials;
  let count = 0;
  for (const f of fiducials) if (missingBefore[f + post + 1]! - missingBefore[f - pre]! === 0) complete[count++] = f;
  if (count === 0) return undefined;
  return tracker.medianBeat(prepared.filtered[lead]!, complete, count, pre, post);
}

/**
 * The sample-wise median across beats, t by t along the beat. Consecutive samples of a beat are close, so the beats'
 * order at t is nearly their order at t − 1: the values are loaded in the previous order and insertion-sorted,
 * carrying the beat indices along, which costs about one comparison per beat instead of a sort from scratch. The
 * median of the same values is the same number whatever sort produced it. Past SORT_ABOVE beats (long records), a
 * flat stretch where noise reorders many beats would make that quadratic, so each sample is sorted afresh instead.
 */
/** Beats above which SampleMedian sorts each sample afresh. */
const SORT_ABOVE = 48;

class SampleMedian {
  /** Fiducials of the beats in use (a lead's complete beats), filled by the caller. */
  readonly fiducials: Int32Array;
  private readonly values: Float64Array;
  private readonly order: Int32Array;

  constructor(capacity: number) {
    this.fiducials = new Int32Array(capacity);
    this.values = new Float64Array(capacity);
    this.order = new Int32Array(capacity);
  }

  /** out[t + pre] = median over b < count of x[fiducials[b] + t], t = −pre..post. */
  medianBeat(x: Float64Array, fiducials: ArrayLike<number>, count: number, pre: number, post: number): Float64Array {
    const { values, order } = this;
    const out = new Float64Array(pre + post + 1);
    for (let b = 0; b < count; b++) order[b] = fiducials[b]!;
    const mid = count >> 1;
    for (let t = -pre; t <= post; t++) {
      if (count > SORT_ABOVE) {
        for (let b = 0; b < count; b++) values[b] = x[order[b]! + t]!;
        const sorted = values.subarray(0, count).sort();
        out[t + pre] = count % 2 === 1 ? sorted[mid]! : 0.5 * (sorted[mid - 1]! + sorted[mid]!);
        continue;
      }
      for (let b = 0; b < count; b++) values[b] = x[order[b]! + t]!;
      for (let i = 1; i < count; i++) {
        const v = values[i]!;
        if (!(values[i - 1]! > v)) continue;
        const f = order[i]!;
        let j = i - 1;
        while (j >= 0 && values[j]! > v) {
          values[j + 1] = values[j]!;
          order[j + 1] = order[j]!;
          j--;
        }
        values[j + 1] = v;
        order[j + 1] = f;
      }
      out[t + pre] = count % 2 === 1 ? values[mid]! : 0.5 * (values[mid - 1]! + values[mid]!);
    }
    return out;
  }
}

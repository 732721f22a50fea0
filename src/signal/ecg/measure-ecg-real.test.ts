/**
 * measureEcg on real records in ../shared/data (skipped without it):
 * - the DICOM 12-lead ECG, against the intervals its acquiring device wrote into the file (read from the file's
 *   measurement annotations by readDicomEcg: HR 61.1, PR 161, QRS 75, QT 368, QTc 370);
 * - the 79 PTB-XL records, against cardiologists' rhythm labels (AFIB vs NORM) and against beat counts from an
 *   independent Python peak finder;
 * - MIT-BIH record 100, against its reference beat annotations.
 */
import { describeWithSharedData, readSharedBytes, readSharedText } from '../../../test/support/shared-data';
import { readDicomEcg } from '../../formats/dicom';
import { readWfdbAnnotations, readWfdbRecord, wfdbToEcgRecording } from '../../formats/wfdb';
import type { EcgRecording } from '../../shared';
import { measureEcg } from './measure-ecg';

const PTBXL = ['ptb-xl', 'records500', '00000'];

function readPtbxl(ecgId: number): EcgRecording {
  const name = `${String(ecgId).padStart(5, '0')}_hr`;
  const record = readWfdbRecord(readSharedText(...PTBXL, `${name}.hea`), {
    [`${name}.dat`]: readSharedBytes(...PTBXL, `${name}.dat`),
  });
  return wfdbToEcgRecording(record, { source: 'file', references: [name] });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : 0.5 * (sorted[mid - 1]! + sorted[mid]!);
}

/**
 * Beats per record found by an independent Python peak finder (numpy/scipy, not our code): 5–15 Hz Butterworth
 * band-pass (order 2, filtfilt) of each lead, |gradient| normalised by its 99th percentile, summed over leads,
 * 100 ms moving average, scipy.signal.find_peaks(distance = 250 ms, height = 0.3 × 99th percentile).
 * It counts two complexes more than we do, both cut off by the record's edge (00023 at its end, 00077 at its
 * start; checked by plotting): a partial complex is not a beat we can measure.
 */
// prettier-ignore
const PYTHON_BEAT_COUNTS: Record<number, number> = {
  1: 11, 3: 11, 5: 11, 7: 10, 9: 10, 13: 13, 15: 10, 17: 25, 19: 10, 21: 12, 23: 22, 25: 14, 29: 16, 31: 11, 33: 13,
  35: 12, 39: 14, 43: 13, 45: 15, 47: 13, 51: 11, 53: 12, 55: 11, 57: 11, 59: 11, 61: 11, 63: 10, 67: 10, 69: 8,
  77: 12, 103: 17, 131: 11, 137: 16, 139: 10, 153: 10, 155: 12, 161: 15, 173: 11, 175: 10, 177: 16, 181: 23, 189: 11,
  191: 5, 199: 16, 211: 11, 223: 13, 257: 15, 263: 18, 267: 11, 269: 13, 271: 16, 273: 16, 281: 13, 287: 15, 299: 12,
  307: 9, 311: 9, 313: 9, 319: 12, 321: 15, 323: 11, 325: 12, 333: 12, 337: 15, 347: 15, 349: 12, 351: 27, 383: 8,
  407: 10, 409: 16, 423: 16, 425: 15, 429: 9, 449: 28, 453: 9, 455: 12, 477: 5, 483: 18, 489: 9,
};
const EDGE_CUT_RECORDS = [23, 77];

/**
 * ecg_ids by label, from ptbxl_database.csv with Python (`'AFIB' in ast.literal_eval(row['scp_codes'])`, likewise
 * 'NORM'): every record whose SCP codes include the statement, whatever its likelihood.
 */
const AFIB_IDS = [17, 307, 321, 337, 351];
// prettier-ignore
const NORM_IDS = [1, 3, 5, 7, 9, 13, 15, 19, 21, 25, 29, 31, 33, 35, 43, 47, 51, 53, 55, 57, 59, 61, 67, 69];

describeWithSharedData('measureEcg on the DICOM 12-lead ECG', () => {
  const recording = readDicomEcg(readSharedBytes('ecg-formats', 'dicom-ecg', 'waveform_ecg.dcm'), 'waveform_ecg.dcm');

  it('agrees with the device: HR ±2 bpm, PR ±20 ms, QRS ±15 ms, QT ±25 ms, QTc ±25 ms', () => {
    const result = measureEcg(recording);

    // Measured on this file: HR 61.1, PR 159, QRS 77, QT 372, QTc (Bazett) 375 ms.
    expect(recording.measurements?.qrsMs).toBe(75);
    expect(Math.abs(result.heartRateBpm! - 61.1)).toBeLessThanOrEqual(2);
    expect(Math.abs(result.prMs! - 161)).toBeLessThanOrEqual(20);
    expect(Math.abs(result.qrsMs! - 75)).toBeLessThanOrEqual(15);
    expect(Math.abs(result.qtMs! - 368)).toBeLessThanOrEqual(25);
    expect(Math.abs(result.qtcBazettMs! - 370)).toBeLessThanOrEqual(25);
    expect(result.rhythm).toBe('sinus'); // the file's statement: RITMO SINUSALE
  });

  it('reads an ST segment near the baseline (within ±0.2 mV) in every lead of a normal ECG', () => {
    const result = measureEcg(recording);

    expect(Object.keys(result.stDeviationMv)).toHaveLength(12);
    for (const value of Object.values(result.stDeviationMv)) expect(Math.abs(value!)).toBeLessThan(0.2);
  });
});

describeWithSharedData('measureEcg on the PTB-XL records', () => {
  const ids = Object.keys(PYTHON_BEAT_COUNTS).map(Number);
  const results = new Map(ids.map((id) => [id, measureEcg(readPtbxl(id))]));

  it('detects a plausible 4–30 beats in every 10 s record, as many as the Python peak finder (edge cuts aside)', () => {
    const counts = ids.map((id) => ({
      id,
      ours: results.get(id)!.qrsComplexes.length,
      python: PYTHON_BEAT_COUNTS[id]!,
    }));

    expect(ids).toHaveLength(79);
    for (const { ours } of counts) {
      expect(ours).toBeGreaterThanOrEqual(4);
      expect(ours).toBeLessThanOrEqual(30);
    }
    const differing = counts.filter(({ ours, python }) => ours !== python);
    expect(differing.map(({ id }) => id)).toEqual(EDGE_CUT_RECORDS);
    for (const { ours, python } of differing) expect(python - ours).toBe(1);
  });

  it('finds the RR intervals of AFIB records more irregular than those of NORM records', () => {
    const rmssd = (id: number) => results.get(id)!.rrNormalisedRmssd!;
    const cv = (id: number) => results.get(id)!.rrCoefficientOfVariation!;

    // Measured: AFIB normalised RMSSD 0.127–0.439 (median 0.160), NORM 0.008–0.123 (median 0.032);
    // AFIB CV 0.118–0.327 (median 0.206), NORM 0.017–0.094 (median 0.036).
    const normRmssdMedian = median(NORM_IDS.map(rmssd));
    const normCvMedian = median(NORM_IDS.map(cv));
    for (const id of AFIB_IDS) {
      expect(rmssd(id)).toBeGreaterThan(normRmssdMedian);
      expect(cv(id)).toBeGreaterThan(Math.max(...NORM_IDS.map(cv)));
    }
    expect(median(AFIB_IDS.map(rmssd))).toBeGreaterThan(3 * normRmssdMedian);
    expect(median(AFIB_IDS.map(cv))).toBeGreaterThan(3 * normCvMedian);
  });

  it('calls the AFIB records atrial fibrillation (the one also labelled flutter undetermined), no NORM record', () => {
    const afib = AFIB_IDS.map((id) => results.get(id)!.rhythm);
    const norm = NORM_IDS.map((id) => results.get(id)!.rhythm);

    // 00017 is labelled AFLT (likelihood 100) as well as AFIB: its flutter waves are locked to the QRS, so the
    // median beat shows a consistent P-like wave and the heuristic, seeing P waves with irregular RR, abstains.
    expect(afib).toEqual([
      'undetermined',
      'atrial-fibrillation',
      'atrial-fibrillation',
      'atrial-fibrillation',
      'atrial-fibrillation',
    ]);
    expect(norm).not.toContain('atrial-fibrillation');
    // Two NORM records with marked sinus arrhythmia (00015 is labelled SARRH) come out 'undetermined'.
    expect(norm.filter((rhythm) => rhythm === 'sinus').length).toBeGreaterThanOrEqual(21);
  });

  it('measures QRS of 120 ms or more for complete bundle branch blocks and under 110 ms for NORM records', () => {
    // SCP labels: CLBBB 287, 489; CRBBB 269, 455, 477 (QRS ≥ 120 ms by definition).
    const blocks = [287, 489, 269, 455, 477].map((id) => results.get(id)!.qrsMs!);
    const normal = NORM_IDS.map((id) => results.get(id)!.qrsMs!);

    for (const qrs of blocks) expect(qrs).toBeGreaterThanOrEqual(120);
    for (const qrs of normal) expect(qrs).toBeLessThan(110);
  });

  it('measures PR over 200 ms in the first-degree AV block records (1AVB: 191, 347)', () => {
    const pr = [191, 347].map((id) => results.get(id)!.prMs!);

    for (const value of pr) expect(value).toBeGreaterThan(200);
  });
});

describeWithSharedData('measureEcg on MIT-BIH record 100', () => {
  const folder = ['ecg-formats', 'wfdb-python'];

  it('finds the annotated beats of the first 5 minutes: sensitivity and positive predictivity ≥ 99.5 %', () => {
    const record = readWfdbRecord(readSharedText(...folder, '100.hea'), {
      '100.dat': readSharedBytes(...folder, '100.dat'),
    });
    const fs = record.samplingRateHz;
    const n = 300 * fs;
    // MLII is a modified lead II; wfdbToEcgRecording keeps only standard lead names, so the two leads are mapped here.
    const recording: EcgRecording = {
      samplingRateHz: fs,
      leads: [
        { name: 'II', samples: record.signals[0]!.samples.subarray(0, n) },
        { name: 'V5', samples: record.signals[1]!.samples.subarray(0, n) },
      ],
      provenance: { source: 'file', references: ['100'] },
    };
    // Beat annotations (WFDB beat codes), as the reference annotator placed them.
    const beats = readWfdbAnnotations(readSharedBytes(...folder, '100.atr'), '100.atr')
      .filter((a) => 'NLRBAaJSVrFejnE/fQ'.includes(a.symbol) && a.sample < n)
      .map((a) => a.sample);

    const detected = measureEcg(recording).qrsComplexes;

    const tolerance = 0.15 * fs;
    let j = 0;
    let matched = 0;
    for (const beat of beats) {
      while (j < detected.length && detected[j]! < beat - tolerance) j++;
      if (j < detected.length && Math.abs(detected[j]! - beat) <= tolerance) {
        matched++;
        j++;
      }
    }
    expect(beats.length).toBeGreaterThan(360); // 371 annotated beats in the first 5 minutes
    expect(matched / beats.length).toBeGreaterThanOrEqual(0.995);
    expect(matched / detected.length).toBeGreaterThanOrEqual(0.995);
  });
});

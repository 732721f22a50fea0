/**
 * Records 100–199 of the check of measureEcg against the generator's ground truth (heart rate within ±3 bpm and QRS
 * within ±15 ms on at least 95 % of records): see measure-ecg-synthetic-0-99.test.ts, which holds records 0–99 and
 * the figures; the halves are two files so that jest runs them on two workers.
 */
import { measurementCheckEcg } from '../../synth/ecg/ecg-test-support';
import { measureEcg } from './measure-ecg';

const records = Array.from({ length: 100 }, (_, i) => {
  const { ecg } = measurementCheckEcg('measure-ecg-synthetic', 100 + i);
  return { truth: ecg.truth, measured: measureEcg(ecg.recording) };
});

describe('measureEcg on synthetic ECGs 100–199 against the generator’s ground truth', () => {
  it('measures heart rate within ±3 bpm on at least 95 % of records', () => {
    const within = records.filter(
      ({ truth, measured }) =>
        measured.heartRateBpm !== undefined && Math.abs(measured.heartRateBpm - truth.heartRateBpm) <= 3,
    );

    expect(within.length / records.length).toBeGreaterThanOrEqual(0.95);
  });

  it('measures QRS duration within ±15 ms on at least 95 % of records', () => {
    const within = records.filter(
      ({ truth, measured }) => measured.qrsMs !== undefined && Math.abs(measured.qrsMs - truth.qrsMs) <= 15,
    );

    expect(within.length / records.length).toBeGreaterThanOrEqual(0.95);
  });

  it('finds atrial fibrillation more irregular than sinus rhythm, and calls at most one sinus record AF', () => {
    const rmssd = (rhythm: string) =>
      records
        .filter(({ truth }) => truth.rhythm === rhythm)
        .map(({ measured }) => measured.rrNormalisedRmssd ?? NaN)
        .sort((a, b) => a - b);
    const af = rmssd('atrial-fibrillation');
    const sinus = rmssd('sinus');

    expect(af[af.length >> 1]!).toBeGreaterThan(3 * sinus[sinus.length >> 1]!);
    const sinusCalledAf = records.filter(
      ({ truth, measured }) => truth.rhythm === 'sinus' && measured.rhythm === 'atrial-fibrillation',
    );
    expect(sinusCalledAf.length).toBeLessThanOrEqual(1);
  });
});

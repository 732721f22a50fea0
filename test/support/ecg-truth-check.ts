/**
 * The issue-3 acceptance check of measureEcg against the synthetic ECG generator's ground truth, for one slice of
 * the 200 check records (src/synth/ecg measurementCheckEcg). Each slice is its own test file so that jest runs them
 * on both workers; see src/signal/ecg/measure-ecg-synthetic-0-99.test.ts for the figures.
 */
import { measurementCheckEcg } from '../../src/synth/ecg/ecg-test-support';
import { measureEcg } from '../../src/signal/ecg/measure-ecg';

/** Registers the check for records `first` … `first + count − 1`: HR ±3 bpm and QRS ±15 ms on ≥ 95 %, AF vs sinus. */
export function describeEcgTruthCheck(first: number, count: number): void {
  const records = Array.from({ length: count }, (_, i) => {
    const { ecg } = measurementCheckEcg('measure-ecg-synthetic', first + i);
    return { truth: ecg.truth, measured: measureEcg(ecg.recording) };
  });

  describe(`measureEcg on synthetic ECGs ${first}–${first + count - 1} against the generator’s ground truth`, () => {
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
}

import type { EcgMeasurementResult } from '../../signal/ecg';
import { rAmplitudeMv } from './ecg-features';

/**
 * A hand-made median beat at 500 Hz: level 0.1 mV everywhere except the QRS (samples 100–140), where lead II rises
 * to 1.6 mV and V1 dips to −0.9 mV. The PR-segment window is 24–6 ms before onset: samples 88–96, all 0.1 mV.
 */
function measured(): EcgMeasurementResult {
  const ii = new Float32Array(300).fill(0.1);
  const v1 = new Float32Array(300).fill(0.1);
  for (let i = 100; i <= 140; i++) {
    const shape = Math.sin((Math.PI * (i - 100)) / 40);
    ii[i] = 0.1 + 1.5 * shape;
    v1[i] = 0.1 - 1.0 * shape;
  }
  return {
    samplingRateHz: 500,
    leadsUsed: ['II', 'V1'],
    qrsComplexes: [],
    rrIntervalsMs: [],
    rhythm: 'sinus',
    stDeviationMv: {},
    reasons: {},
    medianBeat: { leads: { II: ii, V1: v1 }, fiducial: 120, beatCount: 8, qrsOnset: 100, qrsOffset: 140 },
  };
}

describe('R amplitude on the median beat', () => {
  it('is the QRS maximum above the PR-segment level', () => {
    // Peak 1.6 mV at sample 120 over a 0.1 mV baseline (float32 rounding only).
    expect(rAmplitudeMv(measured(), 'II')).toBeCloseTo(1.5, 6);
  });

  it('is 0 for a QS complex with no positive deflection', () => {
    expect(rAmplitudeMv(measured(), 'V1')).toBe(0);
  });

  it('is undefined for a missing lead or a beat without QRS bounds', () => {
    const noBounds = measured();
    delete noBounds.medianBeat?.qrsOnset;

    expect(rAmplitudeMv(measured(), 'V5')).toBeUndefined();
    expect(rAmplitudeMv(noBounds, 'II')).toBeUndefined();
  });
});

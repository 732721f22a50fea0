import type { EcgLeadName } from '../../shared';
import type { CoronaryTerritory, GeneratedEcg } from '../types';
import { averagedBeat, beatMeanAt, coefficientOfVariation, cohort, median, samplesOf } from './ecg-test-support';

/** ST level at J + 60 ms, averaged over beats, on the noise-free output (PR-segment baseline is 0 mV there). */
function st(ecg: GeneratedEcg, lead: EcgLeadName): number {
  return beatMeanAt(ecg, lead, ecg.truth.qrsMs + 60);
}

/** Largest |value| of the T wave (from J + 40 ms to QT), signed, on the beat average. */
function tPeak(ecg: GeneratedEcg, lead: EcgLeadName): number {
  const wave = averagedBeat(ecg, lead, ecg.truth.qrsMs + 40, ecg.truth.qtMs);
  return wave.reduce((best, v) => (Math.abs(v) > Math.abs(best) ? v : best), 0);
}

function qrsMax(ecg: GeneratedEcg, lead: EcgLeadName): number {
  return Math.max(...averagedBeat(ecg, lead, 0, ecg.truth.qrsMs));
}

function qrsMin(ecg: GeneratedEcg, lead: EcgLeadName): number {
  return Math.min(...averagedBeat(ecg, lead, 0, ecg.truth.qrsMs));
}

/** Sokolow-Lyon index SV1 + max(RV5, RV6), mV (Sokolow & Lyon, Am Heart J 1949). */
function sokolowLyon(ecg: GeneratedEcg): number {
  return Math.max(0, -qrsMin(ecg, 'V1')) + Math.max(qrsMax(ecg, 'V5'), qrsMax(ecg, 'V6'));
}

/** Duration (ms) of the initial negative deflection of a lead: from QRS onset until it first rises above 0. */
function qDurationMs(ecg: GeneratedEcg, lead: EcgLeadName): number {
  const wave = averagedBeat(ecg, lead, 0, ecg.truth.qrsMs);
  let k = 1;
  while (k < wave.length && (wave[k] as number) <= 0) k++;
  return (wave[1] as number) < 0 ? (k - 1) * 2 : 0;
}

describe('ECG disease signs', () => {
  it('makes RR intervals in atrial fibrillation far more irregular than in sinus rhythm', () => {
    const sinus = cohort('rr/sinus', 40, { heartRateBpm: 85 }).map((e) =>
      coefficientOfVariation(e.truth.rrIntervalsMs),
    );
    const af = cohort('rr/af', 40, { rhythm: 'atrial-fibrillation', heartRateBpm: 85 }).map((e) =>
      coefficientOfVariation(e.truth.rrIntervalsMs),
    );

    // PTB-XL (numpy, R peaks on a 0.5–40 Hz band-pass): RR CV median 0.033 in NORM, 0.215 in AFIB.
    expect(median(sinus)).toBeLessThan(0.06);
    expect(median(af)).toBeGreaterThan(0.14);
    // Young hearts at slow rates can show marked sinus arrhythmia, so the tails may touch; the bulk must not.
    const afTenth = [...af].sort((a, b) => a - b)[4] as number;
    const sinusNinetieth = [...sinus].sort((a, b) => a - b)[35] as number;
    expect(afTenth).toBeGreaterThan(sinusNinetieth);
  });

  it('has no P wave in atrial fibrillation: the beat-averaged PR window is flat while sinus shows a P wave', () => {
    // Averaging over beats keeps what is locked to the QRS (a P wave) and cancels the f waves, which are not.
    const pWindow = (e: GeneratedEcg) => Math.max(...averagedBeat(e, 'II', -140, -40).map(Math.abs));
    const sinus = cohort('p/sinus', 20, { heartRateBpm: 70 }).map(pWindow);
    const af = cohort('p/af', 20, { rhythm: 'atrial-fibrillation', heartRateBpm: 70 }).map(pWindow);

    // P waves in II are 0.05–0.25 mV in adults; what is left in AF is f-wave residue of a few hundredths.
    expect(Math.min(...sinus)).toBeGreaterThan(0.03);
    expect(median(sinus)).toBeGreaterThan(0.08);
    expect(median(af)).toBeLessThan(0.03);
    expect(cohort('p/af', 5, { rhythm: 'atrial-fibrillation' }).every((e) => e.truth.prMs === undefined)).toBe(true);
  });

  it('shows f waves of 4–9 Hz in V1 between beats in atrial fibrillation, and a flat TP segment in sinus rhythm', () => {
    // Windows from T end + 20 ms to the next beat's first wave − 20 ms, on the noise-free output.
    const between = (e: GeneratedEcg, lead: EcgLeadName) => {
      const samples = samplesOf(e.recording, lead);
      const windows: Float32Array[] = [];
      const onsets = e.truth.qrsOnsets;
      for (let k = 0; k + 1 < onsets.length; k++) {
        const from = (onsets[k] as number) + Math.ceil((e.truth.qtMs + 20) / 2);
        const to = (onsets[k + 1] as number) - Math.ceil(((e.truth.prMs ?? 0) + 20) / 2);
        if (to - from >= 100) windows.push(samples.subarray(from, to));
      }
      return windows;
    };
    const rms = (ws: Float32Array[]) =>
      Math.sqrt(ws.reduce((s, w) => s + w.reduce((a, x) => a + x * x, 0), 0) / ws.reduce((s, w) => s + w.length, 0));
    const frequencyHz = (ws: Float32Array[]) => {
      // Zero crossings / 2 / duration: the dominant frequency of a narrow-band oscillation.
      let crossings = 0;
      let samples = 0;
      for (const w of ws) {
        for (let i = 1; i < w.length; i++) if ((w[i - 1] as number) < 0 !== (w[i] as number) < 0) crossings++;
        samples += w.length;
      }
      return crossings / 2 / (samples / 500);
    };
    const af = cohort('f/af', 10, { rhythm: 'atrial-fibrillation', heartRateBpm: 55 }).map((e) => between(e, 'V1'));
    const sinus = cohort('f/sinus', 10, { heartRateBpm: 55 }).map((e) => between(e, 'V1'));

    expect(af.every((ws) => ws.length > 0 && rms(ws) > 0.01)).toBe(true);
    expect(af.every((ws) => frequencyHz(ws) > 3.5 && frequencyHz(ws) < 10)).toBe(true);
    expect(sinus.every((ws) => ws.length > 0 && rms(ws) < 1e-6)).toBe(true);
  });

  it('gives taller T waves relative to R with hyperkalaemia, and a wide QRS above 7 mEq/L', () => {
    const ratio = (e: GeneratedEcg) =>
      median((['V2', 'V3', 'V4'] as const).map((l) => tPeak(e, l) / Math.max(0.1, qrsMax(e, l))));
    const normal = cohort('k/normal', 20, { potassiumMeqL: 4.2 });
    const high = cohort('k/high', 20, { potassiumMeqL: 6.8 });
    const severe = cohort('k/severe', 20, { potassiumMeqL: 8.2 });

    expect(median(high.map(ratio))).toBeGreaterThan(1.5 * median(normal.map(ratio)));
    expect(high.every((e) => e.truth.signs.includes('peaked-t'))).toBe(true);
    expect(normal.some((e) => e.truth.signs.includes('peaked-t'))).toBe(false);
    // QRS ≥ 120 ms is the textbook threshold for a wide QRS.
    expect(median(severe.map((e) => e.truth.qrsMs))).toBeGreaterThanOrEqual(120);
    expect(Math.max(...high.map((e) => e.truth.qrsMs))).toBeLessThan(120);
  });

  it('meets the Sokolow-Lyon voltage criterion in LVH and mostly not in normal hearts', () => {
    // Threshold 3.5 mV (Sokolow & Lyon 1949); PTB-XL NORM (numpy): median 2.10 mV, upper quartile 2.40 mV.
    const lvh = cohort('lvh', 30, { lvh: true }).map(sokolowLyon);
    const normal = cohort('lvh/normal', 30, {}).map(sokolowLyon);

    expect(lvh.filter((v) => v > 3.5).length).toBeGreaterThanOrEqual(27);
    expect(normal.filter((v) => v > 3.5).length).toBeLessThanOrEqual(6);
  });

  it('adds lateral ST depression and T inversion for LVH with strain', () => {
    for (const e of cohort('lvh/strain', 12, { lvh: true, lvhStrain: true })) {
      expect(st(e, 'V6') + st(e, 'V5')).toBeLessThan(-0.05);
      expect(tPeak(e, 'V6')).toBeLessThan(0);
      expect(e.truth.signs).toEqual(expect.arrayContaining(['lvh-voltage', 'lvh-strain']));
    }
  });

  const territories: [CoronaryTerritory, EcgLeadName[], EcgLeadName[]][] = [
    ['anterior', ['V2', 'V3'], ['III', 'aVF']],
    ['inferior', ['II', 'III', 'aVF'], ['I', 'aVL']],
    ['lateral', ['I', 'aVL', 'V5', 'V6'], ['III', 'aVF']],
  ];

  it.each(territories)(
    'raises ST in the %s leads with reciprocal depression opposite',
    (territory, facing, opposite) => {
      const records = cohort(`ste/${territory}`, 12, { ischaemia: { territory, kind: 'st-elevation' } });
      const reciprocal = records.map((e) => Math.min(...opposite.map((l) => st(e, l))));

      // Reciprocal depression is usual but its size varies with the heart's orientation.
      expect(Math.max(...reciprocal)).toBeLessThan(-0.015);
      expect(median(reciprocal)).toBeLessThan(-0.05);
      for (const e of records) {
        const facingSt = facing.map((l) => st(e, l));

        // STEMI criteria: ≥ 0.1 mV in two contiguous leads (0.15–0.2 in V2–V3); checked on the facing leads' mean.
        expect(facingSt.reduce((a, b) => a + b, 0) / facingSt.length).toBeGreaterThan(0.1);
        expect(e.truth.signs).toContain(`st-elevation-${territory}`);
        // Truth ST per lead agrees with the signal (beat amplitudes vary a few % with respiration).
        for (const l of [...facing, ...opposite])
          expect(Math.abs(e.truth.stDeviationMv[l] - st(e, l))).toBeLessThan(0.02 + 0.1 * Math.abs(st(e, l)));
      }
    },
  );

  it.each(territories)(
    'depresses ST and inverts T in the %s leads for subendocardial ischaemia',
    (territory, facing) => {
      for (const e of cohort(`std/${territory}`, 12, { ischaemia: { territory, kind: 'st-depression' } })) {
        const facingSt = facing.map((l) => st(e, l));
        const facingT = facing.map((l) => tPeak(e, l));

        expect(facingSt.reduce((a, b) => a + b, 0) / facingSt.length).toBeLessThan(-0.05);
        expect(facingT.filter((t) => t < 0).length).toBeGreaterThanOrEqual(Math.ceil(facing.length / 2));
      }
    },
  );

  const facingLeads: [CoronaryTerritory, EcgLeadName[]][] = [
    ['anterior', ['V1', 'V2', 'V3', 'V4']],
    ['inferior', ['II', 'III', 'aVF']],
    ['lateral', ['I', 'aVL', 'V5', 'V6']],
  ];

  it.each(facingLeads)('writes pathological Q waves in the %s leads of an old infarct', (territory, facing) => {
    // Fourth Universal Definition of MI (Thygesen et al., Circulation 2018): Q ≥ 30 ms and ≥ 0.1 mV deep (or QS)
    // in two contiguous leads of a territory.
    const infarct = cohort(`q/${territory}`, 12, { ischaemia: { territory, kind: 'q-waves' } });
    const normal = cohort(`q/normal/${territory}`, 12, {});
    const pathologicalQ = (e: GeneratedEcg) =>
      facing.filter((l) => qDurationMs(e, l) >= 30 && Math.min(...averagedBeat(e, l, 0, 30)) <= -0.1).length >= 2;

    expect(infarct.filter(pathologicalQ).length).toBeGreaterThanOrEqual(11);
    expect(normal.filter(pathologicalQ).length).toBeLessThanOrEqual(2);
    expect(infarct.every((e) => e.truth.signs.includes(`q-waves-${territory}`))).toBe(true);
  });
});

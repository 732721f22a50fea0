/**
 * measureEcg on closed-form ECGs built here: each wave is a raised-cosine lobe with compact support, so its onset
 * and end are known exactly by construction, and the expected intervals, rate and beat times follow from the
 * numbers below, not from the code under test. Noise (baseline wander, 50 Hz hum, white noise from a seeded
 * generator) is added where a test says so.
 */
import type { EcgLead, EcgLeadName, EcgRecording } from '../../shared';
import { measureEcg } from './measure-ecg';

const FS = 500;
const N = 5000; // 10 s

/** One wave: a raised-cosine lobe from `start` to `start + duration` ms after the QRS onset, peak `mv` per lead. */
interface Wave {
  start: number;
  duration: number;
  mv: Partial<Record<EcgLeadName, number>>;
}

// PR 160 ms (P onset at −160), QRS 90 ms (0..90: q, R, S lobes), QT 380 ms (T ends at 380).
const P_ONSET = -160;
const QRS_MS = 90;
const QT_MS = 380;
const WAVES: Wave[] = [
  { start: P_ONSET, duration: 100, mv: { I: 0.08, II: 0.15, V1: 0.08, V5: 0.1 } },
  { start: 0, duration: 24, mv: { I: -0.1, II: -0.12, V1: 0.15, V5: -0.1 } },
  { start: 18, duration: 40, mv: { I: 0.9, II: 1.2, V1: -0.4, V5: 1.5 } },
  { start: 52, duration: 38, mv: { I: -0.2, II: -0.3, V1: -0.9, V5: -0.3 } },
  { start: 200, duration: 180, mv: { I: 0.25, II: 0.35, V1: -0.1, V5: 0.4 } },
];
const LEADS: EcgLeadName[] = ['I', 'II', 'V1', 'V5'];

function lobe(t: number, start: number, duration: number): number {
  const u = (t - start) / duration;
  return u <= 0 || u >= 1 ? 0 : 0.5 - 0.5 * Math.cos(2 * Math.PI * u);
}

/** A seeded uniform generator (Park–Miller), so that the noise is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

interface Build {
  onsetsMs: number[];
  noise?: { wanderMv: number; humMv: number; whiteMv: number };
  leads?: EcgLeadName[];
}

function buildRecording({ onsetsMs, noise, leads = LEADS }: Build): EcgRecording {
  const random = seeded(12345);
  const out: EcgLead[] = leads.map((name) => ({ name, samples: new Float32Array(N) }));
  for (const lead of out) {
    for (let i = 0; i < N; i++) {
      const ms = (i * 1000) / FS;
      let v = 0;
      for (const onset of onsetsMs) {
        if (ms < onset + P_ONSET - 1 || ms > onset + QT_MS + 1) continue;
        for (const wave of WAVES) v += (wave.mv[lead.name] ?? 0) * lobe(ms - onset, wave.start, wave.duration);
      }
      if (noise) {
        const s = ms / 1000;
        v += noise.wanderMv * Math.sin(2 * Math.PI * 0.3 * s) + noise.humMv * Math.sin(2 * Math.PI * 50 * s);
        v += noise.whiteMv * (random() + random() + random() - 1.5) * 2;
      }
      lead.samples[i] = v;
    }
  }
  return { samplingRateHz: FS, leads: out, provenance: { source: 'synthetic', references: [] } };
}

/** QRS onsets every `rrMs` from 400 ms on. */
function regularOnsets(rrMs: number): number[] {
  const onsets: number[] = [];
  for (let t = 400; t < 9600; t += rrMs) onsets.push(t);
  return onsets;
}

describe('measureEcg', () => {
  it('measures rate, PR, QRS, QT and a regular sinus rhythm on a clean 75 bpm record', () => {
    const onsets = regularOnsets(800);

    const result = measureEcg(buildRecording({ onsetsMs: onsets }));

    expect(result.qrsComplexes).toHaveLength(onsets.length);
    result.qrsComplexes.forEach((sample, i) => {
      // Each detection lies inside its QRS complex (onset to offset).
      const ms = (sample * 1000) / FS - onsets[i]!;
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThanOrEqual(QRS_MS);
    });
    expect(result.heartRateBpm).toBeCloseTo(75, 1);
    expect(result.rrNormalisedRmssd).toBeLessThan(0.01);
    expect(result.rhythm).toBe('sinus');
    expect(Math.abs(result.qrsMs! - QRS_MS)).toBeLessThanOrEqual(12);
    expect(Math.abs(result.prMs! + P_ONSET)).toBeLessThanOrEqual(20);
    // Raised-cosine T waves fade out gently: the tangent method ends them early, by up to about a fifth of the
    // T wave's second half.
    expect(result.qtMs!).toBeGreaterThanOrEqual(QT_MS - 30);
    expect(result.qtMs!).toBeLessThanOrEqual(QT_MS + 10);
    expect(result.qtcBazettMs).toBeCloseTo(result.qtMs! / Math.sqrt(0.8), 6);
    expect(result.qtcFridericiaMs).toBeCloseTo(result.qtMs! / Math.cbrt(0.8), 6);
    expect(result.reasons).toEqual({});
  });

  it('gives the same intervals within a few ms under baseline wander, 50 Hz hum and white noise', () => {
    const onsets = regularOnsets(800);
    const clean = measureEcg(buildRecording({ onsetsMs: onsets }));

    const noisy = measureEcg(buildRecording({ onsetsMs: onsets, noise: { wanderMv: 0.5, humMv: 0.1, whiteMv: 0.03 } }));

    expect(noisy.qrsComplexes).toHaveLength(onsets.length);
    expect(noisy.heartRateBpm).toBeCloseTo(75, 0);
    expect(Math.abs(noisy.qrsMs! - clean.qrsMs!)).toBeLessThanOrEqual(8);
    expect(Math.abs(noisy.qtMs! - clean.qtMs!)).toBeLessThanOrEqual(12);
    // The P onset is the most noise-sensitive boundary (a 0.15 mV wave against 0.03 mV of noise).
    expect(Math.abs(noisy.prMs! + P_ONSET)).toBeLessThanOrEqual(25);
  });

  it('reads ST deviation at J + 60 ms as zero on a record without ST shift, and as the shift where one is added', () => {
    const onsets = regularOnsets(800);
    const recording = buildRecording({ onsetsMs: onsets });
    // A 0.2 mV plateau in V5 from 80 ms to 220 ms after each QRS onset: J + 60 ms (about 150 ms) lies on it.
    const v5 = recording.leads.find((lead) => lead.name === 'V5')!.samples;
    for (const onset of onsets) {
      for (let ms = onset + 80; ms < onset + 220; ms += 2) v5[Math.round((ms * FS) / 1000)]! += 0.2;
    }

    const result = measureEcg(recording);

    expect(Math.abs(result.stDeviationMv.I!)).toBeLessThan(0.03);
    expect(Math.abs(result.stDeviationMv.II!)).toBeLessThan(0.03);
    expect(result.stDeviationMv.V5!).toBeGreaterThan(0.15);
    expect(result.stDeviationMv.V5!).toBeLessThan(0.25);
  });

  it('finds every beat of an irregular rhythm and reports it as more irregular than a regular one', () => {
    const rr = [620, 910, 540, 1010, 700, 820, 560, 940, 660, 880, 590, 760];
    const onsets = rr.reduce<number[]>((times, interval) => [...times, times[times.length - 1]! + interval], [300]);
    const regular = measureEcg(buildRecording({ onsetsMs: regularOnsets(800) }));

    const irregular = measureEcg(buildRecording({ onsetsMs: onsets.filter((t) => t < 9600) }));

    const detectedMs = irregular.qrsComplexes.map((sample) => (sample * 1000) / FS);
    expect(detectedMs).toHaveLength(onsets.filter((t) => t < 9600).length);
    // Heart rate is 60000 / mean RR, with the mean over the detected beats' intervals.
    const kept = onsets.filter((t) => t < 9600);
    const meanRr = (kept[kept.length - 1]! - kept[0]!) / (kept.length - 1);
    expect(Math.abs(irregular.heartRateBpm! - 60000 / meanRr)).toBeLessThan(0.5);
    expect(irregular.rrNormalisedRmssd!).toBeGreaterThan(0.3);
    expect(irregular.rrCoefficientOfVariation!).toBeGreaterThan(0.15);
    expect(irregular.rrNormalisedRmssd!).toBeGreaterThan(10 * regular.rrNormalisedRmssd!);
    // P waves precede every QRS here, so the heuristic does not call atrial fibrillation.
    expect(irregular.rhythm).toBe('undetermined');
  });

  it('measures from two leads, and ignores a lead that is missing or NaN throughout', () => {
    const recording = buildRecording({ onsetsMs: regularOnsets(800), leads: ['II', 'V5'] });
    recording.leads.push({ name: 'V1', samples: new Float32Array(N).fill(NaN) });

    const result = measureEcg(recording);

    expect(result.leadsUsed).toEqual(['II', 'V5']);
    expect(result.heartRateBpm).toBeCloseTo(75, 1);
    expect(Math.abs(result.qrsMs! - QRS_MS)).toBeLessThanOrEqual(15);
    expect(result.stDeviationMv.V1).toBeUndefined();
  });

  it('bridges a gap of NaN samples without losing beats or shifting the intervals', () => {
    const onsets = regularOnsets(800);
    const clean = measureEcg(buildRecording({ onsetsMs: onsets }));
    const recording = buildRecording({ onsetsMs: onsets });
    const ii = recording.leads.find((lead) => lead.name === 'II')!.samples;
    ii.fill(NaN, 2000, 2300); // 600 ms missing in lead II, across one beat

    const result = measureEcg(recording);

    expect(result.qrsComplexes).toHaveLength(onsets.length);
    expect(result.qrsMs).toBeCloseTo(clean.qrsMs!, 0);
    expect(result.qtMs).toBeCloseTo(clean.qtMs!, 0);
    expect(result.medianBeat!.leads.II).toBeDefined();
  });

  it('returns no measurement, with reasons, for a flat record and for one with no leads', () => {
    const flat: EcgRecording = {
      samplingRateHz: FS,
      leads: [{ name: 'II', samples: new Float32Array(N) }],
      provenance: { source: 'synthetic', references: [] },
    };
    const empty: EcgRecording = { samplingRateHz: FS, leads: [], provenance: { source: 'synthetic', references: [] } };

    const results = [measureEcg(flat), measureEcg(empty)];

    for (const result of results) {
      expect(result.heartRateBpm).toBeUndefined();
      expect(result.qrsMs).toBeUndefined();
      expect(result.rhythm).toBe('undetermined');
      expect(result.reasons.heartRate).toMatch(/no usable lead/);
      expect(result.reasons.qrs).toMatch(/no usable lead/);
    }
    expect(results[0]!.reasons.heartRate).toMatch(/II: flat/);
  });

  it('leaves PR undefined with a reason when there are no P waves', () => {
    const recording = buildRecording({ onsetsMs: regularOnsets(800) });
    const withoutP = WAVES.shift()!;
    let result;
    try {
      result = measureEcg(buildRecording({ onsetsMs: regularOnsets(800) }));
    } finally {
      WAVES.unshift(withoutP);
    }

    expect(measureEcg(recording).prMs).toBeDefined();
    expect(result.prMs).toBeUndefined();
    expect(result.reasons.pr).toBeDefined();
    expect(result.rhythm).toBe('undetermined');
  });
});

import type { EcgLeadName } from '../../shared';
import { ECG_LEAD_NAMES } from '../../shared';
import { Random } from '../random';
import { generateEcg } from './generate-ecg';
import { averagedBeat, cohort, ecgSpec, median, samplesOf } from './ecg-test-support';

/** The model's lobes are exactly 0 outside their support, so anything above float noise counts as signal. */
const NON_ISOELECTRIC_MV = 1e-6;

function anyLeadNonZero(ecg: ReturnType<typeof generateEcg>, sample: number): boolean {
  return ECG_LEAD_NAMES.some((name) => Math.abs(samplesOf(ecg.recording, name)[sample] as number) > NON_ISOELECTRIC_MV);
}

describe('generateEcg', () => {
  it('returns twelve named leads in mV at 500 Hz for 10 s, marked synthetic', () => {
    const { recording } = generateEcg(new Random('shape'), ecgSpec());

    expect(recording.leads.map((l) => l.name)).toEqual([...ECG_LEAD_NAMES]);
    expect(recording.samplingRateHz).toBe(500);
    expect(recording.leads.every((l) => l.samples.length === 5000 && l.samples instanceof Float32Array)).toBe(true);
    expect(recording.provenance).toEqual({ source: 'synthetic', references: [] });
  });

  it("obeys Einthoven's and Goldberger's laws sample by sample, noise included", () => {
    const specs = [
      ecgSpec(),
      ecgSpec({ rhythm: 'atrial-fibrillation', heartRateBpm: 110 }),
      ecgSpec({ lvh: true, lvhStrain: true }),
    ];
    for (const [i, spec] of specs.entries()) {
      const noisy = generateEcg(new Random(`laws/${i}`), spec).recording;
      const clean = generateEcg(new Random(`laws/${i}`), spec, { noiseFree: true }).recording;
      const [I, II, III, aVR, aVL, aVF] = (['I', 'II', 'III', 'aVR', 'aVL', 'aVF'] as const).map((n) =>
        samplesOf(noisy, n),
      );
      let worst = 0;
      let noise = 0;
      for (let k = 0; k < 5000; k++) {
        const a = I?.[k] as number;
        const b = II?.[k] as number;
        worst = Math.max(
          worst,
          Math.abs((III?.[k] as number) - (b - a)),
          Math.abs((aVR?.[k] as number) + (a + b) / 2),
          Math.abs((aVL?.[k] as number) - (a - b / 2)),
          Math.abs((aVF?.[k] as number) - (b - a / 2)),
        );
        noise = Math.max(noise, Math.abs((samplesOf(clean, 'III')[k] as number) - (III?.[k] as number)));
      }

      // One float32 rounding of values of a few mV: ulp(4 mV) ≈ 4.8e-7.
      expect(worst).toBeLessThan(1e-6);
      // The law is checked on a record that does carry noise in the derived lead.
      expect(noise).toBeGreaterThan(0.005);
    }
  });

  it('gives identical samples for the same seed and different samples for another seed', () => {
    const spec = ecgSpec({ ischaemia: { territory: 'inferior', kind: 'st-elevation' } });

    const a = generateEcg(new Random(11), spec);
    const b = generateEcg(new Random(11), spec);
    const c = generateEcg(new Random(12), spec);

    for (const name of ECG_LEAD_NAMES) expect(samplesOf(b.recording, name)).toEqual(samplesOf(a.recording, name));
    expect(b.truth).toEqual(a.truth);
    expect(samplesOf(c.recording, 'II')).not.toEqual(samplesOf(a.recording, 'II'));
  });

  it('draws from the caller’s random source, so successive calls give different records', () => {
    const rng = new Random('stream');

    const first = generateEcg(rng, ecgSpec());
    const second = generateEcg(rng, ecgSpec());

    expect(samplesOf(second.recording, 'V2')).not.toEqual(samplesOf(first.recording, 'V2'));
  });

  it('puts the truth QRS onset and offset exactly where the noise-free signal leaves and regains the baseline', () => {
    // Sinus at 60–75 bpm: the PR segment before the QRS and the start of the ST segment are isoelectric (0 mV) in
    // a normal beat, so the global QRS is the run of samples where any of the 12 leads is away from 0.
    for (const ecg of cohort('exact', 10, { heartRateBpm: 65 })) {
      const fs = ecg.recording.samplingRateHz;
      const qrsSamples = (ecg.truth.qrsMs * fs) / 1000;
      for (const onset of ecg.truth.qrsOnsets.slice(1, -1)) {
        expect(anyLeadNonZero(ecg, onset)).toBe(false);
        expect(anyLeadNonZero(ecg, onset - 5)).toBe(false);
        expect(anyLeadNonZero(ecg, onset + 1)).toBe(true);
        expect(anyLeadNonZero(ecg, onset + Math.floor(qrsSamples))).toBe(true);
        expect(anyLeadNonZero(ecg, onset + Math.ceil(qrsSamples) + 1)).toBe(false);
      }
    }
  });

  it('starts the P wave PR ms before each QRS in sinus rhythm', () => {
    for (const ecg of cohort('pr', 10, { heartRateBpm: 62 })) {
      const prSamples = ((ecg.truth.prMs as number) * ecg.recording.samplingRateHz) / 1000;
      for (const onset of ecg.truth.qrsOnsets.slice(1, -1)) {
        expect(anyLeadNonZero(ecg, onset - Math.ceil(prSamples))).toBe(false);
        expect(anyLeadNonZero(ecg, onset - Math.floor(prSamples) + 2)).toBe(true);
      }
    }
  });

  it('keeps intervals in adult ranges and derives rate, RR and QTc consistently', () => {
    for (const ecg of cohort('intervals', 30, { heartRateBpm: 75 })) {
      const { truth } = ecg;
      const meanRr = truth.rrIntervalsMs.reduce((a, b) => a + b, 0) / truth.rrIntervalsMs.length;

      // Normal adult ranges (textbook): PR 120–200 ms (allowing ±10), QRS < 120 ms, QTc 350–460 ms.
      expect(truth.prMs).toBeGreaterThanOrEqual(110);
      expect(truth.prMs).toBeLessThanOrEqual(220);
      expect(truth.qrsMs).toBeGreaterThanOrEqual(78);
      expect(truth.qrsMs).toBeLessThan(120);
      expect(truth.qtcMs).toBeGreaterThan(340);
      expect(truth.qtcMs).toBeLessThan(470);
      expect(truth.heartRateBpm).toBeCloseTo(60000 / meanRr, 9);
      expect(truth.qtcMs).toBeCloseTo(truth.qtMs / Math.sqrt(meanRr / 1000), 9);
      expect(truth.rrIntervalsMs).toEqual(
        truth.qrsOnsets.slice(1).map((s, i) => (s - (truth.qrsOnsets[i] as number)) * 2),
      );
    }
  });

  it('lists only beats whose whole QRS lies inside the record', () => {
    for (const ecg of cohort('edges', 20, { heartRateBpm: 90 })) {
      const qrsSamples = Math.ceil(ecg.truth.qrsMs / 2);

      expect(ecg.truth.qrsOnsets.every((s) => s >= 0 && s + qrsSamples < 5000)).toBe(true);
    }
  });

  it('matches the spec heart rate within 1 bpm on average over many records', () => {
    const rates = [50, 65, 80, 100, 125, 150];
    for (const rhythm of ['sinus', 'atrial-fibrillation'] as const) {
      const errors = rates.flatMap((rate) =>
        cohort(`rate/${rhythm}/${rate}`, 8, { rhythm, heartRateBpm: rate }).map((e) => e.truth.heartRateBpm - rate),
      );

      expect(Math.abs(errors.reduce((a, b) => a + b, 0) / errors.length)).toBeLessThan(1);
    }
  });

  it('gives R amplitudes in II and V5 like the PTB-XL NORM records', () => {
    // PTB-XL NORM records in ../shared/data (24), measured with numpy/scipy on the median beat after a 0.5–40 Hz
    // band-pass: R in II median 0.92 mV (IQR 0.70–1.12), R in V5 median 1.28 mV (IQR 0.95–1.40).
    const records = cohort('amplitude', 60, {});
    const r = (name: EcgLeadName) => records.map((e) => Math.max(...averagedBeat(e, name, 0, e.truth.qrsMs)));
    const rII = r('II');
    const rV5 = r('V5');

    expect(median(rII)).toBeGreaterThan(0.7);
    expect(median(rII)).toBeLessThan(1.15);
    expect(median(rV5)).toBeGreaterThan(1.0);
    expect(median(rV5)).toBeLessThan(1.6);
    expect(rII.filter((v) => v >= 0.3 && v <= 2).length).toBeGreaterThanOrEqual(54);
    expect(rV5.every((v) => v > 0.3 && v < 3.5)).toBe(true);
  });

  it('adds noise that differs in level between records, from near clean to clearly noisy', () => {
    // PTB-XL (numpy): median over leads of the SD of the > 45 Hz residual is 0.006–0.015 mV (p10–p90).
    const levels = Array.from({ length: 30 }, (_, i) => {
      const spec = ecgSpec();
      const noisy = samplesOf(generateEcg(new Random(`noise/${i}`), spec).recording, 'II');
      const clean = samplesOf(generateEcg(new Random(`noise/${i}`), spec, { noiseFree: true }).recording, 'II');
      let sum = 0;
      for (let k = 1; k < 5000; k++) {
        // First difference of the noise: mostly the muscle and mains part, little of the wander.
        const d = (noisy[k] as number) - (clean[k] as number) - ((noisy[k - 1] as number) - (clean[k - 1] as number));
        sum += d * d;
      }
      return Math.sqrt(sum / 4999);
    });

    expect(Math.min(...levels)).toBeLessThan(0.008);
    expect(Math.max(...levels)).toBeGreaterThan(0.02);
  });

  it('honours the sampling rate and duration of the spec with the same beat model', () => {
    const at500 = generateEcg(new Random('rate'), ecgSpec());
    const at1000 = generateEcg(new Random('rate'), ecgSpec({ samplingRateHz: 1000, durationS: 5 }));

    expect(at1000.recording.samplingRateHz).toBe(1000);
    expect(at1000.recording.leads.every((l) => l.samples.length === 5000)).toBe(true);
    expect(at1000.truth.qrsMs).toBe(at500.truth.qrsMs);
    expect(at1000.truth.qtMs).toBe(at500.truth.qtMs);
    expect(at1000.truth.rrIntervalsMs.every((rr) => rr > 500 && rr < 1300)).toBe(true);
  });

  it('rejects a spec outside physiology with a message naming the field', () => {
    expect(() => generateEcg(new Random(1), ecgSpec({ heartRateBpm: 0 }))).toThrow(/heartRateBpm/);
    expect(() => generateEcg(new Random(1), ecgSpec({ potassiumMeqL: 15 }))).toThrow(/potassiumMeqL/);
  });
});

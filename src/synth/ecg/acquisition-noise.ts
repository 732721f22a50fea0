/**
 * Acquisition noise, added at the electrodes (RA, LA, LL, V1–V6) and then combined into leads exactly as an
 * electrocardiograph does (I = LA − RA, II = LL − RA, Vi = Vi − Wilson's central terminal), so the noise is
 * correlated across leads the way real noise is and the derived leads still obey Einthoven's and Goldberger's laws.
 *
 * Three sources, each at a per-record level drawn from a clean / moderate / noisy mix (about 45 / 40 / 15 %):
 * - baseline wander: respiration (at the breathing rate, 0.15–0.45 Hz) plus slow electrode drift (0.02–0.12 Hz);
 * - mains hum at 50 or 60 Hz, residual after common-mode rejection;
 * - muscle (EMG): white noise band-limited to about 20–150 Hz by one-pole filters.
 */
import type { Random } from '../random';
import type { IndependentLead } from './lead-vectors';
import type { Respiration } from './rhythm';

// Bound once: under jest every lookup of the global \`Math\` in a per-sample loop goes through the test sandbox.
const { sin, cos, sqrt, log } = Math;

const ELECTRODES = ['RA', 'LA', 'LL', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;
type NoiseClass = 'clean' | 'moderate' | 'noisy';

/**
 * Per-class ranges (mV): peak respiratory wander, peak drift, peak hum, EMG standard deviation. Calibrated with numpy
 * against the PTB-XL records in ../shared/data: median over leads of the > 45 Hz residual's SD (real p10/p50/p90
 * 0.006/0.009/0.015 mV) and of the < 0.5 Hz peak-to-peak (0.08/0.14/0.27 mV).
 */
const LEVELS: Record<
  NoiseClass,
  { wander: [number, number]; drift: [number, number]; hum: [number, number]; emg: [number, number] }
> = {
  clean: { wander: [0.005, 0.04], drift: [0.005, 0.04], hum: [0, 0.004], emg: [0.002, 0.006] },
  moderate: { wander: [0.03, 0.1], drift: [0.03, 0.1], hum: [0.002, 0.012], emg: [0.004, 0.012] },
  noisy: { wander: [0.08, 0.22], drift: [0.06, 0.2], hum: [0.005, 0.03], emg: [0.01, 0.03] },
};

/**
 * Fills `out` with standard normal draws from `rng`: the polar method of Random.normal, pair by pair, so that an
 * even count gives the very numbers (and leaves `rng` in the very state) that as many calls of rng.normal() would.
 * Inlined because the EMG takes one draw per sample and electrode, where Random.normal's lookups of the global
 * `Math` made it the generator's slowest part under jest.
 */
function fillStandardNormals(rng: Random, out: Float64Array): void {
  for (let i = 0; i < out.length; i += 2) {
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * rng.next() - 1;
      v = 2 * rng.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = sqrt((-2 * log(s)) / s);
    out[i] = u * f;
    if (i + 1 < out.length) out[i + 1] = v * f;
  }
}

/** Band-limited white noise of standard deviation `sd` into `out` (overwrites). */
function fillEmg(rng: Random, samplingRateHz: number, sd: number, out: Float64Array): void {
  const dt = 1 / samplingRateHz;
  const rcHigh = 1 / (2 * Math.PI * 20);
  const rcLow = 1 / (2 * Math.PI * Math.min(150, 0.4 * samplingRateHz));
  const alpha = rcHigh / (rcHigh + dt);
  const beta = dt / (rcLow + dt);
  let previousX = 0;
  let high = 0;
  let low = 0;
  let sumSquares = 0;
  fillStandardNormals(rng, out);
  for (let i = 0; i < out.length; i++) {
    const x = out[i] as number;
    high = alpha * (high + x - previousX);
    previousX = x;
    low += beta * (high - low);
    out[i] = low;
    sumSquares += low * low;
  }
  const gain = sumSquares > 0 ? sd / sqrt(sumSquares / out.length) : 0;
  for (let i = 0; i < out.length; i++) (out[i] as number) *= gain;
}

/** One electrode's noise: wander + drift + hum + EMG (mV). */
function electrodeNoise(
  rng: Random,
  samplingRateHz: number,
  level: (typeof LEVELS)[NoiseClass],
  respiration: Respiration,
  hum: { sin: Float64Array; cos: Float64Array; amplitude: number },
  out: Float64Array,
): void {
  fillEmg(rng, samplingRateHz, rng.uniform(...level.emg), out);
  const wander = rng.uniform(...level.wander) * rng.uniform(0.3, 1.2);
  const wanderPhase = respiration.phase + rng.normal(0, 0.5);
  const drift = [0, 1].map(() => ({
    amplitude: rng.uniform(...level.drift) * rng.uniform(0.2, 1),
    w: 2 * Math.PI * rng.uniform(0.02, 0.12),
    phase: rng.uniform(0, 2 * Math.PI),
  }));
  const humPhase = rng.normal(0, 0.4);
  const humA = hum.amplitude * rng.uniform(0.2, 1) * Math.cos(humPhase);
  const humB = hum.amplitude * rng.uniform(0.2, 1) * Math.sin(humPhase);
  const wResp = 2 * Math.PI * respiration.rateHz;
  const d0 = drift[0] as (typeof drift)[number];
  const d1 = drift[1] as (typeof drift)[number];
  for (let i = 0; i < out.length; i++) {
    const t = i / samplingRateHz;
    (out[i] as number) +=
      wander * sin(wResp * t + wanderPhase) +
      d0.amplitude * sin(d0.w * t + d0.phase) +
      d1.amplitude * sin(d1.w * t + d1.phase) +
      humA * (hum.sin[i] as number) +
      humB * (hum.cos[i] as number);
  }
}

/** Adds acquisition noise to the independent leads in place; returns the class drawn (for tests and reports). */
export function addAcquisitionNoise(
  rng: Random,
  samplingRateHz: number,
  respiration: Respiration,
  leads: Record<IndependentLead, Float64Array>,
): NoiseClass {
  const noiseClass = rng.weighted<NoiseClass>({ clean: 0.45, moderate: 0.4, noisy: 0.15 });
  const level = LEVELS[noiseClass];
  const n = leads.I.length;
  const mainsHz = rng.bernoulli(0.5) ? 50 : 60;
  const humSin = new Float64Array(n);
  const humCos = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * mainsHz * i) / samplingRateHz;
    humSin[i] = sin(a);
    humCos[i] = cos(a);
  }
  const hum = { sin: humSin, cos: humCos, amplitude: rng.uniform(...level.hum) };
  const electrodes = {} as Record<(typeof ELECTRODES)[number], Float64Array>;
  for (const name of ELECTRODES) {
    const out = new Float64Array(n);
    electrodeNoise(rng.fork(name), samplingRateHz, level, respiration, hum, out);
    electrodes[name] = out;
  }
  const { RA, LA, LL } = electrodes;
  for (let i = 0; i < n; i++) {
    const ra = RA[i] as number;
    const la = LA[i] as number;
    const ll = LL[i] as number;
    const wilson = (ra + la + ll) / 3;
    (leads.I[i] as number) += la - ra;
    (leads.II[i] as number) += ll - ra;
    for (const v of ['V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const)
      (leads[v][i] as number) += (electrodes[v][i] as number) - wilson;
  }
  return noiseClass;
}

/**
 * Atrial fibrillation's f waves: a chaotic atrial dipole, modelled as an oscillation at a dominant atrial frequency
 * of 4–9 Hz (240–540/min) whose frequency and amplitude wander slowly, plus a weaker second wavelet at another
 * frequency and direction. The main direction points right, inferior and anterior, so f waves are largest in V1 and
 * clear in II, III and aVF, as on real records. Amplitude 0.03–0.12 mV in V1 (fine to coarse AF).
 */
import type { Random } from '../random';
import type { IndependentLead, Vec3 } from './lead-vectors';
import { INDEPENDENT_LEADS, LEAD_VECTORS, dot, withLength } from './lead-vectors';

// Bound once: under jest every lookup of the global \`Math\` in a per-sample loop goes through the test sandbox.
const sin = Math.sin;
const TWO_PI = 2 * Math.PI;

interface Wavelet {
  direction: Vec3;
  frequencyHz: number;
  frequencySwingHz: number;
  swingRateHz: number;
  swingPhase: number;
  amplitudeSwing: number;
  amplitudeRateHz: number;
  amplitudePhase: number;
  phase: number;
}

function drawWavelet(rng: Random, direction: Vec3, frequencyHz: number): Wavelet {
  return {
    direction,
    frequencyHz,
    frequencySwingHz: rng.uniform(0.3, 1),
    swingRateHz: rng.uniform(0.08, 0.3),
    swingPhase: rng.uniform(0, 2 * Math.PI),
    amplitudeSwing: rng.uniform(0.15, 0.4),
    amplitudeRateHz: rng.uniform(0.1, 0.5),
    amplitudePhase: rng.uniform(0, 2 * Math.PI),
    phase: rng.uniform(0, 2 * Math.PI),
  };
}

/** Adds f waves to the independent leads (mV, `samplingRateHz`), in place. */
export function addFibrillatoryWaves(
  rng: Random,
  samplingRateHz: number,
  leads: Record<IndependentLead, Float64Array>,
): void {
  const amplitude = rng.uniform(0.03, 0.12);
  const f0 = rng.uniform(4.5, 8.5);
  const wavelets = [
    drawWavelet(rng, withLength([-0.35, 0.55, -0.75], amplitude), f0),
    drawWavelet(rng, withLength([0.6, 0.6, 0.2], 0.4 * amplitude), Math.min(9, f0 * rng.uniform(1.1, 1.35))),
  ];
  const n = leads.I.length;
  const dt = 1 / samplingRateHz;
  for (const w of wavelets) {
    const gains = INDEPENDENT_LEADS.map((name) => dot(LEAD_VECTORS[name], w.direction));
    const targets = INDEPENDENT_LEADS.map((name) => leads[name]);
    let phase = w.phase;
    for (let i = 0; i < n; i++) {
      const t = i * dt;
      const f = w.frequencyHz + w.frequencySwingHz * sin(TWO_PI * w.swingRateHz * t + w.swingPhase);
      phase += TWO_PI * f * dt;
      const v = (1 + w.amplitudeSwing * sin(TWO_PI * w.amplitudeRateHz * t + w.amplitudePhase)) * sin(phase);
      for (let k = 0; k < targets.length; k++) ((targets[k] as Float64Array)[i] as number) += (gains[k] as number) * v;
    }
  }
}

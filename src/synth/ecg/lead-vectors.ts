/**
 * Lead vectors of the 12-lead ECG for a heart dipole in Frank coordinates (mV): X to the patient's left, Y to the
 * feet (inferior), Z to the back (posterior). The rows for I, II and V1–V6 are Dower's transform (Dower, Machado and
 * Osborne, Clin Cardiol 1980;3:87); III, aVR, aVL and aVF are not taken from the table but derived from I and II by
 * Einthoven's and Goldberger's laws, so the derived leads are exact linear combinations, as on a real electrocardiograph.
 */
import type { EcgLeadName } from '../../shared';

export type Vec3 = readonly [number, number, number];

/** The leads an electrocardiograph actually measures; the other four are computed from I and II. */
export const INDEPENDENT_LEADS = ['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;
export type IndependentLead = (typeof INDEPENDENT_LEADS)[number];

const DOWER: Record<IndependentLead, Vec3> = {
  I: [0.632, -0.235, 0.059],
  II: [0.235, 1.066, -0.132],
  V1: [-0.515, 0.157, -0.917],
  V2: [0.044, 0.164, -1.387],
  V3: [0.882, 0.098, -1.277],
  V4: [1.213, 0.127, -0.601],
  V5: [1.125, 0.127, -0.086],
  V6: [0.831, 0.076, 0.23],
};

function combine(a: number, u: Vec3, b: number, v: Vec3): Vec3 {
  return [a * u[0] + b * v[0], a * u[1] + b * v[1], a * u[2] + b * v[2]];
}

/** All twelve lead vectors; lead voltage = dot(lead vector, dipole). */
export const LEAD_VECTORS: Record<EcgLeadName, Vec3> = {
  ...DOWER,
  III: combine(-1, DOWER.I, 1, DOWER.II),
  aVR: combine(-0.5, DOWER.I, -0.5, DOWER.II),
  aVL: combine(1, DOWER.I, -0.5, DOWER.II),
  aVF: combine(-0.5, DOWER.I, 1, DOWER.II),
};

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function scale(v: Vec3, k: number): Vec3 {
  return [v[0] * k, v[1] * k, v[2] * k];
}

export function add(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

/** `v` scaled to length `length` (a zero vector stays zero). */
export function withLength(v: Vec3, length: number): Vec3 {
  const norm = Math.hypot(v[0], v[1], v[2]);
  return norm === 0 ? v : scale(v, length / norm);
}

/**
 * Fills III, aVR, aVL and aVF from I and II in place: III = II − I, aVR = −(I + II)/2, aVL = I − II/2,
 * aVF = II − I/2. Works on Float32Array too, in which case each derived sample is one rounding of the exact value.
 */
export function deriveLimbLeads(
  leadI: ArrayLike<number>,
  leadII: ArrayLike<number>,
  out: {
    III: Float32Array | Float64Array;
    aVR: Float32Array | Float64Array;
    aVL: Float32Array | Float64Array;
    aVF: Float32Array | Float64Array;
  },
): void {
  const n = leadI.length;
  for (let i = 0; i < n; i++) {
    const a = leadI[i] as number;
    const b = leadII[i] as number;
    out.III[i] = b - a;
    out.aVR[i] = -(a + b) / 2;
    out.aVL[i] = a - b / 2;
    out.aVF[i] = b - a / 2;
  }
}

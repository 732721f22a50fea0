/**
 * Compact-support wave lobes: the time courses of the cardiac dipole's components. Each lobe is exactly zero outside
 * [start, start + rise + plateau + fall], so a wave's onset and offset are known to the sample, which is what makes
 * the generator's ground truth (PR, QRS, QT) exact rather than a threshold on a tail.
 */

const HALF_PI = Math.PI / 2;

/** Times in ms relative to the QRS onset of the beat (P-wave lobes start at negative times). */
export interface Lobe {
  start: number;
  /** Duration of the rising edge, ms (> 0). */
  rise: number;
  /** Duration of the flat top, ms (>= 0). */
  plateau: number;
  /** Duration of the falling edge, ms (> 0). */
  fall: number;
  /**
   * Edge shape exponent: the edges are sin^power (rise) and cos^power (fall) of a quarter period; 2 gives a
   * raised-cosine (Hann) edge with zero slope at the ends, values below 2 give steeper onsets and pointier peaks.
   */
  power: number;
}

/** Time (ms, relative to QRS onset) at which the lobe returns to zero for good. */
export function lobeEnd(lobe: Lobe): number {
  return lobe.start + lobe.rise + lobe.plateau + lobe.fall;
}

/** The lobe's value (0–1) at time `t` ms; exactly 0 at and outside its ends. */
export function lobeValue(lobe: Lobe, t: number): number {
  const u = t - lobe.start;
  if (u <= 0) return 0;
  if (u < lobe.rise) return Math.pow(Math.sin((HALF_PI * u) / lobe.rise), lobe.power);
  const v = u - lobe.rise;
  if (v <= lobe.plateau) return 1;
  const w = v - lobe.plateau;
  if (w >= lobe.fall) return 0;
  return Math.pow(Math.cos((HALF_PI * w) / lobe.fall), lobe.power);
}

/** A lobe that starts at `start` and lasts `duration` ms, peaking at the fraction `peakAt` of it, without plateau. */
export function simpleLobe(start: number, duration: number, peakAt: number, power: number): Lobe {
  return { start, rise: duration * peakAt, plateau: 0, fall: duration * (1 - peakAt), power };
}

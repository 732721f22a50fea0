/** Small numeric helpers shared by the lab generators. */

/** Rounds to `decimals` places the way a lab report prints it (half away from zero for positives). */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** Rounds, then clamps to the lab's hard limits (both in the lab's catalogue unit). */
export function report(value: number, decimals: number, limits: readonly [number, number]): number {
  return roundTo(clamp(value, limits[0], limits[1]), decimals);
}

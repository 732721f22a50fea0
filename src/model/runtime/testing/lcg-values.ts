/** Deterministic values in [-2, 2) from a linear congruential generator, so that test failures reproduce. */
export function lcgValues(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = (state / 4294967296) * 4 - 2;
  }
  return out;
}

/**
 * Parameter declarations. Each layer declares its parameters (shape and initialiser, the engine's `ParamSpec`)
 * without allocating them, so a configuration's size can be counted at paper scale (hundreds of millions of weights)
 * without building it; the engine's `initialiseParams(specs, seed)` materialises them, seeded per parameter name.
 */
import { shapeSize } from '../engine/host-tensor';
import type { Initialiser, ParamSpec } from '../engine/initialisers';

/** Parameter declarations by dotted name (`ecg_encoder.stem.0.weight`). */
export type ParamSpecs = Record<string, ParamSpec>;

/** N(0, std²) initialiser. */
export function normalInit(std: number): Initialiser {
  return { kind: 'normal', std };
}

export const ZEROS: Initialiser = { kind: 'zeros' };
export const ONES: Initialiser = { kind: 'ones' };

/**
 * Number of scalar parameters whose name starts with one of the prefixes (all of them when none is given).
 *
 * @param specs - Declarations to count.
 * @param prefixes - Name prefixes such as `ecg_encoder.`.
 */
export function countParams(specs: ParamSpecs, ...prefixes: string[]): number {
  let total = 0;
  for (const [name, spec] of Object.entries(specs)) {
    if (prefixes.length === 0 || prefixes.some((p) => name.startsWith(p))) total += shapeSize(spec.shape);
  }
  return total;
}

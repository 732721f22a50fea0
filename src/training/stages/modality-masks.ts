/**
 * Modality masks of the fusion stage. Training uses modality dropout: half of the samples keep all three modalities,
 * the other half keep one of the six proper non-empty subsets, uniformly, so the model learns to assess any
 * combination (a CXR is often absent at admission) while the full set stays the most common case. An ablation that
 * trains on a fixed subset uses that subset for every sample.
 */
import { MODALITIES, type Modality } from '../../shared';
import { Random } from '../../synth/random';

/** Fraction of training samples that keep every modality. */
export const FULL_MASK_FRACTION = 0.5;

/** The seven non-empty subsets, as [ecg, cxr, labs] 0/1 rows. */
export const NON_EMPTY_SUBSETS: readonly (readonly number[])[] = [1, 2, 3, 4, 5, 6, 7].map((bits) =>
  MODALITIES.map((_, m) => (bits >> m) & 1),
);

/** How masks are drawn for training rows. */
export type MaskPolicy = { kind: 'dropout' } | { kind: 'fixed'; modalities: readonly Modality[] };

/** A [3] mask row of a modality list. */
export function maskOf(modalities: readonly Modality[]): number[] {
  return MODALITIES.map((m) => (modalities.includes(m) ? 1 : 0));
}

/**
 * Masks of `rows` training samples, [rows × 3].
 *
 * @param random - the batch's stream (deterministic per epoch and batch)
 */
export function drawMasks(policy: MaskPolicy, rows: number, random: Random): Float32Array {
  const out = new Float32Array(rows * MODALITIES.length);
  const fixed = policy.kind === 'fixed' ? maskOf(policy.modalities) : undefined;
  const partial = NON_EMPTY_SUBSETS.filter((s) => s.some((v) => v === 0));
  for (let i = 0; i < rows; i++) {
    const row = fixed ?? (random.bernoulli(FULL_MASK_FRACTION) ? [1, 1, 1] : random.pick(partial));
    out.set(row, i * MODALITIES.length);
  }
  return out;
}

/**
 * Fusion of the three projected modality tokens: missing-modality handling, the Modality Perception Layer (MPL) as
 * coded in the paper's MPL.py, and the contribution-aware gates (medtvt-r1.md §1.5).
 *
 * Missing modalities (beyond the paper, which always has all three): `modality_mask [B, 3]` (ecg, cxr, labs;
 * 1 = present). A missing modality's token is replaced by a learned embedding (`fusion.missing`, one row per modality)
 * before the MPL, through a select, so whatever its encoder made of a blank input cannot leak in, not even a NaN;
 * its gate is then forced to 0, so its fused token is 0.
 *
 * MPL, in MODALITIES order E, C, L (the code concatenates C, E, L for the gate; that only permutes W_g's rows):
 *   A₁ = MHA(q = Z_C, k = Z_E, v = Z_L), A₂ = MHA(q = Z_E, k = Z_L, v = Z_C), A₃ = MHA(q = Z_L, k = Z_C, v = Z_E),
 *   one MHA shared by the three cycles; F = (A₁ + A₂ + A₃)/3; M_m = LN(Z_m + s·F), one shared LN, s = 0.01.
 * With one token per modality the softmax runs over a single key and is exactly 1, so each A reduces to
 * W_o(W_v·v + b_v) + b_o and W_q, W_k get no gradient. The MHA is kept general (and exported as such) so that a
 * multi-token variant needs no new code; the reduction costs two small matmuls per cycle.
 *
 * Contribution-aware operator: g = σ(W_g [M_E; M_C; M_L] + b) ∈ (0,1)³, one scalar gate per modality; T_m = g_m·M_m.
 * `modality_weights` = the gates of the present modalities normalised to sum 1 (all zeros when none is present).
 *
 * Ablations: `useCmha = false` → M_m = LN(Z_m); `useCao = false` → g = mask; `fusion = 'concat'` → no MPL, no gates:
 * T_m = Z_m (missing embedding in place), weights = mask / number present.
 */
import { MODALITIES } from '../../shared';
import { layerNorm, layerNormSpecs } from './layers/layer-norm';
import { linear, linearSpecs } from './layers/linear';
import { multiHeadAttention, multiHeadAttentionSpecs } from './layers/multi-head-attention';
import { normalInit, type ParamSpecs } from './param-spec';
import type { PerceptionConfig } from './perception-config';
import type { TensorOps } from './tensor-ops';

const PREFIX = 'fusion';

/** Projected tokens in MODALITIES order, each `[B, d]`. */
export type ModalityTokens<T> = readonly [ecg: T, cxr: T, labs: T];

export interface FusionOutput<T> {
  /** `[B, 3, d]`: gated tokens T_E, T_C, T_L. */
  tokens: T;
  /** `[B, 3]`. */
  modalityWeights: T;
}

export function modalityFusionSpecs(config: PerceptionConfig): ParamSpecs {
  const d = config.projector.dim;
  let specs: ParamSpecs = { [`${PREFIX}.missing`]: { shape: [MODALITIES.length, d], init: normalInit(0.02) } };
  if (config.fusion === 'concat') return specs;
  if (config.useCmha)
    specs = { ...specs, ...multiHeadAttentionSpecs(`${PREFIX}.attention`, { dim: d, heads: config.mpl.heads }) };
  specs = { ...specs, ...layerNormSpecs(`${PREFIX}.norm`, d) };
  if (config.useCao)
    specs = { ...specs, ...linearSpecs(`${PREFIX}.gate`, { inDim: MODALITIES.length * d, outDim: MODALITIES.length }) };
  return specs;
}

/**
 * @param tokens - Projector outputs Z_E, Z_C, Z_L, each `[B, d]`.
 * @param mask - `[B, 3]`, 1 = present.
 */
export function modalityFusion<T>(
  ops: TensorOps<T>,
  config: PerceptionConfig,
  tokens: ModalityTokens<T>,
  mask: T,
): FusionOutput<T> {
  const d = config.projector.dim;
  const present = MODALITIES.map((_, m) => ops.slice(mask, 1, m, m + 1));
  const missing = ops.param(`${PREFIX}.missing`);
  const z = tokens.map((token, m) => ops.select(present[m] as T, token, ops.slice(missing, 0, m, m + 1)));
  let fused: T[];
  let gates: T;
  if (config.fusion === 'concat') {
    fused = z;
    gates = mask;
  } else {
    const shift = config.useCmha
      ? ops.mul(cyclicAttention(ops, config, z), ops.constant([config.mpl.residualScale], []))
      : undefined;
    const m = z.map((token) =>
      layerNorm(
        ops,
        `${PREFIX}.norm`,
        shift === undefined ? token : ops.add(token, shift),
        config.mpl.layerNormEpsilon,
      ),
    );
    gates = config.useCao
      ? ops.select(mask, ops.sigmoid(linear(ops, `${PREFIX}.gate`, ops.concat(m, 1))), ops.constant([0], []))
      : mask;
    fused = m.map((token, i) => ops.mul(token, ops.slice(gates, 1, i, i + 1)));
  }
  const stacked = ops.concat(
    fused.map((token) => ops.reshape(token, [-1, 1, d])),
    1,
  );
  return { tokens: stacked, modalityWeights: normaliseGates(ops, gates, mask) };
}

/** F = mean of the three cyclic MHA outputs, `[B, d]`. */
function cyclicAttention<T>(ops: TensorOps<T>, config: PerceptionConfig, z: readonly T[]): T {
  const d = config.projector.dim;
  const [e, c, l] = z.map((token) => ops.reshape(token, [-1, 1, d])) as [T, T, T];
  const shape = { dim: d, heads: config.mpl.heads };
  const lengths = { query: 1, key: 1 };
  const cycles: [T, T, T][] = [
    [c, e, l],
    [e, l, c],
    [l, c, e],
  ];
  const outputs = cycles.map(([q, k, v]) => multiHeadAttention(ops, `${PREFIX}.attention`, shape, q, k, v, lengths));
  const sum = outputs.reduce((acc, out) => ops.add(acc, out));
  return ops.reshape(ops.mul(sum, ops.constant([1 / cycles.length], [])), [-1, d]);
}

/** Gates over the present modalities, summing to 1; rows with nothing present stay 0 (divided by 1, not 0). */
function normaliseGates<T>(ops: TensorOps<T>, gates: T, mask: T): T {
  const total = ops.reduceSum(gates, [1], true);
  const anyPresent = ops.reduceSum(mask, [1], true);
  return ops.div(gates, ops.select(anyPresent, total, ops.constant([1], [])));
}

/**
 * AdamW (Loshchilov & Hutter 2019; the PyTorch `torch.optim.AdamW` update order), written here because jax-js's
 * optax package is not in the registry:
 *
 *   p ← p − lr·λ·p                      (decoupled weight decay, only where the mask says so)
 *   m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²
 *   p ← p − lr · (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε)
 *
 * The update is pure array code so it traces into the jitted train step; the step-dependent scalars (lr and the two
 * bias corrections) enter as arrays so the compiled step is reused at every step.
 */
import type { Array as JaxArray } from '@jax-js/jax';
import { jaxModule } from './jax-module';
import type { ParamTree } from './param-tree';

export type AdamWConfig = {
  beta1: number;
  beta2: number;
  eps: number;
  /** Decoupled weight decay λ (PyTorch's `weight_decay`), applied as p·(1 − lr·λ). */
  weightDecay: number;
  /**
   * Which parameters decay; defaults to `defaultDecayMask`.
   * @param name - dotted parameter name
   * @param shape - its shape
   */
  decay?: (name: string, shape: readonly number[]) => boolean;
};

/** β1 0.9, β2 0.999, ε 1e-8, λ 0.01: PyTorch's AdamW defaults. */
export const DEFAULT_ADAMW: AdamWConfig = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 };

/**
 * The naming convention for weight decay: a parameter decays when its last name segment is `weight` and it has at
 * least 2 dimensions (Linear [in, out], conv [K, C, O], embeddings), and no segment names a norm (`norm`, `ln`,
 * `bn`…). Biases, LayerNorm/RMSNorm scales and any 1-D vector (gates, cls tokens, scalars) do not decay.
 */
export function defaultDecayMask(name: string, shape: readonly number[]): boolean {
  const segments = name.split('.');
  const last = segments[segments.length - 1];
  if (last !== 'weight' || shape.length < 2) return false;
  return !segments.some((s) => /norm|^ln\d*$|^bn\d*$/i.test(s));
}

/** The paper's recipe (medtvt-r1.md §3): β = (0.9, 0.95), weight decay 0.05, none for biases and norms. */
export const PAPER_ADAMW: AdamWConfig = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.05 };

/** Moments of AdamW, one per parameter; `step` counts updates made. */
export type AdamWState = { m: ParamTree; v: ParamTree; step: number };

/** Step-dependent scalars, as 0-d arrays: learning rate and 1/(1 − β^t) for both moments. */
export type AdamWScalars = { lr: JaxArray; correction1: JaxArray; correction2: JaxArray };

/** Builds the scalars of update number `t` (1-based) at learning rate `lr`. */
export function adamWScalars(config: AdamWConfig, t: number, lr: number): AdamWScalars {
  const { numpy: np } = jaxModule();
  return {
    lr: np.array(lr, { dtype: np.float32 }),
    correction1: np.array(1 / (1 - config.beta1 ** t), { dtype: np.float32 }),
    correction2: np.array(1 / (1 - config.beta2 ** t), { dtype: np.float32 }),
  };
}

/**
 * One AdamW update of every parameter. Consumes params, grads, m, v and the scalars; returns the new trees.
 */
export function adamWUpdate(
  config: AdamWConfig,
  params: ParamTree,
  grads: ParamTree,
  m: ParamTree,
  v: ParamTree,
  scalars: AdamWScalars,
): { params: ParamTree; m: ParamTree; v: ParamTree } {
  const { numpy: np } = jaxModule();
  const decay = config.decay ?? defaultDecayMask;
  const out = { params: {} as ParamTree, m: {} as ParamTree, v: {} as ParamTree };
  for (const name of Object.keys(params)) {
    const p = params[name] as JaxArray;
    const g = grads[name];
    const m0 = m[name];
    const v0 = v[name];
    if (g === undefined || m0 === undefined || v0 === undefined) {
      throw new RangeError(`AdamW: parameter "${name}" has no gradient or moment`);
    }
    const m1 = m0.mul(config.beta1).add(g.ref.mul(1 - config.beta1));
    const v1 = v0.mul(config.beta2).add(np.square(g).mul(1 - config.beta2));
    const mHat = m1.ref.mul(scalars.correction1.ref);
    const vHat = v1.ref.mul(scalars.correction2.ref);
    const stepDir = mHat.div(np.sqrt(vHat).add(config.eps));
    const decayed =
      decay(name, p.shape) && config.weightDecay !== 0 ? p.ref.sub(p.mul(scalars.lr.ref.mul(config.weightDecay))) : p;
    out.params[name] = decayed.sub(stepDir.mul(scalars.lr.ref));
    out.m[name] = m1;
    out.v[name] = v1;
  }
  scalars.lr.dispose();
  scalars.correction1.dispose();
  scalars.correction2.dispose();
  return out;
}

/**
 * Parameter trees: flat records of named arrays (`ecg_encoder.stem.0.weight` → Array), the shape jax-js's grad/jit
 * accept as a pytree. The helpers here own the reference counting so model code does not: conversions copy, and
 * `disposeTree` frees each array exactly once.
 */
import type { Array as JaxArray } from '@jax-js/jax';
import type { HostTensor } from './host-tensor';
import { createHostTensor } from './host-tensor';
import { jaxModule } from './jax-module';

/** Named parameters (or gradients, or optimiser moments) as jax arrays. */
export type ParamTree = Record<string, JaxArray>;

/** Host-side parameters, as stored in checkpoints and model packages. */
export type HostParams = Record<string, HostTensor>;

/** Copies host tensors into a new ParamTree (the caller owns it: dispose with `disposeTree`). */
export function toParamTree(host: HostParams): ParamTree {
  const { numpy: np } = jaxModule();
  const tree: ParamTree = {};
  for (const name of Object.keys(host).sort()) {
    const tensor = host[name] as HostTensor;
    tree[name] = np.array(tensor.data, { shape: tensor.shape, dtype: np.float32 });
  }
  return tree;
}

/** Reads a ParamTree back to the host WITHOUT consuming it. */
export async function fromParamTree(tree: ParamTree): Promise<HostParams> {
  const host: HostParams = {};
  for (const name of Object.keys(tree).sort()) {
    const array = tree[name] as JaxArray;
    const data = await array.ref.data();
    host[name] = createHostTensor(
      array.shape,
      data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>),
    );
  }
  return host;
}

/** A new reference to every array (for passing a tree to a function that consumes it while keeping it). */
export function refTree(tree: ParamTree): ParamTree {
  const out: ParamTree = {};
  for (const [name, array] of Object.entries(tree)) out[name] = array.ref;
  return out;
}

/** Arrays of zeros with the shapes of `tree` (e.g. fresh Adam moments). */
export function zerosLikeTree(tree: ParamTree): ParamTree {
  const { numpy: np } = jaxModule();
  const out: ParamTree = {};
  for (const [name, array] of Object.entries(tree)) out[name] = np.zeros(array.shape, { dtype: np.float32 });
  return out;
}

/**
 * Drops this holder's reference to every array of the tree, once each, and empties the record so that a second call
 * (or a later use) cannot free an array twice.
 */
export function disposeTree(tree: ParamTree): void {
  for (const name of Object.keys(tree)) {
    const array = tree[name] as JaxArray;
    delete tree[name];
    if (array.refCount > 0) array.dispose();
  }
}

/** Number of float32 values in a tree. */
export function countParameters(tree: ParamTree | HostParams): number {
  let n = 0;
  for (const value of Object.values(tree)) n += value.shape.reduce((a: number, b: number) => a * b, 1);
  return n;
}

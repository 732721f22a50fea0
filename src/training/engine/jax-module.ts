/**
 * The one place that loads '@jax-js/jax'. Its wasm backend picks single- or multi-threaded execution when the module is
 * first evaluated, so it must not be imported for its values anywhere before `initEngine` has run: engine code (and
 * model code that wants to stay multi-threaded) reaches jax-js through `jaxModule()`, and imports only types from it.
 */
import { createRequire } from 'node:module';

/** The jax-js namespace (numpy, nn, random, lax, grad, jit, tree…). */
export type JaxModule = typeof import('@jax-js/jax');

const requireHere = createRequire(__filename);
let loaded: JaxModule | undefined;

/** The path the CommonJS build resolves to, for checking whether something else loaded it first. */
export function jaxModulePath(): string {
  return requireHere.resolve('@jax-js/jax');
}

/** True when '@jax-js/jax' is already in the module cache (the backend's threading is then decided). */
export function isJaxLoaded(): boolean {
  return loaded !== undefined || requireHere.cache[jaxModulePath()] !== undefined;
}

/** Loads jax-js (once). */
export function loadJaxModule(): JaxModule {
  loaded ??= requireHere('@jax-js/jax') as JaxModule;
  return loaded;
}

/** The loaded jax-js namespace; throws if `initEngine` has not run yet. */
export function jaxModule(): JaxModule {
  if (loaded === undefined)
    throw new Error('jax-js is not loaded: await initEngine() before using the training engine');
  return loaded;
}

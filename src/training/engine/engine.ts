/**
 * Backend initialisation. The engine is a thin layer over @jax-js/jax on its wasm device; everything model and
 * training code needs from jax-js goes through here, so another backend could replace it behind the same interface.
 */
import { availableParallelism } from 'node:os';
import type { Array as JaxArray } from '@jax-js/jax';
import { createHostTensor, type HostTensor } from './host-tensor';
import { isJaxLoaded, loadJaxModule, type JaxModule } from './jax-module';
import { installNodeWorkerGlobal } from './node-worker-adapter';

/** The initialised training backend. */
export interface Engine {
  /** Which library runs the arrays. */
  readonly backend: 'jax-js';
  /** jax-js device the arrays live on. */
  readonly device: 'wasm';
  /** Worker threads the wasm kernels are split over (1: all on the main thread). */
  readonly threads: number;
  /** Why fewer threads than requested are used, when that happened. */
  readonly fallbackReason: string | undefined;
  /** The jax-js namespace, for model code. */
  readonly jax: JaxModule;
  /** Copies a host tensor into a new float32 array (the caller owns it). */
  toArray(tensor: HostTensor): JaxArray;
  /** Reads an array back to the host, consuming it. */
  toHost(array: JaxArray): Promise<HostTensor>;
}

export interface EngineOptions {
  /** Worker threads for the wasm backend; defaults to the machine's available parallelism. 1 = single-threaded. */
  threads?: number;
  /** Where to say why multi-threading was not used (defaults to console.warn). */
  warn?: (message: string) => void;
}

let current: Engine | undefined;

/**
 * Loads jax-js on its wasm device, multi-threaded through a Node `Worker` adapter when `threads > 1`. The first call
 * decides for the process (jax-js fixes its threading when it loads); later calls return the same engine and warn
 * when they ask for a different thread count.
 */
export async function initEngine(options: EngineOptions = {}): Promise<Engine> {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const requested = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  if (current !== undefined) {
    if (current.threads !== requested) {
      warn(
        `training engine: already initialised with ${current.threads} thread(s); ${requested} requested, kept ${current.threads}`,
      );
    }
    return current;
  }
  let threads = requested;
  let fallbackReason: string | undefined;
  if (threads > 1 && typeof SharedArrayBuffer === 'undefined') fallbackReason = 'SharedArrayBuffer is not available';
  else if (threads > 1 && isJaxLoaded()) fallbackReason = '@jax-js/jax was loaded before initEngine, without workers';
  if (fallbackReason !== undefined) {
    warn(`training engine: running single-threaded: ${fallbackReason}`);
    threads = 1;
  } else if (threads > 1) {
    installNodeWorkerGlobal(threads);
  }
  const jax = loadJaxModule();
  await jax.init('wasm');
  jax.defaultDevice('wasm');
  if (threads > 1) {
    const failure = await probeWorkers(jax);
    if (failure !== undefined) {
      // The backend cannot be reloaded in place; say so instead of hanging on a broken pool.
      throw new Error(`training engine: the wasm worker pool does not answer (${failure}); use threads: 1`);
    }
  }
  current = createEngine(jax, threads, fallbackReason);
  return current;
}

/** The engine `initEngine` created; throws before it. */
export function currentEngine(): Engine {
  if (current === undefined) throw new Error('training engine: await initEngine() first');
  return current;
}

function createEngine(jax: JaxModule, threads: number, fallbackReason: string | undefined): Engine {
  return {
    backend: 'jax-js',
    device: 'wasm',
    threads,
    fallbackReason,
    jax,
    toArray: (tensor) => jax.numpy.array(tensor.data, { shape: tensor.shape, dtype: jax.numpy.float32 }),
    toHost: async (array) => {
      const shape = [...array.shape];
      const data = await array.data();
      return createHostTensor(
        shape,
        data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>),
      );
    },
  };
}

/** Runs one kernel large enough to be split over the pool; returns a reason when it fails or stalls. */
async function probeWorkers(jax: JaxModule): Promise<string | undefined> {
  const probe = jax.numpy.array(new Float32Array(4096).fill(2)).sum();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('no answer within 10 s'), 10_000);
  });
  try {
    const answer = await Promise.race([
      probe.data().then((data) => (data[0] === 8192 ? undefined : `probe sum ${String(data[0])} instead of 8192`)),
      timeout,
    ]);
    return answer;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Seeded parameter initialisers, drawn on the host from our own `Random` (xoshiro128**) so that a seed gives the same
 * values on any backend and any thread count. Each tensor draws from `random.fork(name)`, so adding a parameter does
 * not shift the others.
 */
import { Random } from '../../synth/random';
import { createHostTensor, shapeSize, type HostTensor } from './host-tensor';

/** How to fill one tensor. Fans are taken from Linear [in, out] or conv [K, C, O] layouts (fanIn = K·C, fanOut = K·O). */
export type Initialiser =
  | { kind: 'zeros' }
  | { kind: 'ones' }
  | { kind: 'constant'; value: number }
  | { kind: 'normal'; std: number; mean?: number }
  | { kind: 'truncatedNormal'; std: number }
  | { kind: 'uniform'; low: number; high: number }
  /** Glorot: U(±√(6/(fanIn+fanOut))). */
  | { kind: 'xavierUniform'; gain?: number }
  /** Glorot: N(0, 2/(fanIn+fanOut)). */
  | { kind: 'xavierNormal'; gain?: number }
  /** He for ReLU-family layers: N(0, 2/fanIn). */
  | { kind: 'kaimingNormal' }
  /** He: U(±√(6/fanIn)). */
  | { kind: 'kaimingUniform' };

/** Fan-in and fan-out of a weight: [in, out] for Linear, [K, C, O] for conv1d, [n] treated as in = out = n. */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0] as number, fanOut: shape[0] as number };
  const receptive = shapeSize(shape.slice(0, -2));
  return {
    fanIn: receptive * (shape[shape.length - 2] as number),
    fanOut: receptive * (shape[shape.length - 1] as number),
  };
}

/**
 * Fills a tensor of `shape` as `init` says.
 *
 * @param random - The stream to draw from (use `random.fork(name)` per parameter).
 */
export function initialise(shape: readonly number[], init: Initialiser, random: Random): HostTensor {
  const data = new Float32Array(shapeSize(shape));
  const { fanIn, fanOut } = fans(shape);
  const fillNormal = (std: number, mean = 0) => {
    for (let i = 0; i < data.length; i++) data[i] = random.normal(mean, std);
  };
  const fillUniform = (low: number, high: number) => {
    for (let i = 0; i < data.length; i++) data[i] = random.uniform(low, high);
  };
  switch (init.kind) {
    case 'zeros':
      break;
    case 'ones':
      data.fill(1);
      break;
    case 'constant':
      data.fill(init.value);
      break;
    case 'normal':
      fillNormal(init.std, init.mean ?? 0);
      break;
    case 'truncatedNormal':
      // Cut at ±2σ, as timm's trunc_normal_ for ViT weights.
      for (let i = 0; i < data.length; i++) data[i] = random.truncatedNormal(0, init.std, -2 * init.std, 2 * init.std);
      break;
    case 'uniform':
      fillUniform(init.low, init.high);
      break;
    case 'xavierUniform': {
      const bound = (init.gain ?? 1) * Math.sqrt(6 / (fanIn + fanOut));
      fillUniform(-bound, bound);
      break;
    }
    case 'xavierNormal':
      fillNormal((init.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut)));
      break;
    case 'kaimingNormal':
      fillNormal(Math.sqrt(2 / fanIn));
      break;
    case 'kaimingUniform': {
      const bound = Math.sqrt(6 / fanIn);
      fillUniform(-bound, bound);
      break;
    }
  }
  return createHostTensor(shape, data);
}

/** A parameter to create: its shape and initialiser. */
export type ParamSpec = { shape: number[]; init: Initialiser };

/**
 * Initialises every parameter of a model from one seed; parameter `name` draws from `new Random(seed).fork(name)`.
 *
 * @param specs - Parameter name → shape and initialiser.
 * @param seed - Run seed.
 */
export function initialiseParams(
  specs: Readonly<Record<string, ParamSpec>>,
  seed: number | string,
): Record<string, HostTensor> {
  const root = new Random(seed);
  const params: Record<string, HostTensor> = {};
  for (const name of Object.keys(specs).sort()) {
    const spec = specs[name] as ParamSpec;
    params[name] = initialise(spec.shape, spec.init, root.fork(name));
  }
  return params;
}

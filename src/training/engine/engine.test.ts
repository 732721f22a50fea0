/**
 * The multi-threaded backend (this file's own jest module registry loads jax-js with the Worker adapter), and the
 * seeded initialisers.
 */
import { availableParallelism } from 'node:os';
import { initEngine, type Engine } from './engine';
import { fans, initialiseParams } from './initialisers';

let engine: Engine;
const warnings: string[] = [];
beforeAll(async () => {
  engine = await initEngine({ threads: 2, warn: (m) => warnings.push(m) });
});

describe('initEngine', () => {
  it('runs jax-js on wasm with two worker threads through the Node Worker adapter', () => {
    expect([engine.backend, engine.device, engine.threads, engine.fallbackReason]).toEqual([
      'jax-js',
      'wasm',
      2,
      undefined,
    ]);
    expect(warnings).toEqual([]);
  });

  it('computes a matmul split over the workers exactly as on the host', async () => {
    // 96 × 64 · 64 × 80: large enough for the pool to split it; integers keep float32 sums exact.
    const a = Float32Array.from({ length: 96 * 64 }, (_, i) => (i % 7) - 3);
    const b = Float32Array.from({ length: 64 * 80 }, (_, i) => (i % 5) - 2);
    const expected = new Float32Array(96 * 80);
    for (let r = 0; r < 96; r++)
      for (let c = 0; c < 80; c++)
        for (let k = 0; k < 64; k++) expected[r * 80 + c]! += a[r * 64 + k]! * b[k * 80 + c]!;
    const { numpy: np } = engine.jax;

    const product = await engine.toHost(
      np.matmul(engine.toArray({ shape: [96, 64], data: a }), engine.toArray({ shape: [64, 80], data: b })),
    );

    expect(product.shape).toEqual([96, 80]);
    expect(Array.from(product.data)).toEqual(Array.from(expected));
  });

  it('returns the same engine on a second call and warns when another thread count is asked for', async () => {
    const again = await initEngine({ threads: 1, warn: (m) => warnings.push(m) });

    expect(again).toBe(engine);
    expect(warnings).toEqual(['training engine: already initialised with 2 thread(s); 1 requested, kept 2']);
    expect(availableParallelism()).toBeGreaterThanOrEqual(1);
  });
});

describe('initialiseParams', () => {
  it('gives identical values for the same seed and different ones for another seed', () => {
    const specs = { 'fc.weight': { shape: [64, 32], init: { kind: 'kaimingNormal' as const } } };

    const [a, b, c] = [initialiseParams(specs, 5), initialiseParams(specs, 5), initialiseParams(specs, 6)];

    expect(a['fc.weight']!.data).toEqual(b['fc.weight']!.data);
    expect(a['fc.weight']!.data).not.toEqual(c['fc.weight']!.data);
  });

  it('draws kaiming-normal weights with variance 2 / fanIn and xavier-uniform within ±√(6 / (fanIn + fanOut))', () => {
    const params = initialiseParams(
      {
        'k.weight': { shape: [200, 300], init: { kind: 'kaimingNormal' } },
        'x.weight': { shape: [200, 300], init: { kind: 'xavierUniform' } },
        'n.bias': { shape: [300], init: { kind: 'zeros' } },
      },
      'variance',
    );

    const k = params['k.weight']!.data;
    const variance = k.reduce((s, v) => s + v * v, 0) / k.length;
    // 60,000 draws: the sample variance is within ~1 % (sd of s² / σ² = √(2 / n) ≈ 0.6 %) of 2 / 200.
    expect(Math.abs(variance / (2 / 200) - 1)).toBeLessThan(0.03);
    const bound = Math.sqrt(6 / 500);
    const x = params['x.weight']!.data;
    expect(Math.max(...x)).toBeLessThanOrEqual(bound);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(-bound);
    expect(Math.max(...x)).toBeGreaterThan(bound * 0.99);
    expect(params['n.bias']!.data.every((v) => v === 0)).toBe(true);
  });

  it('takes fans from Linear [in, out] and conv [K, C, O] layouts', () => {
    expect(fans([128, 64])).toEqual({ fanIn: 128, fanOut: 64 });
    expect(fans([7, 12, 32])).toEqual({ fanIn: 84, fanOut: 224 });
  });
});

import { Random } from './random';

describe('Random', () => {
  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());

    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(xs);
  });

  it('forks independent streams that depend only on the seed and the label', () => {
    const parent = new Random('cohort');
    parent.next();

    expect(parent.fork('ecg').next()).toBe(new Random('cohort').fork('ecg').next());
    expect(parent.fork('ecg').next()).not.toBe(parent.fork('cxr').next());
  });

  it('draws uniforms and normals with the right moments', () => {
    const rng = new Random(7);
    const n = 200_000;
    let sumU = 0;
    let sumZ = 0;
    let sumZ2 = 0;
    let outOfRange = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      if (u < 0 || u >= 1) outOfRange++;
      sumU += u;
      const z = rng.normal();
      sumZ += z;
      sumZ2 += z * z;
    }

    expect(outOfRange).toBe(0);
    // Standard errors: uniform mean 0.29/sqrt(n) ≈ 0.0006; normal mean 1/sqrt(n) ≈ 0.0022, variance ≈ 0.0032.
    expect(sumU / n).toBeCloseTo(0.5, 2);
    expect(Math.abs(sumZ / n)).toBeLessThan(0.01);
    expect(Math.abs(sumZ2 / n - 1)).toBeLessThan(0.015);
  });

  it('picks weighted keys in proportion to their weights', () => {
    const rng = new Random(3);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 100_000; i++) counts[rng.weighted({ a: 1, b: 3 })]++;

    expect(counts.b / 100_000).toBeCloseTo(0.75, 2);
  });
});

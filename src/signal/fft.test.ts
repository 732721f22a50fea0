import { createComplexFftPlan, createRealFftPlan } from './fft';

/** The DFT by its definition, O(n²): the independent reference (cos/sin of 2πj/n tabulated once for speed). */
function directDft(re: Float64Array, im: Float64Array): [Float64Array, Float64Array] {
  const n = re.length;
  const cos = Float64Array.from({ length: n }, (_, j) => Math.cos((-2 * Math.PI * j) / n));
  const sin = Float64Array.from({ length: n }, (_, j) => Math.sin((-2 * Math.PI * j) / n));
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let accRe = 0;
    let accIm = 0;
    for (let t = 0; t < n; t++) {
      const j = (k * t) % n;
      accRe += re[t]! * cos[j]! - im[t]! * sin[j]!;
      accIm += re[t]! * sin[j]! + im[t]! * cos[j]!;
    }
    outRe[k] = accRe;
    outIm[k] = accIm;
  }
  return [outRe, outIm];
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, count = a.length): number {
  let worst = 0;
  for (let i = 0; i < count; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

function deterministic(n: number, phase: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => Math.sin(1.3 * i + phase) + ((i * 7) % 5) / 4);
}

// Lengths cover every path: radix 4/2/3/5, generic primes 7 and 11 (2310 = 2·3·5·7·11), Bluestein for primes
// above 61 (97, 1009), and odd real lengths.
const LENGTHS = [1, 2, 3, 5, 6, 8, 12, 15, 16, 25, 49, 60, 97, 100, 128, 250, 1009, 2310];

describe('complex FFT', () => {
  it.each(LENGTHS)('equals the direct DFT and inverts back at length %i', (n) => {
    const re = deterministic(n, 0);
    const im = deterministic(n, 1);
    const [wantRe, wantIm] = directDft(re, im);
    const plan = createComplexFftPlan(n);
    const gotRe = re.slice();
    const gotIm = im.slice();

    plan.forward(gotRe, gotIm);
    const forwardError = Math.max(maxAbsDiff(gotRe, wantRe), maxAbsDiff(gotIm, wantIm));
    plan.inverse(gotRe, gotIm);

    expect(forwardError).toBeLessThan(1e-11 * n);
    expect(
      maxAbsDiff(
        gotRe.map((v) => v / n),
        re,
      ),
    ).toBeLessThan(1e-12);
    expect(
      maxAbsDiff(
        gotIm.map((v) => v / n),
        im,
      ),
    ).toBeLessThan(1e-12);
  });
});

describe('real FFT', () => {
  it.each(LENGTHS)('gives the first ⌊n/2⌋+1 DFT bins and inverts back at length %i', (n) => {
    const x = deterministic(n, 0.5);
    const [wantRe, wantIm] = directDft(x, new Float64Array(n));
    const plan = createRealFftPlan(n);
    const re = new Float64Array(plan.bins);
    const im = new Float64Array(plan.bins);
    const back = new Float64Array(n);

    plan.forward(x, re, im);
    plan.inverse(re, im, back);

    expect(plan.bins).toBe(Math.floor(n / 2) + 1);
    expect(maxAbsDiff(re, wantRe, plan.bins)).toBeLessThan(1e-11 * n);
    expect(maxAbsDiff(im, wantIm, plan.bins)).toBeLessThan(1e-11 * n);
    expect(maxAbsDiff(back, x)).toBeLessThan(1e-12);
  });

  it('ignores the imaginary parts of the DC and Nyquist bins on inversion, as numpy.fft.irfft does', () => {
    // np.fft.irfft([1+5j, 2-1j, 3+7j], 4) == [2, 0, 0, -1] (numpy 2.4.6)
    const plan = createRealFftPlan(4);
    const out = new Float64Array(4);

    plan.inverse(Float64Array.of(1, 2, 3), Float64Array.of(5, -1, 7), out);

    expect(Array.from(out)).toEqual([2, 0, 0, -1].map((v) => expect.closeTo(v, 12)));
  });

  it('rejects a length that is not a positive integer', () => {
    expect(() => createRealFftPlan(0)).toThrow(/positive integer, got 0/);
  });
});

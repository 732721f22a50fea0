/**
 * Discrete Fourier transforms of any length, in plain TypeScript.
 *
 * - Lengths whose prime factors are all small (ECG lengths: 1000 = 2³·5³, 5000 = 2³·5⁴, 38400 = 2⁹·3·5²) run a
 *   mixed-radix Stockham autosort FFT (radix 4, 2, 3, 5 butterflies, a generic butterfly for primes up to 61;
 *   stockham-fft.ts).
 * - Other lengths (a large prime factor) run Bluestein's chirp-z algorithm on a power-of-two FFT, so every length
 *   costs O(n log n).
 * - Real input runs through a half-length complex FFT (even lengths), which halves the work.
 *
 * Conventions follow numpy: the forward transform is unnormalised, X[k] = Σ x[t]·e^(−2πi·kt/n); the inverse real
 * transform divides by n. Plans are cached per length; they own scratch buffers, which is safe because JavaScript
 * runs a transform to completion before starting another.
 */
import { StockhamPlan } from './stockham-fft';

/** A complex DFT of one length, in place on split real/imaginary arrays. */
export interface ComplexFftPlan {
  readonly length: number;
  /** X[k] = Σ x[t]·e^(−2πi·kt/n), unnormalised. */
  forward(re: Float64Array, im: Float64Array): void;
  /** x[t] = Σ X[k]·e^(+2πi·kt/n), unnormalised (the caller divides by n). */
  inverse(re: Float64Array, im: Float64Array): void;
}

/** The DFT of a real signal of one length: the n/2 + 1 non-negative frequency bins (numpy `rfft`/`irfft`). */
export interface RealFftPlan {
  readonly length: number;
  /** Number of bins, ⌊n/2⌋ + 1. */
  readonly bins: number;
  /** Writes the bins of `x` (length n) into `re`/`im` (length `bins`). */
  forward(x: Float64Array, re: Float64Array, im: Float64Array): void;
  /**
   * Writes into `out` (length n) the real signal whose spectrum is `re`/`im`, divided by n as numpy's `irfft` does.
   * As in numpy, the imaginary parts of bin 0 and (for even n) bin n/2 are ignored.
   */
  inverse(re: Float64Array, im: Float64Array, out: Float64Array): void;
}

/** Largest prime factor handled by the generic O(p²) butterfly before switching to Bluestein. */
const MAX_GENERIC_RADIX = 61;

const complexPlans = new Map<number, ComplexFftPlan>();
const realPlans = new Map<number, RealFftPlan>();

/** The (cached) complex FFT plan for length `n` (a positive integer). */
export function createComplexFftPlan(n: number): ComplexFftPlan {
  assertLength(n);
  let plan = complexPlans.get(n);
  if (!plan) {
    const factors = factorise(n);
    plan = factors.every((p) => p <= MAX_GENERIC_RADIX) ? new StockhamPlan(n, factors) : new BluesteinPlan(n);
    complexPlans.set(n, plan);
  }
  return plan;
}

/** The (cached) real FFT plan for length `n` (a positive integer). */
export function createRealFftPlan(n: number): RealFftPlan {
  assertLength(n);
  let plan = realPlans.get(n);
  if (!plan) {
    plan = n % 2 === 0 ? new EvenRealPlan(n) : new OddRealPlan(n);
    realPlans.set(n, plan);
  }
  return plan;
}

function assertLength(n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`FFT length must be a positive integer, got ${n}`);
  }
}

/** Prime factors, radix-4 first (fewer passes), then 2, 3, 5 and any larger primes. */
function factorise(n: number): number[] {
  const factors: number[] = [];
  let rest = n;
  while (rest % 4 === 0) {
    factors.push(4);
    rest /= 4;
  }
  for (let p = 2; p * p <= rest; p += p === 2 ? 1 : 2) {
    while (rest % p === 0) {
      factors.push(p);
      rest /= p;
    }
  }
  if (rest > 1) factors.push(rest);
  return factors;
}

/**
 * Bluestein's algorithm: with kt = (k² + t² − (k−t)²)/2, the DFT becomes a convolution with the chirp
 * e^(iπ·m²/n), done by power-of-two FFTs of length ≥ 2n − 1.
 */
class BluesteinPlan implements ComplexFftPlan {
  private readonly chirpRe: Float64Array;
  private readonly chirpIm: Float64Array;
  private readonly kernelRe: Float64Array;
  private readonly kernelIm: Float64Array;
  private readonly bufRe: Float64Array;
  private readonly bufIm: Float64Array;
  private readonly inner: ComplexFftPlan;

  constructor(readonly length: number) {
    const n = length;
    let m = 1;
    while (m < 2 * n - 1) m *= 2;
    this.inner = createComplexFftPlan(m);
    this.chirpRe = new Float64Array(n);
    this.chirpIm = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      // t² mod 2n keeps the angle small, so the chirp stays accurate for large t.
      const angle = (-Math.PI * ((t * t) % (2 * n))) / n;
      this.chirpRe[t] = Math.cos(angle);
      this.chirpIm[t] = Math.sin(angle);
    }
    this.kernelRe = new Float64Array(m);
    this.kernelIm = new Float64Array(m);
    for (let t = 0; t < n; t++) {
      const re = this.chirpRe[t]!;
      const im = -this.chirpIm[t]!;
      this.kernelRe[t] = re;
      this.kernelIm[t] = im;
      if (t > 0) {
        this.kernelRe[m - t] = re;
        this.kernelIm[m - t] = im;
      }
    }
    this.inner.forward(this.kernelRe, this.kernelIm);
    this.bufRe = new Float64Array(m);
    this.bufIm = new Float64Array(m);
  }

  forward(re: Float64Array, im: Float64Array): void {
    const n = this.length;
    const m = this.inner.length;
    const { bufRe, bufIm, chirpRe, chirpIm, kernelRe, kernelIm } = this;
    bufRe.fill(0);
    bufIm.fill(0);
    for (let t = 0; t < n; t++) {
      const c = chirpRe[t]!;
      const s = chirpIm[t]!;
      bufRe[t] = re[t]! * c - im[t]! * s;
      bufIm[t] = re[t]! * s + im[t]! * c;
    }
    this.inner.forward(bufRe, bufIm);
    for (let k = 0; k < m; k++) {
      const ar = bufRe[k]!;
      const ai = bufIm[k]!;
      bufRe[k] = ar * kernelRe[k]! - ai * kernelIm[k]!;
      bufIm[k] = ar * kernelIm[k]! + ai * kernelRe[k]!;
    }
    this.inner.inverse(bufRe, bufIm);
    for (let k = 0; k < n; k++) {
      const ar = bufRe[k]! / m;
      const ai = bufIm[k]! / m;
      const c = chirpRe[k]!;
      const s = chirpIm[k]!;
      re[k] = ar * c - ai * s;
      im[k] = ar * s + ai * c;
    }
  }

  inverse(re: Float64Array, im: Float64Array): void {
    negate(im, this.length);
    this.forward(re, im);
    negate(im, this.length);
  }
}

/**
 * Real FFT of even length n through one complex FFT of length h = n/2 on z[t] = x[2t] + i·x[2t+1]:
 * X[k] = E[k] + W^k·O[k], where E and O (the spectra of the even and odd samples) are untangled from Z.
 */
class EvenRealPlan implements RealFftPlan {
  readonly bins: number;
  private readonly half: ComplexFftPlan;
  private readonly wRe: Float64Array;
  private readonly wIm: Float64Array;
  private readonly zRe: Float64Array;
  private readonly zIm: Float64Array;

  constructor(readonly length: number) {
    const h = length / 2;
    this.bins = h + 1;
    this.half = createComplexFftPlan(h);
    this.wRe = new Float64Array(h + 1);
    this.wIm = new Float64Array(h + 1);
    for (let k = 0; k <= h; k++) {
      const angle = (-2 * Math.PI * k) / length;
      this.wRe[k] = Math.cos(angle);
      this.wIm[k] = Math.sin(angle);
    }
    this.zRe = new Float64Array(h);
    this.zIm = new Float64Array(h);
  }

  forward(x: Float64Array, re: Float64Array, im: Float64Array): void {
    const h = this.length / 2;
    const { zRe, zIm, wRe, wIm } = this;
    for (let t = 0; t < h; t++) {
      zRe[t] = x[2 * t]!;
      zIm[t] = x[2 * t + 1]!;
    }
    this.half.forward(zRe, zIm);
    for (let k = 0; k <= h; k++) {
      // Z is periodic in h: bin h reads Z[0], and bin 0 pairs with Z[0].
      const a = k === h ? 0 : k;
      const b = k === 0 ? 0 : h - k;
      // E = (Z[k] + conj Z[h−k]) / 2, O = (Z[k] − conj Z[h−k]) / 2i
      const er = 0.5 * (zRe[a]! + zRe[b]!);
      const ei = 0.5 * (zIm[a]! - zIm[b]!);
      const or = 0.5 * (zIm[a]! + zIm[b]!);
      const oi = -0.5 * (zRe[a]! - zRe[b]!);
      re[k] = er + wRe[k]! * or - wIm[k]! * oi;
      im[k] = ei + wRe[k]! * oi + wIm[k]! * or;
    }
    im[0] = 0;
    im[h] = 0;
  }

  inverse(re: Float64Array, im: Float64Array, out: Float64Array): void {
    const h = this.length / 2;
    const { zRe, zIm, wRe, wIm } = this;
    for (let k = 0; k < h; k++) {
      const b = h - k;
      // Bins 0 and h are real in a real signal's spectrum; drop their imaginary parts as numpy does.
      const xkr = re[k]!;
      const xki = k === 0 ? 0 : im[k]!;
      const xbr = re[b]!;
      const xbi = b === h ? 0 : im[b]!;
      // E = (X[k] + conj X[h−k]) / 2, O = (X[k] − conj X[h−k]) / 2 · conj(W^k), Z = E + i·O
      const er = 0.5 * (xkr + xbr);
      const ei = 0.5 * (xki - xbi);
      const dr = 0.5 * (xkr - xbr);
      const di = 0.5 * (xki + xbi);
      const or = dr * wRe[k]! + di * wIm[k]!;
      const oi = di * wRe[k]! - dr * wIm[k]!;
      zRe[k] = er - oi;
      zIm[k] = ei + or;
    }
    this.half.inverse(zRe, zIm);
    for (let t = 0; t < h; t++) {
      out[2 * t] = zRe[t]! / h;
      out[2 * t + 1] = zIm[t]! / h;
    }
  }
}

/** Real FFT of odd length through a full complex FFT (odd lengths are rare for ECGs). */
class OddRealPlan implements RealFftPlan {
  readonly bins: number;
  private readonly full: ComplexFftPlan;
  private readonly bufRe: Float64Array;
  private readonly bufIm: Float64Array;

  constructor(readonly length: number) {
    this.bins = (length - 1) / 2 + 1;
    this.full = createComplexFftPlan(length);
    this.bufRe = new Float64Array(length);
    this.bufIm = new Float64Array(length);
  }

  forward(x: Float64Array, re: Float64Array, im: Float64Array): void {
    this.bufRe.set(x.subarray(0, this.length));
    this.bufIm.fill(0);
    this.full.forward(this.bufRe, this.bufIm);
    re.set(this.bufRe.subarray(0, this.bins));
    im.set(this.bufIm.subarray(0, this.bins));
    im[0] = 0;
  }

  inverse(re: Float64Array, im: Float64Array, out: Float64Array): void {
    const n = this.length;
    const { bufRe, bufIm } = this;
    bufRe[0] = re[0]!;
    bufIm[0] = 0;
    for (let k = 1; k < this.bins; k++) {
      bufRe[k] = re[k]!;
      bufIm[k] = im[k]!;
      bufRe[n - k] = re[k]!;
      bufIm[n - k] = -im[k]!;
    }
    this.full.inverse(bufRe, bufIm);
    for (let t = 0; t < n; t++) out[t] = bufRe[t]! / n;
  }
}

function negate(values: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) values[i] = -values[i]!;
}

/**
 * The mixed-radix Stockham autosort FFT behind createComplexFftPlan, for lengths whose prime factors are all small:
 * each pass of radix p reads elements n/p apart, twiddles them, runs a length-p DFT and writes them to their sorted
 * place in the other buffer, so no bit-reversal pass is needed.
 *
 * Each pass has its own radix-specialised loop and its own twiddle table, laid out in the order the pass reads it
 * (`k·(p−1) + r − 1` holds W_{span·p}^(r·k)), so the inner loop reads twiddles sequentially and makes no call. The
 * values are those of one table e^(−2πi·t/n), read at t = r·k·n/(span·p), so every butterfly computes exactly what
 * a lookup into that table gives. Twiddles equal to 1 (k = 0, and r = 0) are skipped: multiplying by 1 + 0i is exact.
 */
import type { ComplexFftPlan } from './fft';

const SIN_60 = Math.sqrt(3) / 2;
const COS_72 = Math.cos((2 * Math.PI) / 5);
const COS_144 = Math.cos((4 * Math.PI) / 5);
const SIN_72 = Math.sin((2 * Math.PI) / 5);
const SIN_144 = Math.sin((4 * Math.PI) / 5);

/** One radix-p pass over sub-transforms of length `span` already done. */
interface Pass {
  p: number;
  span: number;
  /** W_{span·p}^(r·k) at `k·(p−1) + r − 1`, r = 1..p−1, k = 0..span−1. */
  twRe: Float64Array;
  twIm: Float64Array;
  /** W_p^m at m (generic radix only; empty otherwise). */
  rootRe: Float64Array;
  rootIm: Float64Array;
}

/** A Stockham FFT of one length and factorisation, with its own scratch buffers. */
export class StockhamPlan implements ComplexFftPlan {
  private readonly passes: Pass[];
  private readonly workRe: Float64Array;
  private readonly workIm: Float64Array;
  // Scratch for the generic butterfly.
  private readonly vRe: Float64Array;
  private readonly vIm: Float64Array;

  /**
   * @param length - n
   * @param factors - the radices in pass order, their product n
   */
  constructor(
    readonly length: number,
    factors: readonly number[],
  ) {
    const n = length;
    // e^(−2πi·t/n) for t = 0..n−1: every twiddle is read from this one table.
    const cos = new Float64Array(n);
    const sin = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      const angle = (-2 * Math.PI * t) / n;
      cos[t] = Math.cos(angle);
      sin[t] = Math.sin(angle);
    }
    this.passes = [];
    let span = 1;
    for (const p of factors) {
      const twStep = n / (span * p);
      const twRe = new Float64Array(span * (p - 1));
      const twIm = new Float64Array(span * (p - 1));
      for (let k = 0; k < span; k++) {
        for (let r = 1; r < p; r++) {
          twRe[k * (p - 1) + r - 1] = cos[r * k * twStep]!;
          twIm[k * (p - 1) + r - 1] = sin[r * k * twStep]!;
        }
      }
      const generic = p !== 2 && p !== 3 && p !== 4 && p !== 5;
      const rootRe = new Float64Array(generic ? p : 0);
      const rootIm = new Float64Array(generic ? p : 0);
      for (let m = 0; m < rootRe.length; m++) {
        rootRe[m] = cos[m * (n / p)]!;
        rootIm[m] = sin[m * (n / p)]!;
      }
      this.passes.push({ p, span, twRe, twIm, rootRe, rootIm });
      span *= p;
    }
    this.workRe = new Float64Array(n);
    this.workIm = new Float64Array(n);
    const maxRadix = Math.max(1, ...factors);
    this.vRe = new Float64Array(maxRadix);
    this.vIm = new Float64Array(maxRadix);
  }

  forward(re: Float64Array, im: Float64Array): void {
    const n = this.length;
    let srcRe = re;
    let srcIm = im;
    let dstRe = this.workRe;
    let dstIm = this.workIm;
    for (const pass of this.passes) {
      const { p, span, twRe, twIm } = pass;
      if (p === 4) radix4(n, span, twRe, twIm, srcRe, srcIm, dstRe, dstIm);
      else if (p === 2) radix2(n, span, twRe, twIm, srcRe, srcIm, dstRe, dstIm);
      else if (p === 3) radix3(n, span, twRe, twIm, srcRe, srcIm, dstRe, dstIm);
      else if (p === 5) radix5(n, span, twRe, twIm, srcRe, srcIm, dstRe, dstIm);
      else radixGeneric(n, pass, this.vRe, this.vIm, srcRe, srcIm, dstRe, dstIm);
      [srcRe, dstRe] = [dstRe, srcRe];
      [srcIm, dstIm] = [dstIm, srcIm];
    }
    if (srcRe !== re) {
      re.set(srcRe.subarray(0, n));
      im.set(srcIm.subarray(0, n));
    }
  }

  inverse(re: Float64Array, im: Float64Array): void {
    // IDFT(x) = conj(DFT(conj(x))); negation is exact.
    const n = this.length;
    for (let i = 0; i < n; i++) im[i] = -im[i]!;
    this.forward(re, im);
    for (let i = 0; i < n; i++) im[i] = -im[i]!;
  }
}

// In every pass: inputs of one butterfly are `stride` = n/p apart starting at j = block + k, outputs `span` apart
// starting at d = block·p + k; k = 0 has all twiddles 1.

function radix4(
  n: number,
  span: number,
  twRe: Float64Array,
  twIm: Float64Array,
  srcRe: Float64Array,
  srcIm: Float64Array,
  dstRe: Float64Array,
  dstIm: Float64Array,
): void {
  const stride = n / 4;
  for (let block = 0; block < stride; block += span) {
    const out = block * 4;
    for (let k = 0; k < span; k++) {
      const j = block + k;
      const d = out + k;
      const a0r = srcRe[j]!;
      const a0i = srcIm[j]!;
      let a1r = srcRe[j + stride]!;
      let a1i = srcIm[j + stride]!;
      let a2r = srcRe[j + 2 * stride]!;
      let a2i = srcIm[j + 2 * stride]!;
      let a3r = srcRe[j + 3 * stride]!;
      let a3i = srcIm[j + 3 * stride]!;
      if (k !== 0) {
        const w = 3 * k;
        let c = twRe[w]!;
        let s = twIm[w]!;
        let t = a1r * c - a1i * s;
        a1i = a1r * s + a1i * c;
        a1r = t;
        c = twRe[w + 1]!;
        s = twIm[w + 1]!;
        t = a2r * c - a2i * s;
        a2i = a2r * s + a2i * c;
        a2r = t;
        c = twRe[w + 2]!;
        s = twIm[w + 2]!;
        t = a3r * c - a3i * s;
        a3i = a3r * s + a3i * c;
        a3r = t;
      }
      const t0r = a0r + a2r;
      const t0i = a0i + a2i;
      const t1r = a0r - a2r;
      const t1i = a0i - a2i;
      const t2r = a1r + a3r;
      const t2i = a1i + a3i;
      const t3r = a1r - a3r;
      const t3i = a1i - a3i;
      dstRe[d] = t0r + t2r;
      dstIm[d] = t0i + t2i;
      dstRe[d + span] = t1r + t3i; // t1 − i·t3
      dstIm[d + span] = t1i - t3r;
      dstRe[d + 2 * span] = t0r - t2r;
      dstIm[d + 2 * span] = t0i - t2i;
      dstRe[d + 3 * span] = t1r - t3i; // t1 + i·t3
      dstIm[d + 3 * span] = t1i + t3r;
    }
  }
}

function radix2(
  n: number,
  span: number,
  twRe: Float64Array,
  twIm: Float64Array,
  srcRe: Float64Array,
  srcIm: Float64Array,
  dstRe: Float64Array,
  dstIm: Float64Array,
): void {
  const stride = n / 2;
  for (let block = 0; block < stride; block += span) {
    const out = block * 2;
    for (let k = 0; k < span; k++) {
      const j = block + k;
      const d = out + k;
      const a0r = srcRe[j]!;
      const a0i = srcIm[j]!;
      let a1r = srcRe[j + stride]!;
      let a1i = srcIm[j + stride]!;
      if (k !== 0) {
        const c = twRe[k]!;
        const s = twIm[k]!;
        const t = a1r * c - a1i * s;
        a1i = a1r * s + a1i * c;
        a1r = t;
      }
      dstRe[d] = a0r + a1r;
      dstIm[d] = a0i + a1i;
      dstRe[d + span] = a0r - a1r;
      dstIm[d + span] = a0i - a1i;
    }
  }
}

function radix3(
  n: number,
  span: number,
  twRe: Float64Array,
  twIm: Float64Array,
  srcRe: Float64Array,
  srcIm: Float64Array,
  dstRe: Float64Array,
  dstIm: Float64Array,
): void {
  const stride = n / 3;
  for (let block = 0; block < stride; block += span) {
    const out = block * 3;
    for (let k = 0; k < span; k++) {
      const j = block + k;
      const d = out + k;
      const a0r = srcRe[j]!;
      const a0i = srcIm[j]!;
      let a1r = srcRe[j + stride]!;
      let a1i = srcIm[j + stride]!;
      let a2r = srcRe[j + 2 * stride]!;
      let a2i = srcIm[j + 2 * stride]!;
      if (k !== 0) {
        const w = 2 * k;
        let c = twRe[w]!;
        let s = twIm[w]!;
        let t = a1r * c - a1i * s;
        a1i = a1r * s + a1i * c;
        a1r = t;
        c = twRe[w + 1]!;
        s = twIm[w + 1]!;
        t = a2r * c - a2i * s;
        a2i = a2r * s + a2i * c;
        a2r = t;
      }
      const sr = a1r + a2r;
      const si = a1i + a2i;
      const dr = a1r - a2r;
      const di = a1i - a2i;
      const tr = a0r - 0.5 * sr;
      const ti = a0i - 0.5 * si;
      dstRe[d] = a0r + sr;
      dstIm[d] = a0i + si;
      dstRe[d + span] = tr + SIN_60 * di; // t − i·sin60·(a1 − a2)
      dstIm[d + span] = ti - SIN_60 * dr;
      dstRe[d + 2 * span] = tr - SIN_60 * di;
      dstIm[d + 2 * span] = ti + SIN_60 * dr;
    }
  }
}

function radix5(
  n: number,
  span: number,
  twRe: Float64Array,
  twIm: Float64Array,
  srcRe: Float64Array,
  srcIm: Float64Array,
  dstRe: Float64Array,
  dstIm: Float64Array,
): void {
  const stride = n / 5;
  for (let block = 0; block < stride; block += span) {
    const out = block * 5;
    for (let k = 0; k < span; k++) {
      const j = block + k;
      const d = out + k;
      const a0r = srcRe[j]!;
      const a0i = srcIm[j]!;
      let a1r = srcRe[j + stride]!;
      let a1i = srcIm[j + stride]!;
      let a2r = srcRe[j + 2 * stride]!;
      let a2i = srcIm[j + 2 * stride]!;
      let a3r = srcRe[j + 3 * stride]!;
      let a3i = srcIm[j + 3 * stride]!;
      let a4r = srcRe[j + 4 * stride]!;
      let a4i = srcIm[j + 4 * stride]!;
      if (k !== 0) {
        const w = 4 * k;
        let c = twRe[w]!;
        let s = twIm[w]!;
        let t = a1r * c - a1i * s;
        a1i = a1r * s + a1i * c;
        a1r = t;
        c = twRe[w + 1]!;
        s = twIm[w + 1]!;
        t = a2r * c - a2i * s;
        a2i = a2r * s + a2i * c;
        a2r = t;
        c = twRe[w + 2]!;
        s = twIm[w + 2]!;
        t = a3r * c - a3i * s;
        a3i = a3r * s + a3i * c;
        a3r = t;
        c = twRe[w + 3]!;
        s = twIm[w + 3]!;
        t = a4r * c - a4i * s;
        a4i = a4r * s + a4i * c;
        a4r = t;
      }
      const b1r = a1r + a4r;
      const b1i = a1i + a4i;
      const b2r = a2r + a3r;
      const b2i = a2i + a3i;
      const d1r = a1r - a4r;
      const d1i = a1i - a4i;
      const d2r = a2r - a3r;
      const d2i = a2i - a3i;
      const tar = a0r + COS_72 * b1r + COS_144 * b2r;
      const tai = a0i + COS_72 * b1i + COS_144 * b2i;
      const tbr = a0r + COS_144 * b1r + COS_72 * b2r;
      const tbi = a0i + COS_144 * b1i + COS_72 * b2i;
      const tcr = SIN_72 * d1r + SIN_144 * d2r;
      const tci = SIN_72 * d1i + SIN_144 * d2i;
      const tdr = SIN_144 * d1r - SIN_72 * d2r;
      const tdi = SIN_144 * d1i - SIN_72 * d2i;
      dstRe[d] = a0r + b1r + b2r;
      dstIm[d] = a0i + b1i + b2i;
      dstRe[d + span] = tar + tci; // ta − i·tc
      dstIm[d + span] = tai - tcr;
      dstRe[d + 4 * span] = tar - tci; // ta + i·tc
      dstIm[d + 4 * span] = tai + tcr;
      dstRe[d + 2 * span] = tbr + tdi; // tb − i·td
      dstIm[d + 2 * span] = tbi - tdr;
      dstRe[d + 3 * span] = tbr - tdi; // tb + i·td
      dstIm[d + 3 * span] = tbi + tdr;
    }
  }
}

/** A prime radix p up to the generic limit, as an O(p²) DFT: W_p^(rq) = root[(rq) mod p]. */
function radixGeneric(
  n: number,
  pass: Pass,
  vRe: Float64Array,
  vIm: Float64Array,
  srcRe: Float64Array,
  srcIm: Float64Array,
  dstRe: Float64Array,
  dstIm: Float64Array,
): void {
  const { p, span, twRe, twIm, rootRe, rootIm } = pass;
  const stride = n / p;
  for (let block = 0; block < stride; block += span) {
    const out = block * p;
    for (let k = 0; k < span; k++) {
      const j = block + k;
      const d = out + k;
      vRe[0] = srcRe[j]!;
      vIm[0] = srcIm[j]!;
      for (let r = 1; r < p; r++) {
        const xr = srcRe[j + r * stride]!;
        const xi = srcIm[j + r * stride]!;
        const w = k * (p - 1) + r - 1;
        const c = twRe[w]!;
        const s = twIm[w]!;
        vRe[r] = xr * c - xi * s;
        vIm[r] = xr * s + xi * c;
      }
      for (let q = 0; q < p; q++) {
        let accR = 0;
        let accI = 0;
        for (let r = 0; r < p; r++) {
          const m = (r * q) % p;
          const c = rootRe[m]!;
          const s = rootIm[m]!;
          accR += vRe[r]! * c - vIm[r]! * s;
          accI += vRe[r]! * s + vIm[r]! * c;
        }
        dstRe[d + q * span] = accR;
        dstIm[d + q * span] = accI;
      }
    }
  }
}

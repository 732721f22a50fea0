import { isModelInputError, type ModelInputError } from '../../shared';
import type { PerceptionInput } from '../perception-model';
import { firstNonFinite, validatePerceptionInput } from './validate-perception-input';
import { lcgValues } from './testing/lcg-values';

/** Largest finite float32, (2 − 2⁻²³)·2¹²⁷ (IEEE 754; numpy: `np.finfo(np.float32).max` = 3.4028235e+38). */
const FLT_MAX = 3.4028234663852886e38;
/** Smallest positive subnormal float32, 2⁻¹⁴⁹ (numpy: `np.finfo(np.float32).smallest_subnormal`). */
const FLT_TRUE_MIN = 1.401298464324817e-45;
const SPEC = { ecg: [12, 1000], cxr: [3, 224, 224], labs: [100], modalityMask: [3] };
const BAD_VALUES = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

const values = lcgValues;

function batch(rows: number): PerceptionInput {
  return {
    ecg: { shape: [rows, 12, 1000], data: values(rows * 12_000, 1) },
    cxr: { shape: [rows, 3, 224, 224], data: values(rows * 150_528, 2) },
    labs: { shape: [rows, 100], data: values(rows * 100, 3) },
    modalityMask: { shape: [rows, 3], data: new Float32Array(rows * 3).fill(1) },
  };
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

// Every expected index below is where the test itself put the bad value (by construction), not a value read back
// from the code under test.
describe('firstNonFinite', () => {
  it('finds a NaN, +Infinity or -Infinity at every position of arrays of 1 to 24 values (every loop remainder)', () => {
    for (let length = 1; length <= 24; length++) {
      for (let at = 0; at < length; at++) {
        for (const bad of BAD_VALUES) {
          const data = values(length, length * 31 + at);
          data[at] = bad;

          expect([length, at, bad, firstNonFinite(data)]).toEqual([length, at, bad, at]);
        }
      }
    }
  });

  it('returns -1 for clean arrays of every length from 0 to 24', () => {
    for (let length = 0; length <= 24; length++) {
      expect(firstNonFinite(values(length, length))).toBe(-1);
    }
  });

  it('reports the first of several bad values in a CXR-sized array', () => {
    const data = values(150_528, 9);
    data[150_527] = Number.NaN;
    data[100_003] = Number.NEGATIVE_INFINITY;
    data[77_777] = Number.POSITIVE_INFINITY;

    expect(firstNonFinite(data)).toBe(77_777);
  });

  it('accepts the largest finite float32 in every slot of a CXR-sized array, of either sign, plus subnormals and -0', () => {
    // A float64 sum of 150,528 values of 3.4e38 is 5.1e43, far below the float64 limit of 1.8e308.
    const positive = new Float32Array(150_528).fill(FLT_MAX);
    const negative = new Float32Array(150_528).fill(-FLT_MAX);
    const tiny = new Float32Array([FLT_TRUE_MIN, -FLT_TRUE_MIN, -0, 0, FLT_MAX, -FLT_MAX, 1, -1, FLT_TRUE_MIN]);

    expect(positive[0]).toBe(FLT_MAX);
    expect(tiny[0]).toBe(FLT_TRUE_MIN);
    expect(firstNonFinite(positive)).toBe(-1);
    expect(firstNonFinite(negative)).toBe(-1);
    expect(firstNonFinite(tiny)).toBe(-1);
  });

  it('finds an infinity among the largest finite values of the opposite sign, and a lone bad value between them', () => {
    const data = new Float32Array(1_001).fill(FLT_MAX);
    data[500] = Number.NEGATIVE_INFINITY;
    const mixed = new Float32Array(1_001).fill(FLT_MAX);
    for (let i = 1; i < mixed.length; i += 2) mixed[i] = -FLT_MAX;
    mixed[999] = Number.POSITIVE_INFINITY;

    expect(firstNonFinite(data)).toBe(500);
    expect(firstNonFinite(mixed)).toBe(999);
  });

  it('finds NaNs of any bit pattern (quiet, signalling, negative, with payload) written through an integer view', () => {
    // float32 NaN: exponent bits all ones (0x7f800000) and a non-zero mantissa, any sign (IEEE 754-2008 §3.4).
    for (const bits of [0x7fc00000, 0x7f800001, 0xffc00000, 0xffffffff, 0x7fbfffff]) {
      const data = values(37, bits >>> 20);
      new Uint32Array(data.buffer)[29] = bits;

      expect([bits, firstNonFinite(data)]).toEqual([bits, 29]);
    }
  });

  it('counts indices from the start of a subarray view, not of its buffer', () => {
    const buffer = values(1_000, 4);
    buffer[10] = Number.NaN;
    buffer[700] = Number.NaN;
    const view = buffer.subarray(100, 900);

    expect(firstNonFinite(view)).toBe(600);
  });
});

describe('validatePerceptionInput', () => {
  it('returns the batch size of a clean batch of two rows', () => {
    expect(validatePerceptionInput(batch(2), SPEC)).toBe(2);
  });

  it.each<[string, (input: PerceptionInput) => void, string, string]>([
    [
      'a NaN in the second CXR row',
      (i) => (i.cxr.data[150_528 + 5] = Number.NaN),
      'cxr',
      'NaN at flat index 150533 of [2,3,224,224]',
    ],
    [
      'an Infinity in the last ECG value',
      (i) => (i.ecg.data[23_999] = Number.POSITIVE_INFINITY),
      'ecg',
      'an infinite value at flat index 23999 of [2,12,1000]',
    ],
    [
      'a -Infinity after a NaN in the labs',
      (i) => {
        i.labs.data[150] = Number.NaN;
        i.labs.data[151] = Number.NEGATIVE_INFINITY;
      },
      'labs',
      'NaN at flat index 150 of [2,100]',
    ],
    ['a NaN in the mask', (i) => (i.modalityMask.data[4] = Number.NaN), 'mask', 'NaN at flat index 4 of [2,3]'],
    ['a CXR of the wrong side', (i) => (i.cxr.shape = [2, 3, 224, 225]), 'cxr', 'wrong shape [2,3,224,225]'],
    ['a fractional batch size', (i) => (i.labs.shape = [1.5, 100]), 'labs', 'non-negative integers'],
    ['an empty batch', (i) => (i.ecg = { shape: [0, 12, 1000], data: new Float32Array(0) }), 'ecg', 'empty batch'],
  ])(
    'rejects %s with a ModelInputError naming the input and the cause (the first bad index for a value)',
    (_name, corrupt, modality, text) => {
      const input = batch(2);
      corrupt(input);

      const error = thrown(() => validatePerceptionInput(input, SPEC));

      expect(isModelInputError(error)).toBe(true);
      expect((error as ModelInputError).modality).toBe(modality);
      expect((error as ModelInputError).message).toContain(text);
    },
  );
});

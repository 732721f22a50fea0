import type { EcgRecording } from '../shared';
import { resampleEcg, resampleFft } from './resample';

/** x[i] = sin(0.37 i) + 0.5 cos(1.9 i + 0.3) + 0.01 i, rounded to float32 as the golden script also did. */
function testSignal(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(0.37 * i) + 0.5 * Math.cos(1.9 * i + 0.3) + 0.01 * i);
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[], atol = 1e-6, rtol = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i]!;
    const got = actual[i]!;
    if (!(Math.abs(got - want) <= atol + rtol * Math.abs(want))) {
      throw new Error(`index ${i}: got ${got}, expected ${want} (atol ${atol}, rtol ${rtol})`);
    }
  }
}

// Golden values: SciPy 1.17.1, `scipy.signal.resample(x, num)` with
// x = np.float32(np.sin(0.37*i) + 0.5*np.cos(1.9*i + 0.3) + 0.01*i).astype(np.float64), i = np.arange(n),
// printed with '%.9g'.
describe('resampleFft against scipy.signal.resample', () => {
  it('down-samples an even length to an odd length (16 → 7)', () => {
    const expected = [-0.128562218, 0.795172461, 1.02882929, 0.64146009, -0.149103047, -0.772648115, -0.788668814];

    expectClose(resampleFft(testSignal(16), 7), expected);
  });

  it('down-samples an even length to an even length, doubling the unpaired bin (16 → 6)', () => {
    const expected = [-0.128562218, 0.89353951, 0.952531423, 0.276790069, -0.627696671, -0.829619559];

    expectClose(resampleFft(testSignal(16), 6), expected);
  });

  it('up-samples an even length, halving the unpaired bin (16 → 24)', () => {
    const expected = [
      0.477668256, 0.346039448, -0.0530807509, 0.406875938, 1.20090382, 1.41875785, 1.01287973, 0.567848601,
      0.694371086, 1.18036366, 1.15722078, 0.438674564, -0.228630468, -0.227956064, 0.137136493, 0.0202907864,
      -0.703016834, -1.22798733, -1.0659759, -0.546988788, -0.358813355, -0.850248218, -1.19669774, -0.451705329,
    ];

    expectClose(resampleFft(testSignal(16), 24), expected);
  });

  it('down-samples an odd length (15 → 6)', () => {
    const expected = [-0.00394693747, 0.79171788, 1.03714158, 0.414603655, -0.419714939, -0.866325931];

    expectClose(resampleFft(testSignal(15), 6), expected);
  });

  it('up-samples an odd length (15 → 40)', () => {
    const expected = [
      0.477668256, 0.59408028, 0.322116173, -0.0196326573, -0.0816702215, 0.240361959, 0.764356287, 1.20871928,
      1.40578377, 1.36285374, 1.17498834, 0.928159187, 0.690715412, 0.552348524, 0.607689384, 0.864993303, 1.18036366,
      1.32165871, 1.13667618, 0.67866321, 0.168725001, -0.17149827, -0.263753028, -0.178879334, -0.0368228629,
      0.0744347427, 0.0933132616, -0.0495545167, -0.399384595, -0.885153816, -1.28831351, -1.36719699, -1.0659759,
      -0.607334646, -0.339670745, -0.441557689, -0.750277007, -0.892625724, -0.618276835, -0.0345882888,
    ];

    expectClose(resampleFft(testSignal(15), 40), expected);
  });

  it('up-samples correctly right after a larger down-sampling, whose spectrum could linger in reused buffers', () => {
    // Same SciPy golden as 16 → 24 above; the 200 → 60 call first fills 31 output bins, of which 16 → 24 uses 13.
    const expected = [
      0.477668256, 0.346039448, -0.0530807509, 0.406875938, 1.20090382, 1.41875785, 1.01287973, 0.567848601,
      0.694371086, 1.18036366, 1.15722078, 0.438674564, -0.228630468, -0.227956064, 0.137136493, 0.0202907864,
      -0.703016834, -1.22798733, -1.0659759, -0.546988788, -0.358813355, -0.850248218, -1.19669774, -0.451705329,
    ];

    resampleFft(testSignal(200), 60);

    expectClose(resampleFft(testSignal(16), 24), expected);
  });

  it('returns the signal unchanged when the length is kept (9 → 9)', () => {
    const expected = [
      0.477668256, 0.0773648769, 0.406875938, 1.40578377, 1.01287973, 0.546062052, 1.18036366, 0.849896312,
      -0.228630468,
    ];

    expectClose(resampleFft(testSignal(9), 9), expected);
  });

  it.each([
    // [n, num, indices, values at those indices]
    [5000, 1000, [0, 1, 333, 500, 999], [20.542651, -3.40103663, 16.9400524, 25.9746476, 55.0178183]],
    [1000, 5000, [0, 1, 1666, 2500, 4999], [0.477668256, -0.496028925, 2.81416754, 5.36250734, 2.00176313]],
    // 1009 is prime: the Bluestein path.
    [1009, 250, [0, 1, 83, 125, 249], [4.32232245, 0.0923781677, 2.3596186, 4.08506358, 11.8203323]],
    [38400, 10000, [0, 1, 3333, 5000, 9999], [142.509026, -31.2720585, 127.074319, 191.23777, 416.515558]],
  ])('matches at ECG lengths (%i → %i)', (n, num, indices, expected) => {
    const y = resampleFft(testSignal(n), num);

    expect(y).toHaveLength(num);
    expectClose(
      indices.map((i) => y[i]!),
      expected,
      1e-5,
      1e-6,
    );
  });

  it('reads NaN samples as 0 before resampling, as np.nan_to_num does, instead of spreading NaN', () => {
    const x = testSignal(12);
    x[3] = Number.NaN;
    // scipy.signal.resample(np.nan_to_num(x), 8)
    const expected = [
      0.0775318196, 0.227004571, 0.36714292, 0.671044515, 1.16797863, 0.214412169, 0.00855567906, -0.557825622,
    ];

    expectClose(resampleFft(x, 8), expected);
  });

  it('rejects an empty signal and a non-integer target length', () => {
    expect(() => resampleFft(new Float32Array(0), 10)).toThrow(/input signal is empty/);
    expect(() => resampleFft(testSignal(10), 2.5)).toThrow(/positive integer, got 2.5/);
    expect(() => resampleFft(testSignal(10), 0)).toThrow(/positive integer, got 0/);
  });
});

describe('resampleEcg', () => {
  const recording: EcgRecording = {
    samplingRateHz: 500,
    leads: [
      { name: 'I', samples: testSignal(5000) },
      { name: 'V1', samples: testSignal(5000).map((v) => -v) },
    ],
    recordedAt: '2020-01-01T00:00:00',
    provenance: { source: 'file', references: ['test'] },
  };

  it('keeps the duration and the lead names and sets the new rate', () => {
    const result = resampleEcg(recording, 100);

    expect(result.samplingRateHz).toBe(100);
    expect(result.leads.map((lead) => lead.name)).toEqual(['I', 'V1']);
    expect(result.leads.map((lead) => lead.samples.length)).toEqual([1000, 1000]);
    expect(result.recordedAt).toBe('2020-01-01T00:00:00');
    expect(result.provenance).toEqual(recording.provenance);
  });

  it('resamples each lead as resampleFft does (golden value from scipy, 5000 → 1000, index 500)', () => {
    const result = resampleEcg(recording, 100);

    expect(result.leads[0]!.samples[500]).toBeCloseTo(25.9746476, 4);
    expect(result.leads[1]!.samples[500]).toBeCloseTo(-25.9746476, 4);
  });

  it('rounds the sample count when the rate ratio is not exact (500 Hz × 5000 → 360 Hz × 3600)', () => {
    const result = resampleEcg(recording, 360);

    expect(result.leads[0]!.samples).toHaveLength(3600);
  });

  it('rejects a non-positive target rate', () => {
    expect(() => resampleEcg(recording, 0)).toThrow(/positive number of Hz, got 0/);
  });
});

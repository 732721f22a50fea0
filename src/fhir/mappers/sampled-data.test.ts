import { decodeSampledData } from './sampled-data';

const at = { resource: 'Observation/x', field: 'valueSampledData' };

describe('decodeSampledData', () => {
  it('applies origin + factor × raw and keeps the origin code as the unit', () => {
    const decoded = decodeSampledData(
      { origin: { value: -5, unit: 'microvolt', code: 'uV' }, period: 4, factor: 2.5, dimensions: 1, data: '0 2 -4' },
      at,
    );

    // Hand computation: -5 + 2.5 × [0, 2, -4] = [-5, 0, -15]
    expect(Array.from(decoded.channels[0] ?? [])).toEqual([-5, 0, -15]);
    expect([decoded.periodMs, decoded.periodField, decoded.unit]).toEqual([4, 'period', 'uV']);
  });

  it('de-interleaves three dimensions', () => {
    const decoded = decodeSampledData({ origin: { value: 0 }, period: 1, dimensions: 3, data: '1 2 3 4 5 6' }, at);

    expect(decoded.channels.map((c) => Array.from(c))).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(decoded.unit).toBeUndefined();
  });

  it('names the element that is wrong', () => {
    const base = { origin: { value: 0 }, period: 1, dimensions: 1, data: '1 2' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, period: undefined }, 'valueSampledData.period: is missing (neither R4 period nor R5 interval'],
      [{ ...base, period: 0 }, 'valueSampledData.period: must be a positive number of milliseconds'],
      [{ ...base, period: undefined, interval: 1 }, 'valueSampledData.intervalUnit: is missing'],
      [{ ...base, period: undefined, interval: 1, intervalUnit: 'min' }, "valueSampledData.intervalUnit: 'min' is not"],
      [{ ...base, origin: {} }, 'valueSampledData.origin.value: is missing or not a number'],
      [{ ...base, factor: 'x' }, 'valueSampledData.factor: is not a number'],
      [{ ...base, dimensions: 0 }, 'valueSampledData.dimensions: must be a positive integer'],
      [
        { ...base, dimensions: 2, data: '1 2 3' },
        'valueSampledData.data: holds 3 values, not a multiple of dimensions (2)',
      ],
      [{ ...base, data: ' ' }, 'valueSampledData.data: is missing or empty'],
      [{ ...base, data: '1 0x10' }, 'valueSampledData.data: value 2 of 2 is not a number, E, L or U'],
    ];

    for (const [value, message] of cases) {
      expect(() => decodeSampledData(value, at)).toThrow(`Observation/x ${message}`);
    }
  });
  it('reads every decimal form of the spec exactly as a correctly rounded parse does', () => {
    const tokens = [
      '+7',
      '-0.25',
      '.5',
      '3.',
      '1.5e3',
      '-2E-2',
      '+4e+1',
      '0.1',
      '0.000123456789012345',
      '123456789012345678901234',
      '9.999999999999999e22',
      '1e-30',
      '2.5e300',
    ];

    const decoded = decodeSampledData({ origin: { value: 0 }, period: 1, data: tokens.join(' ') }, at);

    // Python 3 `[float(t) for t in tokens]` (correctly rounded decimal → double), independent of our scanner; the
    // last three exercise the slow path (over 15 digits, power of ten beyond ±22).
    expect(Array.from(decoded.channels[0] ?? [])).toEqual([
      7, -0.25, 0.5, 3, 1500, -0.02, 40, 0.1, 0.000123456789012345, 1.2345678901234569e23, 1e23, 1e-30, 2.5e300,
    ]);
  });

  it('turns E, L and U into NaN and scales the rest, across any whitespace', () => {
    const data = '\n 1\tE\r\nL  2\u00a0U\u20030.1 ';

    const decoded = decodeSampledData({ origin: { value: -5 }, period: 1, factor: 2.5, data }, at);

    // Hand computation: -5 + 2.5 × [1, NaN, NaN, 2, NaN, 0.1]; Python: -5 + 2.5 * 0.1 == -4.75
    expect(Array.from(decoded.channels[0] ?? [])).toEqual([-2.5, NaN, NaN, 0, NaN, -4.75]);
  });

  it('rejects tokens that only look like numbers, naming their position', () => {
    const bad = ['1e', '1e+', '.', '-', 'E1', 'e', '1.2.3', '1e999', 'NaN', 'Infinity', '1,5'];

    for (const token of bad) {
      const data = `1 2 ${token} 4`;

      expect(() => decodeSampledData({ origin: { value: 0 }, period: 1, data }, at)).toThrow(
        'Observation/x valueSampledData.data: value 3 of 4 is not a number, E, L or U',
      );
    }
  });

  it('reports a count that does not fit the dimensions before a bad token', () => {
    const value = { origin: { value: 0 }, period: 1, dimensions: 2, data: 'x 1 2' };

    expect(() => decodeSampledData(value, at)).toThrow('valueSampledData.data: holds 3 values, not a multiple');
  });

  it('decodes a long lead of several thousand values into the same length', () => {
    // 5000 samples of k mod 7 − 3, as a 10 s lead at 500 Hz holds; the values follow from the formula.
    const raw = Array.from({ length: 5000 }, (_, k) => (k % 7) - 3);

    const decoded = decodeSampledData({ origin: { value: 0 }, period: 2, factor: 0.5, data: raw.join(' ') }, at);

    expect(decoded.channels[0]?.length).toBe(5000);
    expect(Array.from(decoded.channels[0] ?? [])).toEqual(raw.map((r) => 0.5 * r));
  });
});

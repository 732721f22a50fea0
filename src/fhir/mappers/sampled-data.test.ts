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
});

import { sampledDataContentKey, type KeyedSampledData } from './sampled-data-content-key';

function leadI(overrides: Record<string, unknown> = {}): KeyedSampledData {
  return {
    names: ['I'],
    value: {
      origin: { value: 0, unit: 'mV' },
      period: 2,
      factor: 0.001,
      dimensions: 1,
      data: '100 -250 17',
      ...overrides,
    },
  };
}

describe('sampledDataContentKey', () => {
  it('is the SHA-1 of the typed tokens of each element, the data text last', () => {
    const key = sampledDataContentKey([leadI()], undefined);

    // python3: hashlib.sha1(b'ecg-sampled-data|u;1' + b'|1:I|rn0;u;s2:mVn2;u;u;n0.001;n1;u;u;s11:' + b'100 -250 17')
    //   .hexdigest(), the token layout written out by hand from the file's comment (u; undefined, nX; a number,
    //   sLEN:TEXT a string, r an origin object; then period, interval, intervalUnit, factor, dimensions, limits)
    expect(key).toBe('a91c01b8b4787ed526a8c0c061f3ef7b02885fe7');
  });

  it('changes when one digit of the data changes', () => {
    const base = sampledDataContentKey([leadI()], undefined);

    const changed = sampledDataContentKey([leadI({ data: '100 -251 17' })], undefined);

    expect(changed).not.toBe(base);
  });

  it('is the same for the same elements whatever else the resource says', () => {
    const a = leadI({ extension: [{ url: 'http://example.org/x', valueString: 'a' }] });

    expect(sampledDataContentKey([a], undefined)).toBe(sampledDataContentKey([leadI()], undefined));
  });

  it('changes with each element the decoding reads, the limits, the lead names and the assumed unit', () => {
    const variants: [KeyedSampledData[], string | undefined][] = [
      [[leadI()], undefined],
      [[leadI()], 'uV'],
      [[{ ...leadI(), names: ['II'] }], undefined],
      [[leadI({ origin: { value: 1, unit: 'mV' } })], undefined],
      [[leadI({ origin: { value: 0, code: 'mV' } })], undefined],
      [[leadI({ origin: { value: 0, unit: 'uV' } })], undefined],
      [[leadI({ period: 4 })], undefined],
      [[leadI({ period: undefined, interval: 2, intervalUnit: 'ms' })], undefined],
      [[leadI({ factor: 0.002 })], undefined],
      [[leadI({ factor: undefined })], undefined],
      [[leadI({ factor: null })], undefined],
      [[leadI({ factor: '0.001' })], undefined],
      [[leadI({ dimensions: 3 })], undefined],
      [[leadI({ lowerLimit: -3300 })], undefined],
      [[leadI({ upperLimit: 3300 })], undefined],
      [[leadI(), leadI()], undefined],
    ];

    const keys = variants.map(([entries, unit]) => sampledDataContentKey(entries, unit));

    expect(new Set(keys).size).toBe(variants.length);
  });

  it('keeps the boundary between two elements: moving a value from one data text to the next changes the key', () => {
    const split = (a: string, b: string) => [leadI({ data: a }), leadI({ data: b })];

    expect(sampledDataContentKey(split('1 2', '3'), undefined)).not.toBe(
      sampledDataContentKey(split('1', '2 3'), undefined),
    );
  });
});

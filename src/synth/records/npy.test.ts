import { encodeNpyFloat32 } from './npy';

describe('encodeNpyFloat32', () => {
  it('writes the same bytes as numpy.save for a small float32 array', () => {
    const data = Float32Array.from([0, 1.5, -2, 1e-3, Number.NaN, 3.25]);

    const bytes = encodeNpyFloat32(data, [2, 3]);

    // numpy 2.4.6: b = io.BytesIO(); np.save(b, np.array([0, 1.5, -2, 1e-3, nan, 3.25], '<f4').reshape(2, 3));
    // b.getvalue().hex() — a 128-byte header (magic, v1.0, dict padded with spaces and '\n'), then 6 × 4 bytes.
    const expected =
      '934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c2027' +
      '7368617065273a2028322c2033292c207d2020202020202020202020202020202020202020202020202020202020202020202020' +
      '20202020202020202020202020202020202020202020200a000000000000c03f000000c06f12833a0000c07f00005040';
    expect(Buffer.from(bytes).toString('hex')).toBe(expected);
  });

  it('aligns the data of a [12, 5000] ECG on 64 bytes and writes a 1-tuple shape with its comma', () => {
    const ecg = encodeNpyFloat32(new Float32Array(12 * 5000), [12, 5000]);
    const vector = encodeNpyFloat32(new Float32Array(7), [7]);

    const headerLength = (b: Uint8Array): number => (b[8] as number) | ((b[9] as number) << 8);
    const headerText = (b: Uint8Array): string => Buffer.from(b.subarray(10, 10 + headerLength(b))).toString('latin1');
    // numpy 2.4.6 np.save of zeros((12, 5000), '<f4') is 240128 bytes: 128 header + 240000 data.
    expect(ecg.length).toBe(240128);
    expect((10 + headerLength(ecg)) % 64).toBe(0);
    expect(headerText(ecg)).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(12, 5000\), \} *\n$/);
    expect(headerText(vector)).toContain("'shape': (7,)");
  });

  it('refuses a shape that does not match the data', () => {
    expect(() => encodeNpyFloat32(new Float32Array(5), [2, 3])).toThrow(/shape \(2, 3\) does not hold 5 values/);
  });
});

import { isFormatError } from '../../shared';
import { readWfdbAnnotations, wfdbAnnotationSymbol } from './wfdb-annotations';

/** Little-endian 16-bit words, as annot(5) stores them. */
function words(...values: number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 2);
  values.forEach((value, i) => {
    bytes[2 * i] = value & 0xff;
    bytes[2 * i + 1] = value >> 8;
  });
  return bytes;
}

/** A word with type code `type` (6 bits) and value `value` (10 bits). */
const w = (type: number, value: number): number => (type << 10) | value;

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    expect(isFormatError(error)).toBe(true);
    return error as Error;
  }
  throw new Error('expected a FormatError, nothing was thrown');
}

describe('readWfdbAnnotations on hand-made files', () => {
  it('accumulates the 10-bit intervals into sample numbers and stops at the 0 word', () => {
    const bytes = words(w(1, 100), w(5, 1023), w(8, 0), 0, w(1, 5));

    const annotations = readWfdbAnnotations(bytes);

    expect(annotations.map((a) => [a.sample, a.code, a.symbol])).toEqual([
      [100, 1, 'N'],
      [1123, 5, 'V'],
      [1123, 8, 'A'],
    ]);
  });

  it('adds a SKIP interval (high word first, each word little-endian), negative ones too', () => {
    // SKIP 70000 = 0x0001_1170, then N at +10; SKIP -5 = 0xFFFF_FFFB, then N at +0.
    const bytes = words(w(59, 0), 0x0001, 0x1170, w(1, 10), w(59, 0), 0xffff, 0xfffb, w(1, 0), 0);

    const annotations = readWfdbAnnotations(bytes);

    expect(annotations.map((a) => a.sample)).toEqual([70010, 70005]);
  });

  it('applies SUB to one annotation and carries NUM and CHN over to the ones that follow, until changed', () => {
    const bytes = words(w(1, 1), w(61, 3), w(62, 1), w(60, 7), w(5, 1), w(1, 1), w(62, 0), w(1, 1), 0);

    const annotations = readWfdbAnnotations(bytes);

    expect(annotations.map(({ subtype, channel, num }) => ({ subtype, channel, num }))).toEqual([
      { subtype: 3, channel: 1, num: 7 },
      { subtype: 0, channel: 1, num: 7 },
      { subtype: 0, channel: 0, num: 7 },
      { subtype: 0, channel: 0, num: 7 },
    ]);
  });

  it('reads AUX text of odd and even length, skipping the pad byte and trailing NULs', () => {
    // '(AFIB' is 5 bytes + 1 pad; '(N\0' + 1 pad; 'ab' is 2 bytes, no pad.
    const aux = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));
    const head = words(w(28, 10), w(63, 5));
    const bytes = Uint8Array.from([
      ...head,
      ...aux('(AFIB'),
      0,
      ...words(w(28, 10), w(63, 3)),
      ...aux('(N'),
      0,
      0,
      ...words(w(22, 1), w(63, 2)),
      ...aux('ab'),
      ...words(w(1, 1), 0),
    ]);

    const annotations = readWfdbAnnotations(bytes);

    expect(annotations.map((a) => [a.sample, a.symbol, a.aux])).toEqual([
      [10, '+', '(AFIB'],
      [20, '+', '(N'],
      [21, '"', 'ab'],
      [22, 'N', undefined],
    ]);
  });

  it('accepts a file without the 0 terminator', () => {
    expect(readWfdbAnnotations(words(w(1, 5), w(1, 5))).map((a) => a.sample)).toEqual([5, 10]);
  });

  it('names the byte offset when the file ends inside a word, a SKIP or an AUX string', () => {
    expect(thrown(() => readWfdbAnnotations(Uint8Array.of(0x05, 0x04, 0x05), 'x.atr')).message).toMatch(
      /x\.atr: byte 2: file ends inside a 16-bit annotation word/,
    );
  });

  it.each([
    ['a SKIP interval', words(w(1, 1), w(59, 0), 0x0001)],
    ['a 9-byte AUX string', Uint8Array.from([...words(w(1, 1), w(63, 9)), 40, 78])],
  ])('rejects a file that ends inside %s', (what, bytes) => {
    expect(thrown(() => readWfdbAnnotations(bytes, 'x.atr')).message).toContain(`byte 2: file ends inside ${what}`);
  });

  it('rejects a modifier word that has no annotation to modify', () => {
    expect(thrown(() => readWfdbAnnotations(words(w(63, 0)), 'x.atr')).message).toContain(
      'byte 0: modifier word (type 63) before any annotation',
    );
  });

  it('prints codes without a WFDB mnemonic as [n]', () => {
    expect([wfdbAnnotationSymbol(0), wfdbAnnotationSymbol(15), wfdbAnnotationSymbol(41)]).toEqual([' ', '[15]', 'r']);
    expect(wfdbAnnotationSymbol(45)).toBe('[45]');
  });
});

import { readWfdbAnnotations } from '../../../src/formats/wfdb/index';
import { describeWithSharedData, readSharedBytes } from '../../support/shared-data';

/**
 * MIT-BIH Arrhythmia Database record 100, reference beat annotations (`100.atr`).
 *
 * Expected values, obtained without this code:
 * - Beat counts from the database directory (PhysioNet, MIT-BIH Arrhythmia Database Directory, record 100):
 *   2239 normal beats, 33 APCs, 1 PVC, 2273 beats in all.
 * - Sample numbers, types and subtypes from WFDB's own `rdann -r 100 -a atr` output, as wfdb-python keeps it in
 *   tests/target-output/ann-1 (columns: time, sample, type, subtype, chan, num, aux).
 * - The first words decoded by hand (python, struct.unpack('<8H', first 16 bytes)):
 *     0x7012  A 28 (RHYTHM '+'), I 18      → sample 18
 *     0xFC03  A 63 (AUX), I 3              → 3 bytes follow: 28 4E 00 = '(N' + NUL, then 1 pad byte (00)
 *     0x043B  A 1 (NORMAL 'N'), I 59       → sample 77
 *     0x0525  A 1, I 293                   → sample 370
 *   and the only pseudo-codes in the file are that AUX (byte 2) and one SUB = 1 at byte 3822, after the PVC.
 */
describeWithSharedData('readWfdbAnnotations on MIT-BIH record 100', () => {
  const annotations = readWfdbAnnotations(readSharedBytes('ecg-formats', 'wfdb-python', '100.atr'), '100.atr');

  it('counts the beats the MIT-BIH directory lists: 2239 N, 33 A, 1 V, 2273 in all', () => {
    const count = (symbol: string): number => annotations.filter((a) => a.symbol === symbol).length;
    const beats = annotations.filter((a) => a.symbol !== '+');

    expect([count('N'), count('A'), count('V'), beats.length]).toEqual([2239, 33, 1, 2273]);
    expect(count('+')).toBe(1);
  });

  it('starts with the rhythm annotation "+" at sample 18 whose aux is "(N"', () => {
    expect(annotations[0]).toEqual({ sample: 18, code: 28, symbol: '+', subtype: 0, channel: 0, num: 0, aux: '(N' });
  });

  it('places beats at the samples rdann prints, with the PVC carrying subtype 1', () => {
    const at = (sample: number) => annotations.find((a) => a.sample === sample);

    expect(annotations.slice(1, 4).map((a) => [a.sample, a.symbol])).toEqual([
      [77, 'N'],
      [370, 'N'],
      [662, 'N'],
    ]);
    expect([2044, 66792, 99579, 562812].map((sample) => at(sample)?.symbol)).toEqual(['A', 'A', 'A', 'A']);
    expect(at(546792)).toMatchObject({ symbol: 'V', code: 5, subtype: 1, channel: 0, num: 0 });
    expect(at(547199)).toMatchObject({ symbol: 'N', subtype: 0 });
    expect(annotations.at(-1)).toMatchObject({ sample: 649991, symbol: 'N' });
  });
});

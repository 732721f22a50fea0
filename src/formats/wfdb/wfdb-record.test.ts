import { readdirSync } from 'node:fs';
import { isFormatError } from '../../shared';
import {
  describeWithSharedData,
  readSharedBytes,
  readSharedText,
  sharedDataPath,
} from '../../../test/support/shared-data';
import { readWfdbRecord, type WfdbRecord } from './wfdb-record';

function expectClose(actual: ArrayLike<number>, expected: readonly number[], atol = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i]! - expected[i]!) <= atol)) {
      throw new Error(`index ${i}: got ${actual[i]}, expected ${expected[i]} (atol ${atol})`);
    }
  }
}

/** Sample `t` of every signal. */
function frame(record: WfdbRecord, t: number): number[] {
  return record.signals.map((signal) => signal.samples[t]!);
}

function readShared(folder: string[], headerName: string, dataNames: string[]): WfdbRecord {
  const files = Object.fromEntries(dataNames.map((name) => [name, readSharedBytes(...folder, name)]));
  return readWfdbRecord(readSharedText(...folder, headerName), files, headerName);
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    expect(isFormatError(error)).toBe(true);
    return error as Error;
  }
  throw new Error('expected a FormatError, nothing was thrown');
}

describe('readWfdbRecord on hand-made files', () => {
  it('decodes format 212 pairs and an odd last value as header(5)/signal(5) define them', () => {
    // Values 1, -1, 2047, -2048 (invalid), 100 packed by hand: [01 F0 FF] [FF 87 00] [64 00].
    const header = 'r 1 100 5\nr.dat 212 100(0)/mV 12 0 0 0 0 ECG\n';
    const bytes = Uint8Array.of(0x01, 0xf0, 0xff, 0xff, 0x87, 0x00, 0x64, 0x00);

    const record = readWfdbRecord(header, { 'r.dat': bytes });

    expectClose(record.signals[0]!.samples.slice(0, 3), [0.01, -0.01, 20.47]);
    expect(record.signals[0]!.samples[3]).toBeNaN();
    expect(record.signals[0]!.samples[4]).toBeCloseTo(1, 6);
  });

  it('interleaves format 16 signals, marks -32768 as NaN and converts uV and V to mV', () => {
    // Frames (a, b): (100, -32768), (-200, 3); little-endian int16.
    const header = 'r 2 500 2\nr.dat 16 10(0)/uV 16 0 0 0 0 I\nr.dat 16 2(1)/V 16 0 0 0 0 II\n';
    const bytes = new Uint8Array(new Int16Array([100, -32768, -200, 3]).buffer);

    const record = readWfdbRecord(header, { 'r.dat': bytes });

    expect(record.signals.map((s) => s.units)).toEqual(['mV', 'mV']);
    expectClose(record.signals[0]!.samples, [0.01, -0.02]); // (adc − 0) / 10 µV → mV
    expect(record.signals[1]!.samples[0]).toBeNaN();
    expect(record.signals[1]!.samples[1]).toBeCloseTo(1000, 6); // (3 − 1) / 2 V → mV
  });

  it('keeps non-voltage units and infers the sample count from the file when the header has none', () => {
    const header = 'r 1 125\nr.dat 16 1(0)/mmHg 16 0 0 0 0 ABP\n';
    const bytes = new Uint8Array(new Int16Array([80, 120, 95]).buffer);

    const record = readWfdbRecord(header, { 'r.dat': bytes });

    expect(record.samplesPerSignal).toBe(3);
    expect(record.signals[0]).toMatchObject({ name: 'ABP', units: 'mmHg' });
    expectClose(record.signals[0]!.samples, [80, 120, 95]);
  });

  it('turns base time and date into an ISO date-time', () => {
    const header = 'r 1 100 1 9:05:07 01/10/1990\nr.dat 16\n';

    const record = readWfdbRecord(header, { 'r.dat': new Uint8Array(2) });

    expect(record.recordedAt).toBe('1990-10-01T09:05:07');
  });

  it('names the file and both sizes when a .dat file is shorter than the header needs', () => {
    const header = '00001_hr 12 500 5000\n' + '00001_hr.dat 16 1000.0(0)/mV 16 0 0 0 0 I\n'.repeat(12);

    const error = thrown(() => readWfdbRecord(header, { '00001_hr.dat': new Uint8Array(1000) }, '00001_hr.hea'));

    expect(error.message).toBe('WFDB 00001_hr.hea: file 00001_hr.dat is 1000 bytes, header needs 120000');
  });

  it('names the signal and the format when the format is not supported', () => {
    const header = 'r 4 500 10\nr.dat 16\nr.dat 16\nr.dat 16\nr.dat 310\n';

    const error = thrown(() => readWfdbRecord(header, { 'r.dat': new Uint8Array(80) }, 'r.hea'));

    expect(error.message).toBe('WFDB r.hea: signal 3: unsupported format 310 (16 and 212 are read)');
  });

  it('names a signal file that was not provided', () => {
    const error = thrown(() => readWfdbRecord('r 1 500 10\nr.dat 16\n', {}, 'r.hea'));

    expect(error.message).toBe('WFDB r.hea: signal file r.dat named by the header was not provided');
  });

  it('rejects samples per frame and skew rather than misaligning the signals', () => {
    const files = { 'r.dat': new Uint8Array(40) };

    expect(() => readWfdbRecord('r 1 500 10\nr.dat 16x2\n', files)).toThrow('signal 0: 2 samples per frame');
    expect(() => readWfdbRecord('r 1 500 10\nr.dat 16:1\n', files)).toThrow('signal 0: skew 1 is not supported');
  });

  it('reads a samples × signals MAT matrix (signal-major) as well as the usual signals × samples one', () => {
    // 3 × 2 int16 matrix [[1, 10], [2, 20], [3, 30]] stored column-major after a 24-byte header named "val".
    const bytes = new Uint8Array(24 + 12);
    const view = new DataView(bytes.buffer);
    [30, 3, 2, 0, 4].forEach((v, i) => view.setInt32(4 * i, v, true));
    bytes.set([0x76, 0x61, 0x6c, 0], 20);
    [1, 2, 3, 10, 20, 30].forEach((v, i) => view.setInt16(24 + 2 * i, v, true));
    const header = 'm 2 100 3\nm.mat 16+24 1/mV 16 0 0 0 0 I\nm.mat 16+24 1/mV 16 0 0 0 0 II\n';

    const record = readWfdbRecord(header, { 'm.mat': bytes });

    expectClose(record.signals[0]!.samples, [1, 2, 3]);
    expectClose(record.signals[1]!.samples, [10, 20, 30]);
  });

  it('rejects a MAT file whose data offset disagrees with the WFDB header', () => {
    const bytes = new Uint8Array(24 + 4);
    const view = new DataView(bytes.buffer);
    [30, 1, 2, 0, 4].forEach((v, i) => view.setInt32(4 * i, v, true));
    const header = 'm 1 100 2\nm.mat 16+32 1/mV 16 0 0 0 0 I\n';

    const error = thrown(() => readWfdbRecord(header, { 'm.mat': bytes }, 'm.hea'));

    expect(error.message).toBe(
      'WFDB m.hea: file m.mat: header byte offset 32 disagrees with the MAT header (data at byte 24)',
    );
  });
});

const PTBXL = ['ptb-xl', 'records500', '00000'];
const PTBXL_LEADS = ['I', 'II', 'III', 'AVR', 'AVL', 'AVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

describeWithSharedData('readWfdbRecord on real records', () => {
  it('reads all 79 PTB-XL 500 Hz records with 12 leads × 5000 samples whose ADC sums match the header checksums', () => {
    const names = readdirSync(sharedDataPath(...PTBXL))
      .filter((file) => file.endsWith('_hr.hea'))
      .map((file) => file.slice(0, -4));
    const mismatches: string[] = [];

    for (const name of names) {
      const headerText = readSharedText(...PTBXL, `${name}.hea`);
      const record = readShared(PTBXL, `${name}.hea`, [`${name}.dat`]);
      expect([record.samplingRateHz, record.samplesPerSignal, record.signals.length]).toEqual([500, 5000, 12]);
      expect(record.signals.map((s) => s.name)).toEqual(PTBXL_LEADS);
      // The checksum (7th field of each signal line, written by the PTB-XL tools) is the 16-bit sum of the ADC
      // values; gain 1000 and baseline 0 give ADC = round(mV × 1000).
      const checksums = headerText
        .split('\n')
        .slice(1, 13)
        .map((line) => Number(line.split(/\s+/)[6]));
      record.signals.forEach((signal, s) => {
        let sum = 0;
        for (const v of signal.samples) sum += Math.round(v * 1000);
        if ((((sum - checksums[s]!) % 65536) + 65536) % 65536 !== 0) mismatches.push(`${name} ${signal.name}`);
      });
    }

    expect(names).toHaveLength(79);
    expect(mismatches).toEqual([]);
  });

  it.each([
    // numpy: a = np.fromfile('NNNNN_hr.dat', '<i2').reshape(5000, 12).T / 1000, columns 0, 1234, 2500, 3777, 4999.
    [
      '00001_hr',
      {
        0: [-0.115, -0.05, 0.065, 0.082, -0.09, 0.007, -0.065, -0.04, -0.005, -0.035, -0.035, -0.075],
        1234: [-0.06, 0.014, 0.074, 0.023, -0.068, 0.044, 0.025, 0.01, 0, -0.02, -0.02, 0.019],
        2500: [-0.1, -0.07, 0.03, 0.085, -0.065, -0.02, 0.05, 0.045, -0.015, -0.045, -0.055, -0.085],
        3777: [-0.031, -0.053, -0.022, 0.042, -0.004, -0.037, -0.001, -0.011, -0.028, -0.037, -0.024, -0.036],
        4999: [0.21, 0.205, -0.005, -0.207, 0.107, 0.1, 0.075, 0.225, 0.175, 0.185, 0.17, 0.18],
      },
    ],
    [
      '00009_hr',
      {
        0: [-0.12, -0.085, 0.035, 0.102, -0.077, -0.025, -0.39, -0.55, -0.485, -0.35, -0.25, -0.045],
        1234: [-0.071, -0.095, -0.024, 0.083, -0.023, -0.059, 0.004, -0.09, -0.115, -0.065, -0.06, -0.055],
        2500: [-0.02, 0.025, 0.045, -0.003, -0.033, 0.035, -0.02, 0.095, 0.085, 0.045, 0.065, 0.04],
        3777: [0.021, -0.019, -0.04, -0.001, 0.031, -0.029, -0.02, -0.025, -0.081, -0.042, -0.032, -0.055],
        4999: [0.17, 0.155, -0.015, -0.162, 0.092, 0.07, 0.175, 0.21, 0.14, 0.14, 0.13, 0.07],
      },
    ],
    [
      '00489_hr',
      {
        0: [-0.26, 0.08, 0.34, 0.09, -0.3, 0.21, 0.195, 0.59, 0.24, 0.085, -0.475, -0.095],
        1234: [-0.063, -0.048, 0.015, 0.055, -0.039, -0.016, 0.035, -0.08, 0.145, 0.08, 0.039, -0.024],
        2500: [0.005, 0.115, 0.11, -0.06, -0.053, 0.112, 0.02, 0, 0.045, -0.035, 0.08, 0.1],
        3777: [-0.059, -0.02, 0.039, 0.039, -0.049, 0.009, 0.11, 0.134, 0.13, 0.063, 0.115, 0.045],
        4999: [-0.105, -0.025, 0.08, 0.065, -0.092, 0.027, 0.2, 0.285, 0.215, 0.095, -0.15, -0.245],
      },
    ],
  ])('reads PTB-XL %s sample values equal to numpy on the raw bytes', (name, frames) => {
    const record = readShared(PTBXL, `${name}.hea`, [`${name}.dat`]);

    for (const [t, expected] of Object.entries(frames)) expectClose(frame(record, Number(t)), expected);
  });

  it('reads MIT-BIH 100 (format 212): 2 signals MLII and V5, 360 Hz, 650000 samples, values as numpy unpacks them', () => {
    const folder = ['ecg-formats', 'wfdb-python'];

    const record = readShared(folder, '100.hea', ['100.dat']);

    expect([record.samplingRateHz, record.samplesPerSignal]).toEqual([360, 650000]);
    expect(record.signals.map((s) => [s.name, s.units])).toEqual([
      ['MLII', 'mV'],
      ['V5', 'mV'],
    ]);
    // numpy: bytes reshaped (-1, 3); v0 = b0 | (b1 & 0x0f) << 8, v1 = b2 | (b1 & 0xf0) << 4, sign-extended from 12
    // bits, interleaved (MLII, V5); physical = (adc − 1024) / 200. ADC checksums −22131 and 20052 match the header.
    expectClose(frame(record, 0), [-0.145, -0.065]);
    expectClose(frame(record, 100000), [-0.425, -0.345]);
    expectClose(frame(record, 649999), [-1.28, 0]);
    expect(record.comments).toEqual(['unnecessary comment', '69 M 1085 1629 x1', 'Aldomet, Inderal']);
  });

  it('reads PTB s0010_re: 15 signals over .dat and .xyz, 1000 Hz, 38400 samples, mV by default', () => {
    const folder = ['ecg-formats', 'wfdb-python'];

    const record = readShared(folder, 's0010_re.hea', ['s0010_re.dat', 's0010_re.xyz']);

    expect([record.samplingRateHz, record.samplesPerSignal, record.signals.length]).toEqual([1000, 38400, 15]);
    expect(record.signals.map((s) => s.name)).toEqual('i ii iii avr avl avf v1 v2 v3 v4 v5 v6 vx vy vz'.split(' '));
    expect(new Set(record.signals.map((s) => s.units))).toEqual(new Set(['mV']));
    // numpy: .dat reshaped (38400, 12), .xyz reshaped (38400, 3), divided by the gain 2000.
    expectClose(
      frame(record, 0),
      [
        -0.2445, -0.229, 0.0155, 0.237, -0.13, -0.107, -0.044, -0.1205, -0.056, 0.106, 0.1965, 0.195, -0.0015, 0.06,
        -0.009,
      ],
    );
    expectClose(
      frame(record, 1000),
      [
        -0.1055, -0.2565, -0.151, 0.181, 0.023, -0.204, 0.1535, 0.205, 0.229, 0.1595, 0.1, 0.0625, -0.0285, -0.032,
        -0.0645,
      ],
    );
    expectClose(
      frame(record, 38399),
      [
        0.135, 0.2585, 0.1245, -0.197, 0.0055, 0.1915, -0.092, 0.082, 0.059, -0.084, -0.1245, -0.1665, 0.081, 0.049,
        0.029,
      ],
    );
    expect(record.comments).toContain('Reason for admission: Myocardial infarction');
  });

  it('reads the Chapman-Shaoxing record JS00001 from its MAT v4 file with the values scipy.io.loadmat gives', () => {
    const folder = ['ecg-formats', 'ecg-image-kit'];

    const record = readShared(folder, 'JS00001.hea', ['JS00001.mat']);

    expect([record.samplingRateHz, record.samplesPerSignal]).toEqual([500, 5000]);
    expect(record.signals.map((s) => s.name)).toEqual('I II III aVR aVL aVF V1 V2 V3 V4 V5 V6'.split(' '));
    // scipy.io.loadmat('JS00001.mat')['val'] (12 × 5000 int16) / 1000, columns 0, 1234, 2500, 3777, 4999.
    expectClose(
      frame(record, 0),
      [-0.254, 0.264, 0.517, -0.005, -0.386, 0.39, -0.098, -0.312, -0.098, 0.81, 0.81, 0.527],
    );
    expectClose(
      frame(record, 1234),
      [-0.102, 0.068, 0.171, 0.02, -0.137, 0.117, 0.215, 0.386, 0.044, -0.063, -0.063, -1.249],
    );
    expectClose(frame(record, 2500), [-0.102, -0.049, 0.054, 0.078, -0.078, 0, 0.22, 0.059, 0.063, 0.015, 0.02, 0.503]);
    expectClose(
      frame(record, 3777),
      [0.093, 0.098, 0.005, -0.093, 0.044, 0.049, 0.063, 0.029, -0.249, -0.02, -0.024, -0.366],
    );
    expectClose(
      frame(record, 4999),
      [0.005, -0.034, -0.039, 0.015, 0.02, -0.039, 0.005, 0.605, 0.142, -0.171, -0.166, 0.112],
    );
    expect(record.comments).toContain('Dx: 164889003,59118001,164934002');
  });

  it('reads PTB-XL 00001 at 100 Hz: 12 leads × 1000 samples with the values numpy reads', () => {
    const folder = ['ecg-formats', 'ecg-image-kit'];

    const record = readShared(folder, '00001_lr.hea', ['00001_lr.dat']);

    expect([record.samplingRateHz, record.samplesPerSignal, record.signals.length]).toEqual([100, 1000, 12]);
    // numpy: np.fromfile('00001_lr.dat', '<i2').reshape(1000, 12).T / 1000, columns 0, 1, 500, 999.
    expectClose(
      frame(record, 0),
      [-0.119, -0.055, 0.064, 0.086, -0.091, 0.004, -0.069, -0.031, 0, -0.026, -0.039, -0.079],
    );
    expectClose(
      frame(record, 1),
      [-0.116, -0.051, 0.065, 0.083, -0.09, 0.006, -0.064, -0.036, -0.003, -0.031, -0.034, -0.074],
    );
    expectClose(
      frame(record, 500),
      [-0.075, -0.059, 0.016, 0.067, -0.046, -0.021, 0.051, 0.053, -0.014, -0.046, -0.054, -0.083],
    );
    expectClose(
      frame(record, 999),
      [0.022, -0.031, -0.054, 0.005, 0.038, -0.042, -0.001, 0.107, -0.149, 0.143, -0.035, -0.12],
    );
  });
});

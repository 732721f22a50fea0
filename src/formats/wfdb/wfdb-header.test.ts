import { isFormatError } from '../../shared';
import { parseWfdbHeader } from './wfdb-header';

// Expected values are read off the header texts by eye, with the defaults of PhysioNet header(5).
describe('parseWfdbHeader', () => {
  it('reads a PTB-XL header: gain with baseline in parentheses and units', () => {
    const text = [
      '00001_hr 12 500 5000',
      '00001_hr.dat 16 1000.0(0)/mV 16 0 -115 13047 0 I',
      ...Array.from({ length: 10 }, () => '00001_hr.dat 16 1000.0(0)/mV 16 0 0 0 0 X'),
      '00001_hr.dat 16 1000.0(0)/mV 16 0 -75 12159 0 V6',
    ].join('\n');

    const header = parseWfdbHeader(text, '00001_hr.hea');

    expect(header).toMatchObject({
      recordName: '00001_hr',
      signalCount: 12,
      samplingRateHz: 500,
      samplesPerSignal: 5000,
      comments: [],
    });
    expect(header.signals[0]).toEqual({
      fileName: '00001_hr.dat',
      format: 16,
      samplesPerFrame: 1,
      skew: 0,
      byteOffset: 0,
      adcGain: 1000,
      baseline: 0,
      units: 'mV',
      adcResolution: 16,
      adcZero: 0,
      initialValue: -115,
      checksum: 13047,
      blockSize: 0,
      description: 'I',
    });
    expect(header.signals[11]?.description).toBe('V6');
  });

  it('takes the baseline from the ADC zero when the gain field has none (MIT-BIH 100)', () => {
    const text =
      '# unnecessary comment\n100 2 360 650000\n100.dat 212 200 11 1024 995 -22131 0 MLII\n\n' +
      '100.dat 212 200 11 1024 1011 20052 0 V5\n# 69 M 1085 1629 x1\n# Aldomet, Inderal\n';

    const header = parseWfdbHeader(text);

    expect(header.signals.map((s) => [s.format, s.adcGain, s.baseline, s.adcZero, s.adcResolution, s.units])).toEqual([
      [212, 200, 1024, 1024, 11, 'mV'],
      [212, 200, 1024, 1024, 11, 'mV'],
    ]);
    expect(header.signals.map((s) => s.description)).toEqual(['MLII', 'V5']);
    expect(header.comments).toEqual(['unnecessary comment', '69 M 1085 1629 x1', 'Aldomet, Inderal']);
  });

  it('reads a byte offset after the format (16+24) and comments without a space after #', () => {
    const text =
      'JS00001 1 500 5000\r\nJS00001.mat 16+24 1000/mV 16 0 -254 21756 0 I\r\n#Age: 85\r\n#Dx: 164889003\r\n';

    const header = parseWfdbHeader(text);

    expect(header.signals[0]).toMatchObject({ format: 16, byteOffset: 24, adcGain: 1000, baseline: 0, units: 'mV' });
    expect(header.comments).toEqual(['Age: 85', 'Dx: 164889003']);
  });

  it('reads samples per frame, skew, counter frequency, base time and date, and a description with spaces', () => {
    const text =
      'rec 1 250/1000(5) 10 12:30:45.5 02/03/2004\nrec.dat 16x2:3+512 200(-10)/uV 12 2048 7 99 0 Lead I raw\n';

    const header = parseWfdbHeader(text);

    expect(header).toMatchObject({
      samplingRateHz: 250,
      counterFrequencyHz: 1000,
      baseCounterValue: 5,
      samplesPerSignal: 10,
      baseTime: '12:30:45.5',
      baseDate: '02/03/2004',
    });
    expect(header.signals[0]).toMatchObject({
      samplesPerFrame: 2,
      skew: 3,
      byteOffset: 512,
      adcGain: 200,
      baseline: -10,
      units: 'uV',
      adcZero: 2048,
      initialValue: 7,
      description: 'Lead I raw',
    });
  });

  it('fills in the specification defaults for a minimal header', () => {
    const header = parseWfdbHeader('rec 1\nrec.dat 212\n');

    expect(header.samplingRateHz).toBe(250);
    expect(header.samplesPerSignal).toBeUndefined();
    expect(header.signals[0]).toEqual({
      fileName: 'rec.dat',
      format: 212,
      samplesPerFrame: 1,
      skew: 0,
      byteOffset: 0,
      adcGain: 200,
      baseline: 0,
      units: 'mV',
      adcResolution: 12,
      adcZero: 0,
      initialValue: 0,
      blockSize: 0,
      description: '',
    });
  });

  it.each([
    ['', 'WFDB x.hea: header has no record line'],
    ['rec\n', 'WFDB x.hea: record line: needs at least a record name and a signal count'],
    ['rec 2 500 10\nrec.dat 16\n', 'WFDB x.hea: record line declares 2 signals but the header has 1 signal lines'],
    ['rec/3 2 500 10\n', 'WFDB x.hea: record line: multi-segment records ("rec/3") are not supported'],
    ['rec 1 fast\nrec.dat 16\n', 'WFDB x.hea: record line: sampling frequency "fast" is not a positive number'],
    ['rec 1 500 -3\nrec.dat 16\n', 'WFDB x.hea: record line: number of samples "-3" is not a non-negative integer'],
    [
      'rec 1 500\nrec.dat 16+x\n',
      'WFDB x.hea: signal 0: format "16+x" is not of the form format[xspf][:skew][+offset]',
    ],
    [
      'rec 1 500\nrec.dat 16 mV/1000\n',
      'WFDB x.hea: signal 0: gain "mV/1000" is not of the form gain[(baseline)][/units]',
    ],
    ['rec 1 500\nrec.dat 16 200 16 0.5\n', 'WFDB x.hea: signal 0: ADC zero "0.5" is not an integer'],
  ])('rejects a malformed header (%j) with a message naming the field', (text, message) => {
    let caught: unknown;
    try {
      parseWfdbHeader(text, 'x.hea');
    } catch (error) {
      caught = error;
    }

    expect(isFormatError(caught)).toBe(true);
    expect((caught as Error).message).toBe(message);
  });
});

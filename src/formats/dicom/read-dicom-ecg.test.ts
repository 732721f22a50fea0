import { isFormatError } from '../../shared/index';
import { isDicomEcg } from './is-dicom-ecg';
import { readDicomEcg } from './read-dicom-ecg';
import { writeDicomPart10, type DicomTestElement } from './testing/write-dicom-part10';

const TWELVE_LEAD = '1.2.840.10008.5.1.4.1.1.9.1.1';
const GENERAL_ECG = '1.2.840.10008.5.1.4.1.1.9.1.2';

interface ChannelSpec {
  code: string;
  scheme: string;
  meaning: string;
  sensitivity?: string;
  unit?: string;
  correction?: string;
  baseline?: string;
}

function code(prefixTag: string, value: string, scheme: string, meaning: string): DicomTestElement {
  return {
    tag: prefixTag,
    vr: 'SQ',
    items: [
      [
        { tag: '00080100', vr: 'SH', value },
        { tag: '00080102', vr: 'SH', value: scheme },
        { tag: '00080104', vr: 'LO', value: meaning },
      ],
    ],
  };
}

function channel(spec: ChannelSpec): DicomTestElement[] {
  return [
    code('003A0208', spec.code, spec.scheme, spec.meaning),
    ...(spec.sensitivity === undefined ? [] : [{ tag: '003A0210', vr: 'DS', value: spec.sensitivity } as const]),
    ...(spec.unit === undefined ? [] : [code('003A0211', spec.unit, 'UCUM', spec.unit)]),
    ...(spec.correction === undefined ? [] : [{ tag: '003A0212', vr: 'DS', value: spec.correction } as const]),
    ...(spec.baseline === undefined ? [] : [{ tag: '003A0213', vr: 'DS', value: spec.baseline } as const]),
  ];
}

interface GroupSpec {
  label: string;
  channels: ChannelSpec[];
  samples: number;
  interpretation?: 'SS' | 'SB' | 'MB';
  /** Interleaved stored values, sample-major. */
  data: number[];
  padding?: number;
}

function group(spec: GroupSpec): DicomTestElement[] {
  const eightBit = spec.interpretation === 'SB' || spec.interpretation === 'MB';
  const bytes = new Uint8Array(spec.data.length * (eightBit ? 1 : 2));
  const view = new DataView(bytes.buffer);
  spec.data.forEach((value, i) => (eightBit ? view.setInt8(i, value) : view.setInt16(i * 2, value, true)));
  const padding = new Uint8Array(2);
  if (spec.padding !== undefined) new DataView(padding.buffer).setInt16(0, spec.padding, true);
  return [
    { tag: '003A0005', vr: 'US', value: [spec.channels.length] },
    { tag: '003A0010', vr: 'UL', value: [spec.samples] },
    { tag: '003A001A', vr: 'DS', value: '500' },
    { tag: '003A0020', vr: 'SH', value: spec.label },
    { tag: '003A0200', vr: 'SQ', items: spec.channels.map(channel) },
    { tag: '54001004', vr: 'US', value: [eightBit ? 8 : 16] },
    { tag: '54001006', vr: 'CS', value: spec.interpretation ?? 'SS' },
    ...(spec.padding === undefined ? [] : [{ tag: '5400100A', vr: 'OW', value: padding } as const]),
    { tag: '54001010', vr: eightBit ? 'OB' : 'OW', value: bytes },
  ];
}

function ecgFile(groups: GroupSpec[], extra: DicomTestElement[] = [], sopClassUid = TWELVE_LEAD): Uint8Array {
  return writeDicomPart10([...extra, { tag: '54000100', vr: 'SQ', items: groups.map(group) }], { sopClassUid });
}

const LEAD_I: ChannelSpec = {
  code: '5.6.3-9-1',
  scheme: 'SCPECG',
  meaning: 'Lead I (Einthoven)',
  sensitivity: '1',
  unit: 'uV',
};

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error: unknown) {
    return error;
  }
  return undefined;
}

describe('readDicomEcg', () => {
  it('reads the RHYTHM group even when a MEDIAN BEAT group comes first', () => {
    const bytes = ecgFile([
      { label: 'MEDIAN BEAT', channels: [LEAD_I], samples: 2, data: [7, 7] },
      { label: 'RHYTHM', channels: [LEAD_I], samples: 3, data: [1000, 2000, -500] },
    ]);

    const recording = readDicomEcg(bytes, 'synthetic.dcm');

    expect(recording.samplingRateHz).toBe(500);
    expect(Array.from(recording.leads[0]?.samples ?? [])).toEqual([1, 2, -0.5]);
  });

  it('applies sensitivity in mV, the correction factor and the baseline', () => {
    // 100 × 0.005 mV × 2 + 0.1 mV = 1.1 mV; −50 × 0.01 + 0.1 = −0.4 mV (PS3.3 C.10.9.1.4.3).
    const lead: ChannelSpec = { ...LEAD_I, sensitivity: '0.005', unit: 'mV', correction: '2', baseline: '0.1' };
    const bytes = ecgFile([{ label: 'RHYTHM', channels: [lead], samples: 2, data: [100, -50] }]);

    const samples = readDicomEcg(bytes).leads[0]?.samples ?? new Float32Array();

    expect(samples[0]).toBeCloseTo(1.1, 6);
    expect(samples[1]).toBeCloseTo(-0.4, 6);
  });

  it('names leads from MDC codes and skips channels that are not one of the twelve', () => {
    const channels: ChannelSpec[] = [
      { code: '2:64', scheme: 'MDC', meaning: 'Lead aVF', sensitivity: '1', unit: 'uV' },
      { code: '5.6.3-9-100', scheme: 'SCPECG', meaning: 'Lead X', sensitivity: '1', unit: 'uV' },
      { code: '2:62', scheme: 'MDC', meaning: 'Lead aVR', sensitivity: '1', unit: 'uV' },
    ];
    // Interleaved: sample 0 of aVF, X, aVR, then sample 1.
    const bytes = ecgFile([{ label: 'RHYTHM', channels, samples: 2, data: [10, 20, 30, 40, 50, 60] }]);

    const leads = readDicomEcg(bytes).leads;

    expect(leads.map((lead) => [lead.name, Array.from(lead.samples)])).toEqual([
      ['aVF', [0.01, 0.04].map(Math.fround)],
      ['aVR', [0.03, 0.06].map(Math.fround)],
    ]);
  });

  it('turns samples equal to WaveformPaddingValue into NaN', () => {
    const bytes = ecgFile([{ label: 'RHYTHM', channels: [LEAD_I], samples: 3, data: [5, -32768, 6], padding: -32768 }]);

    const samples = Array.from(readDicomEcg(bytes).leads[0]?.samples ?? []);

    expect(samples[1]).toBeNaN();
    expect(samples[2]).toBeCloseTo(0.006, 6);
  });

  it('reads signed 8-bit samples of a General ECG', () => {
    const bytes = ecgFile(
      [{ label: 'RHYTHM', channels: [LEAD_I], samples: 2, interpretation: 'SB', data: [-128, 127] }],
      [],
      GENERAL_ECG,
    );

    expect(Array.from(readDicomEcg(bytes).leads[0]?.samples ?? [])).toEqual([-0.128, 0.127].map(Math.fround));
  });

  it('reads measurements in seconds and bpm, and keeps statements', () => {
    const annotation = (concept: string, value: string, unit: string): DicomTestElement[] => [
      code('004008EA', unit, 'UCUM', unit),
      code('0040A043', 'x', '99LOCAL', concept),
      { tag: '0040A30A', vr: 'DS', value },
    ];
    const extra: DicomTestElement[] = [
      {
        tag: '0040B020',
        vr: 'SQ',
        items: [
          [{ tag: '00700006', vr: 'ST', value: 'Sinus rhythm' }],
          annotation('QT Interval', '0.4', 's'),
          annotation('Ventricular Rate', '72', '/min'),
        ],
      },
    ];
    const bytes = ecgFile([{ label: 'RHYTHM', channels: [LEAD_I], samples: 1, data: [0] }], extra);

    expect(readDicomEcg(bytes).measurements).toEqual({ heartRateBpm: 72, qtMs: 400, statements: ['Sinus rhythm'] });
  });

  it('names ChannelSensitivity when it is missing, since mV cannot be known', () => {
    const { sensitivity: _omitted, ...uncalibrated } = LEAD_I;
    const bytes = ecgFile([{ label: 'RHYTHM', channels: [uncalibrated], samples: 1, data: [0] }]);

    expect(() => readDicomEcg(bytes, 'raw.dcm')).toThrow(/ChannelSensitivity \(003A,0210\) is missing/);
  });

  it('refuses mu-law samples, naming WaveformSampleInterpretation', () => {
    const bytes = ecgFile([{ label: 'RHYTHM', channels: [LEAD_I], samples: 1, interpretation: 'MB', data: [0] }]);

    expect(() => readDicomEcg(bytes)).toThrow(/WaveformSampleInterpretation \(5400,1006\) MB is not supported/);
  });

  it('refuses WaveformData shorter than channels × samples', () => {
    const bytes = ecgFile([{ label: 'RHYTHM', channels: [LEAD_I], samples: 4, data: [1, 2] }]);

    expect(() => readDicomEcg(bytes)).toThrow(/WaveformData \(5400,1010\) holds 4 bytes, fewer than the 8/);
  });

  it('refuses a DICOM that is not an ECG, naming SOPClassUID, and isDicomEcg says no', () => {
    const bytes = ecgFile(
      [{ label: 'RHYTHM', channels: [LEAD_I], samples: 1, data: [0] }],
      [],
      '1.2.840.10008.5.1.4.1.1.2',
    );

    const error = caught(() => readDicomEcg(bytes, 'ct.dcm'));

    expect(isFormatError(error) && error.message.includes('SOPClassUID (0008,0016) 1.2.840.10008.5.1.4.1.1.2')).toBe(
      true,
    );
    expect(isDicomEcg(bytes)).toBe(false);
    expect(isDicomEcg(ecgFile([{ label: 'RHYTHM', channels: [LEAD_I], samples: 1, data: [0] }]))).toBe(true);
  });
});

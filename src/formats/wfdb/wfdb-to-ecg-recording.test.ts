import { ECG_LEAD_NAMES } from '../../shared/catalogue/ecg-leads';
import type { Provenance } from '../../shared/domain/provenance';
import { isFormatError } from '../../shared';
import { describeWithSharedData, readSharedBytes, readSharedText } from '../../../test/support/shared-data';
import { readWfdbRecord, type WfdbRecord } from './wfdb-record';
import { wfdbToEcgRecording } from './wfdb-to-ecg-recording';

const provenance: Provenance = { source: 'file', references: ['test.hea'] };

function record(signals: { name: string; units?: string }[], comments: string[] = []): WfdbRecord {
  return {
    name: 'r',
    samplingRateHz: 500,
    samplesPerSignal: 2,
    signals: signals.map((s, i) => ({ name: s.name, units: s.units ?? 'mV', samples: Float32Array.of(i, -i) })),
    comments,
  };
}

describe('wfdbToEcgRecording', () => {
  it('keeps the standard leads by name (AVR → aVR, lower case too), drops the others, and keeps comments', () => {
    const input = record([{ name: 'i' }, { name: 'AVR' }, { name: 'MLII' }, { name: 'vx' }, { name: 'V6' }], ['Dx: 1']);

    const recording = wfdbToEcgRecording(input, provenance);

    expect(recording.leads.map((lead) => lead.name)).toEqual(['I', 'aVR', 'V6']);
    expect(Array.from(recording.leads[2]!.samples)).toEqual([4, -4]);
    expect(recording.samplingRateHz).toBe(500);
    expect(recording.measurements?.statements).toEqual(['Dx: 1']);
    expect(recording.provenance).toBe(provenance);
  });

  it('accepts a record with a single standard lead (MIT-BIH style MLII + V5)', () => {
    const recording = wfdbToEcgRecording(record([{ name: 'MLII' }, { name: 'V5' }]), provenance);

    expect(recording.leads.map((lead) => lead.name)).toEqual(['V5']);
  });

  it.each([
    [[{ name: 'vx' }, { name: 'vy' }], 'WFDB r: no standard ECG lead among the signals (vx, vy)'],
    [[{ name: 'II' }, { name: 'ii' }], 'WFDB r: signal 1: lead II already given by signal 0'],
    [[{ name: 'I', units: 'mmHg' }], 'WFDB r: signal 0: lead I is in "mmHg", not a voltage'],
  ])('rejects %j with a FormatError naming the cause', (signals, message) => {
    let caught: unknown;
    try {
      wfdbToEcgRecording(record(signals), provenance);
    } catch (error) {
      caught = error;
    }

    expect(isFormatError(caught)).toBe(true);
    expect((caught as Error).message).toBe(message);
  });
});

describeWithSharedData('wfdbToEcgRecording on real records', () => {
  it('maps PTB s0010_re to the 12 standard leads and drops the Frank leads vx, vy, vz', () => {
    const folder = ['ecg-formats', 'wfdb-python'];
    const input = readWfdbRecord(readSharedText(...folder, 's0010_re.hea'), {
      's0010_re.dat': readSharedBytes(...folder, 's0010_re.dat'),
      's0010_re.xyz': readSharedBytes(...folder, 's0010_re.xyz'),
    });

    const recording = wfdbToEcgRecording(input, provenance);

    expect(recording.leads.map((lead) => lead.name)).toEqual([...ECG_LEAD_NAMES]);
    expect(recording.leads.every((lead) => lead.samples.length === 38400)).toBe(true);
    // numpy: s0010_re.dat column 3 (avr) at sample 0 is 474 ADC / 2000 = 0.237 mV.
    expect(recording.leads[3]!.samples[0]).toBeCloseTo(0.237, 6);
  });

  it('maps PTB-XL 00001_hr (AVR, AVL, AVF) to the 12 standard lead names', () => {
    const folder = ['ptb-xl', 'records500', '00000'];
    const input = readWfdbRecord(readSharedText(...folder, '00001_hr.hea'), {
      '00001_hr.dat': readSharedBytes(...folder, '00001_hr.dat'),
    });

    const recording = wfdbToEcgRecording(input, provenance);

    expect(recording.leads.map((lead) => lead.name)).toEqual([...ECG_LEAD_NAMES]);
  });
});

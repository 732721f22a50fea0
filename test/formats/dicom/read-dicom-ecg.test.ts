import { isFormatError, type EcgLeadName } from '../../../src/shared';
import { isDicomEcg, readDicomEcg } from '../../../src/formats/dicom/index';
import { describeWithSharedData, readSharedBytes } from '../../support/shared-data';

const FILE = ['ecg-formats', 'dicom-ecg', 'waveform_ecg.dcm'] as const;

/**
 * Expected values were obtained without this code:
 * - attributes with dcmtk `dcmdump waveform_ecg.dcm`: RHYTHM group 12 channels × 10000 samples at 1000 Hz, SS
 *   16-bit, every channel ChannelSensitivity 1.25 uV, correction 1, baseline 0; channel sources 5.6.3-9-1, -2, -61,
 *   -62, -63, -64, -3 … -8 ("Lead I (Einthoven)", II, III, aVR, aVL, aVF, V1–V6); AcquisitionDateTime
 *   20130125105919; annotations "RITMO SINUSALE", "ECG NORMALE", RR 982 ms, PP 0, PR 161, QRS 75, QT 368, QTc 370;
 * - sample values with numpy: the bytes after the first (5400,1010) OW header (offset 18642, 240000 bytes) read as
 *   `<i2`, reshaped (10000, 12), × 1.25 / 1000 → mV.
 */
const EXPECTED_ORDER: EcgLeadName[] = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
const EXPECTED_MV: Record<string, { first: number; at5000: number; last: number; min: number; max: number }> = {
  I: { first: 0.1, at5000: 0.05375, last: 0.025, min: -0.0625, max: 0.725 },
  II: { first: 0.1125, at5000: 0.06875, last: 0.1375, min: -0.20875, max: 1.1375 },
  aVR: { first: -0.10625, at5000: -0.06125, last: -0.08125, min: -0.93125, max: 0.085 },
  aVF: { first: 0.0625, at5000: 0.04125, last: 0.125, min: -0.25, max: 0.775 },
  V1: { first: 0.05, at5000: 0.06875, last: 0.025, min: -1.125, max: 0.20625 },
  V5: { first: -0.06875, at5000: -0.0875, last: -0.15, min: -0.225, max: 1.9625 },
};

describeWithSharedData('readDicomEcg on a real Mortara 12-lead ECG Waveform Storage file', () => {
  const bytes = readSharedBytes(...FILE);

  it('reads the twelve rhythm leads at 1000 Hz with 10,000 samples each, named from their CID 3001 codes', () => {
    const recording = readDicomEcg(bytes, 'waveform_ecg.dcm');

    expect(recording.samplingRateHz).toBe(1000);
    expect(recording.leads.map((lead) => lead.name)).toEqual(EXPECTED_ORDER);
    expect(recording.leads.every((lead) => lead.samples.length === 10000)).toBe(true);
  });

  it('scales stored values by the channel sensitivity in uV to millivolts', () => {
    const recording = readDicomEcg(bytes, 'waveform_ecg.dcm');

    for (const [name, expected] of Object.entries(EXPECTED_MV)) {
      const samples = recording.leads.find((lead) => lead.name === name)?.samples ?? new Float32Array();
      expect(samples[0]).toBeCloseTo(expected.first, 6);
      expect(samples[5000]).toBeCloseTo(expected.at5000, 6);
      expect(samples[9999]).toBeCloseTo(expected.last, 6);
      expect(Math.min(...samples)).toBeCloseTo(expected.min, 6);
      expect(Math.max(...samples)).toBeCloseTo(expected.max, 6);
    }
  });

  it('reports the device measurements and statements, with heart rate from the RR interval', () => {
    const recording = readDicomEcg(bytes, 'waveform_ecg.dcm');

    // 60000 / 982 ms = 61.1 bpm; PP Interval 0 is "not measured" and is not reported.
    expect(recording.measurements).toEqual({
      heartRateBpm: 61.1,
      prMs: 161,
      qrsMs: 75,
      qtMs: 368,
      qtcMs: 370,
      statements: ['RITMO SINUSALE', 'ECG NORMALE'],
    });
  });

  it('takes the acquisition time from AcquisitionDateTime and names the file in provenance', () => {
    const recording = readDicomEcg(bytes, 'waveform_ecg.dcm');

    expect(recording.recordedAt).toBe('2013-01-25T10:59:19');
    expect(recording.provenance).toEqual({ source: 'file', references: ['waveform_ecg.dcm'] });
  });

  it('recognises the file as a DICOM ECG', () => {
    expect(isDicomEcg(bytes)).toBe(true);
  });

  it('gives a FormatError, never a crash, for the file cut at any of many lengths', () => {
    // From inside the preamble to 2 bytes short of the end (inside the median-beat WaveformData).
    const cuts = [0, 100, 131, 200, 1000, 5000, 18000, 18642, 100000, 258000, bytes.length - 2];

    for (const cut of cuts) {
      let thrown: unknown;
      try {
        readDicomEcg(bytes.subarray(0, cut), 'waveform_ecg.dcm');
      } catch (error: unknown) {
        thrown = error;
      }
      expect({ cut, formatError: isFormatError(thrown) }).toEqual({ cut, formatError: true });
    }
  });
});

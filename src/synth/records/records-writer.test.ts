import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { MODEL_LEAD_ORDER } from '../../shared/index';
import { generateAdmission } from '../admission/generate-admission';
import { prepareRecordsDir, writeAdmissionRecord } from './records-writer';

/** Reads a little-endian float32 .npy v1 file from the format's definition (magic, version, header dict, data). */
function readNpy(bytes: Buffer): { shape: number[]; data: Float32Array } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]));
  const headerLength = bytes.readUInt16LE(8);
  const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
  expect(header).toContain("'descr': '<f4'");
  expect(header).toContain("'fortran_order': False");
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '')
    .split(',')
    .filter((s) => s.trim())
    .map(Number);
  const body = bytes.subarray(10 + headerLength);
  const data = new Float32Array(body.length / 4);
  for (let i = 0; i < data.length; i++) data[i] = body.readFloatLE(i * 4);
  return { shape, data };
}

describe('writeAdmissionRecord', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'medtvt-records-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the ECG as float32 [12, N] in model lead order and the CXR as a 16-bit PNG', () => {
    const admission = generateAdmission(31, 0, { allModalities: true });
    prepareRecordsDir(dir);

    const entry = writeAdmissionRecord(admission, dir);

    const recording = admission.ecg?.recording;
    const npy = readNpy(readFileSync(path.join(dir, entry.ecg?.file ?? '')));
    const n = recording?.leads[0]?.samples.length ?? 0;
    expect(npy.shape).toEqual([12, n]);
    MODEL_LEAD_ORDER.forEach((name, row) => {
      const lead = recording?.leads.find((l) => l.name === name)?.samples;
      expect(npy.data.subarray(row * n, (row + 1) * n)).toEqual(lead);
    });
    const png = PNG.sync.read(readFileSync(path.join(dir, entry.cxr?.file ?? '')), { skipRescale: true });
    const image = admission.cxr?.image;
    expect([png.width, png.height, png.depth]).toEqual([image?.width, image?.height, 16]);
    let worst = 0;
    // pngjs keeps 16-bit samples in a Uint16Array RGBA layout: the grey level is every fourth value.
    const samples = png.data as unknown as Uint16Array;
    image?.pixels.forEach((p, i) => (worst = Math.max(worst, Math.abs((samples[i * 4] as number) / 65535 - p))));
    expect(worst).toBeLessThanOrEqual(0.5 / 65535 + 1e-7);
  });

  it('returns a manifest entry with answers, labels, labs in catalogue units and both truths', () => {
    const admission = generateAdmission(31, 1, { allModalities: true });

    const entry = JSON.parse(JSON.stringify(writeAdmissionRecord(admission, dir))) as ReturnType<
      typeof writeAdmissionRecord
    >;

    expect(entry.id).toBe(admission.ids.patient);
    expect(entry.ecg?.file).toBe(`ecg/${admission.ids.patient}.npy`);
    expect(entry.cxr?.file).toBe(`cxr/${admission.ids.patient}.png`);
    expect(entry.labels).toEqual(admission.labels);
    expect(entry.diseases).toHaveLength(admission.diseases.length);
    // The paper's exact answer strings (medtvt-r1.md §2.3).
    const answers = ['Coronary Artery Disease', 'Acute Renal Failure', 'Hypertension', 'Atrial Fibrillation'].concat([
      'Pneumonia',
      'Diabetes Mellitus',
      'Sepsis',
    ]);
    expect(entry.diseases.every((d) => answers.includes(d))).toBe(true);
    expect(entry.labs).toEqual(admission.labs?.values);
    expect(entry.ecg?.truth.heartRateBpm).toBe(admission.ecg?.truth.heartRateBpm);
    expect(entry.cxr?.truth.cardiothoracicRatio).toBe(admission.cxr?.truth.cardiothoracicRatio);
    expect(entry.ecg?.leads).toEqual(['I', 'II', 'III', 'aVR', 'aVF', 'aVL', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
  });
});

/**
 * Writes one admission into a records folder: `ecg/<id>.npy` (float32 [12, N], model lead order, mV) and
 * `cxr/<id>.png` (16-bit greyscale). The manifest line is returned, not written, so that a cohort's manifest can be
 * written in index order whatever order the patients finished in.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MODEL_LEAD_ORDER, type EcgRecording } from '../../shared/index';
import { writePng } from '../../formats/image/index';
import type { SyntheticAdmission } from '../admission/synthetic-admission';
import { encodeNpyFloat32 } from './npy';
import { admissionToRecord, type TrainingRecordEntry } from './training-record';

export const MANIFEST_FILE = 'manifest.jsonl';

/** Creates `dir`, `dir/ecg` and `dir/cxr`. */
export function prepareRecordsDir(dir: string): void {
  mkdirSync(path.join(dir, 'ecg'), { recursive: true });
  mkdirSync(path.join(dir, 'cxr'), { recursive: true });
}

/**
 * Writes the admission's signal files under `dir` (which prepareRecordsDir made) and returns its manifest entry.
 *
 * @param admission - from generateAdmission
 * @param dir - the records folder
 */
export function writeAdmissionRecord(admission: SyntheticAdmission, dir: string): TrainingRecordEntry {
  const entry = admissionToRecord(admission);
  if (entry.ecg && admission.ecg) {
    writeFileSync(path.join(dir, entry.ecg.file), ecgToNpy(admission.ecg.recording));
  }
  if (entry.cxr && admission.cxr) {
    writeFileSync(path.join(dir, entry.cxr.file), writePng(admission.cxr.image, { bitDepth: 16 }));
  }
  return entry;
}

/** The recording as `.npy` float32 [12, N] in MODEL_LEAD_ORDER; a lead that is missing or short is NaN-padded. */
export function ecgToNpy(recording: EcgRecording): Uint8Array {
  const n = Math.max(0, ...recording.leads.map((lead) => lead.samples.length));
  const data = new Float32Array(MODEL_LEAD_ORDER.length * n).fill(Number.NaN);
  MODEL_LEAD_ORDER.forEach((name, row) => {
    const lead = recording.leads.find((l) => l.name === name);
    if (lead) data.set(lead.samples, row * n);
  });
  return encodeNpyFloat32(data, [MODEL_LEAD_ORDER.length, n]);
}

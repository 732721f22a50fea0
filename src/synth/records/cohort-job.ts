/**
 * What one patient of a cohort run produces, the same in a worker thread and in the calling thread: the admission
 * is generated from (seed, index) alone, and written as a transaction Bundle file, a records-folder entry, or a
 * Bundle JSON string kept in memory.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateAdmission } from '../admission/generate-admission';
import type { PrevalenceName } from '../admission/synthetic-admission';
import { admissionToBundle } from '../fhir/admission-to-bundle';
import type { CxrFileFormat } from '../fhir/cxr-resources';
import { writeAdmissionRecord } from './records-writer';

/** Where a cohort goes: one Bundle JSON file per patient, a records folder, or Bundle JSON strings in memory. */
export type CohortOutput = { kind: 'fhir'; dir: string } | { kind: 'records'; dir: string } | { kind: 'memory' };

/** A cohort run's settings; plain data, so that it can be sent to worker threads. */
export interface CohortJob {
  seed: number | string;
  prevalence?: PrevalenceName;
  allModalities?: boolean;
  baseTime?: string;
  /** CXR Binary format in Bundles (default DICOM). */
  cxrFormat?: CxrFileFormat;
  output: CohortOutput;
}

/** `000007-<patient id>.json`: sorts in index order, carries no name. */
export function bundleFileName(index: number, patientId: string): string {
  return `${String(index).padStart(6, '0')}-${patientId}.json`;
}

/**
 * Generates and writes patient `index` of the job.
 *
 * @returns fhir: the file name written; records: the manifest line (JSON, no newline); memory: the Bundle JSON
 */
export function produceCohortItem(job: CohortJob, index: number): string {
  const admission = generateAdmission(job.seed, index, {
    ...(job.prevalence ? { prevalence: job.prevalence } : {}),
    ...(job.allModalities ? { allModalities: true } : {}),
    ...(job.baseTime ? { baseTime: job.baseTime } : {}),
  });
  const { output } = job;
  switch (output.kind) {
    case 'records':
      return JSON.stringify(writeAdmissionRecord(admission, output.dir));
    case 'fhir': {
      const name = bundleFileName(index, admission.ids.patient);
      const json = JSON.stringify(admissionToBundle(admission, job.cxrFormat ? { cxrFormat: job.cxrFormat } : {}));
      writeFileSync(path.join(output.dir, name), json);
      return name;
    }
    case 'memory':
      return JSON.stringify(admissionToBundle(admission, job.cxrFormat ? { cxrFormat: job.cxrFormat } : {}));
  }
}

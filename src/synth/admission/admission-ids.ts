/**
 * Deterministic identifiers of a synthetic admission. Every id is a UUID derived from the cohort seed, the patient's
 * index and what it names, so that ids stay the same from one run (and one sandbox start) to the next, and two
 * cohorts with different seeds share none.
 */
import { createHash } from 'node:crypto';
import type { DiseaseId, LabId } from '../../shared/index';
import { dicomUidFromSeed } from '../../formats/dicom/dicom-uid-from-seed';

/** FHIR logical ids (UUIDs) of the resources one admission becomes. */
export interface AdmissionIds {
  patient: string;
  encounter: string;
  ecg: string;
  cxrStudy: string;
  cxrDocument: string;
  cxrBinary: string;
  /** One Observation per generated lab. */
  labs: Partial<Record<LabId, string>>;
  /** One Condition per disease; septic shock adds a second sepsis Condition (`sepsis-shock`). */
  conditions: Partial<Record<DiseaseId | 'sepsis-shock', string>>;
}

/** DICOM UIDs of the chest radiograph (`2.25.<uuid>` form, no registered root needed). */
export interface CxrDicomUids {
  study: string;
  series: string;
  instance: string;
}

/**
 * A UUID from a text: the first 128 bits of SHA-256, with RFC 9562 version 8 ("custom") and variant bits set.
 *
 * @param text - names the object uniquely, e.g. `synth/1/7/patient`
 */
export function uuidFromText(text: string): string {
  const bytes = createHash('sha256').update(text, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function prefix(seed: number | string, index: number): string {
  return `medtvt-synth/${String(seed)}/${index}`;
}

/**
 * The FHIR ids of admission `index` of the cohort `seed`.
 *
 * @param labs - the labs that were generated (one Observation id each)
 * @param conditions - the diseases present (plus `sepsis-shock` when coded separately)
 */
export function admissionIds(
  seed: number | string,
  index: number,
  labs: readonly LabId[],
  conditions: readonly (DiseaseId | 'sepsis-shock')[],
): AdmissionIds {
  const base = prefix(seed, index);
  const id = (what: string): string => uuidFromText(`${base}/${what}`);
  return {
    patient: id('patient'),
    encounter: id('encounter'),
    ecg: id('ecg'),
    cxrStudy: id('cxr/study'),
    cxrDocument: id('cxr/document'),
    cxrBinary: id('cxr/binary'),
    labs: Object.fromEntries(labs.map((lab) => [lab, id(`lab/${lab}`)])),
    conditions: Object.fromEntries(conditions.map((c) => [c, id(`condition/${c}`)])),
  };
}

/** The DICOM study, series and instance UIDs of admission `index`'s chest radiograph. */
export function cxrDicomUids(seed: number | string, index: number): CxrDicomUids {
  const base = prefix(seed, index);
  return {
    study: dicomUidFromSeed(`${base}/cxr/study`),
    series: dicomUidFromSeed(`${base}/cxr/series`),
    instance: dicomUidFromSeed(`${base}/cxr/instance`),
  };
}

/**
 * The admission composer: profile → labs → ECG and CXR specs → the three modalities, one consistent patient.
 *
 * Randomness: the cohort stream is forked per admission (`fork(index)`) and that per part (`profile`, `labs`,
 * `ecg`, …), so that admission 7 depends only on (seed, 7), and a change in how many numbers one generator draws
 * never shifts another's output.
 */
import { DISEASE_IDS, type ModalityIssue, type MultimodalRecord } from '../../shared/index';
import { generateChestXray } from '../cxr/generate-chest-xray';
import { generateEcg } from '../ecg';
import { generateLabs } from '../labs';
import { sampleClinicalProfile } from '../profile';
import { Random } from '../random';
import type { ClinicalProfile, GeneratedCxr, GeneratedEcg, SyntheticLabs } from '../types';
import { admissionIds, cxrDicomUids } from './admission-ids';
import { cxrSpecFor } from './cxr-spec';
import { ecgSpecFor } from './ecg-spec';
import { labsToPanel, type LabTimes } from './lab-panel';
import {
  DEFAULT_BASE_TIME,
  type AdmissionOptions,
  type SyntheticAdmission,
  type SyntheticPatient,
} from './synthetic-admission';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Generates admission `index` of the cohort `seed`.
 *
 * @param seed - cohort seed; equal seeds give byte-identical admissions
 * @param index - the patient's position in the cohort (0-based)
 * @param options - prevalence table, all modalities, calendar start
 * @throws RangeError when baseTime is not an ISO 8601 date-time or index is not a non-negative integer
 */
export function generateAdmission(
  seed: number | string,
  index: number,
  options: AdmissionOptions = {},
): SyntheticAdmission {
  if (!Number.isInteger(index) || index < 0) {
    throw new RangeError(`generateAdmission: index must be a non-negative integer, got ${index}`);
  }
  const baseMs = Date.parse(options.baseTime ?? DEFAULT_BASE_TIME);
  if (Number.isNaN(baseMs)) throw new RangeError('generateAdmission: baseTime is not an ISO 8601 date-time');
  const rng = new Random(seed).fork(index);

  const profile = sampleClinicalProfile(rng.fork('profile'), {
    ...(options.prevalence ? { prevalence: options.prevalence } : {}),
    modalities: options.allModalities ? 'all' : 'realistic',
  });
  // Labs are drawn even when the admission has none, so that the ECG's potassium is the patient's potassium.
  const { labs } = generateLabs(rng.fork('labs'), profile);

  const timing = rng.fork('timing');
  const admissionMs = roundToMinute(baseMs + timing.uniform(0, 365 * DAY_MS));
  const times = {
    panel: isoSeconds(roundToMinute(admissionMs + timing.uniform(0.25, 3) * HOUR_MS)),
    gas: isoSeconds(roundToMinute(admissionMs + timing.uniform(0.5, 8) * HOUR_MS)),
    ecg: isoSeconds(roundToMinute(admissionMs + timing.uniform(0.1, 2) * HOUR_MS)),
    cxr: isoSeconds(roundToMinute(admissionMs + timing.uniform(0.5, 10) * HOUR_MS)),
  };
  const admissionTime = isoSeconds(admissionMs);

  const labIds = profile.modalities.labs ? (Object.keys(labs) as (keyof SyntheticLabs)[]) : [];
  const conditionKeys = [...profile.diseases, ...(hasShockCondition(profile) ? (['sepsis-shock'] as const) : [])];
  const ids = admissionIds(seed, index, labIds, conditionKeys);

  const ecg = profile.modalities.ecg ? makeEcg(rng.fork('ecg'), profile, labs, times.ecg) : undefined;
  const cxr = profile.modalities.cxr ? makeCxr(rng.fork('cxr'), profile, times.cxr) : undefined;
  const labTimes: LabTimes = { panel: times.panel, gas: times.gas };

  const record: MultimodalRecord = {
    patientId: ids.patient,
    encounterId: ids.encounter,
    anchorTime: admissionTime,
    issues: absentIssues(profile),
    provenance: { source: 'synthetic', references: [] },
  };
  if (profile.modalities.labs) record.labs = labsToPanel(labs, labTimes, ids.labs);
  if (ecg) record.ecg = ecg.recording;
  if (cxr) record.cxr = cxr.image;

  return {
    seed,
    index,
    ids,
    cxrUids: cxrDicomUids(seed, index),
    patient: syntheticPatient(rng.fork('patient'), seed, index, profile, admissionMs),
    admissionTime,
    diseases: [...profile.diseases],
    labels: DISEASE_IDS.map((id) => (profile.diseases.includes(id) ? 1 : 0)),
    profile,
    ...(profile.modalities.labs ? { labs: { values: labs, times: labTimes } } : {}),
    ...(ecg ? { ecg } : {}),
    ...(cxr ? { cxr } : {}),
    record,
  };
}

/** Septic shock is coded on its own Condition (R65.21) beside the sepsis one. */
export function hasShockCondition(profile: ClinicalProfile): boolean {
  return profile.diseases.includes('sepsis') && profile.phenotype.septicShock;
}

function makeEcg(rng: Random, profile: ClinicalProfile, labs: SyntheticLabs, recordedAt: string): GeneratedEcg {
  const generated = generateEcg(rng.fork('signal'), ecgSpecFor(rng.fork('spec'), profile, labs));
  const { truth } = generated;
  return {
    truth,
    recording: {
      ...generated.recording,
      recordedAt,
      measurements: generated.recording.measurements ?? {
        heartRateBpm: Math.round(truth.heartRateBpm),
        ...(truth.prMs !== undefined ? { prMs: Math.round(truth.prMs) } : {}),
        qrsMs: Math.round(truth.qrsMs),
        qtMs: Math.round(truth.qtMs),
        qtcMs: Math.round(truth.qtcMs),
      },
      provenance: { source: 'synthetic', references: [] },
    },
  };
}

function makeCxr(rng: Random, profile: ClinicalProfile, acquiredAt: string): GeneratedCxr {
  const generated = generateChestXray(rng.fork('image'), cxrSpecFor(rng.fork('spec'), profile));
  return {
    truth: generated.truth,
    image: {
      ...generated.image,
      view: generated.truth.view,
      modality: generated.image.modality ?? 'DX',
      acquiredAt,
      provenance: { source: 'synthetic', references: [] },
    },
  };
}

function absentIssues(profile: ClinicalProfile): ModalityIssue[] {
  const issues: ModalityIssue[] = [];
  const why = 'not acquired at this synthetic admission';
  if (!profile.modalities.ecg) issues.push({ modality: 'ecg', kind: 'absent', message: `ECG ${why}` });
  if (!profile.modalities.cxr) issues.push({ modality: 'cxr', kind: 'absent', message: `Chest radiograph ${why}` });
  if (!profile.modalities.labs) issues.push({ modality: 'labs', kind: 'absent', message: `Labs ${why}` });
  return issues;
}

function syntheticPatient(
  rng: Random,
  seed: number | string,
  index: number,
  profile: ClinicalProfile,
  admissionMs: number,
): SyntheticPatient {
  const ageYears = Math.floor(profile.ageYears);
  // Birthday 1–364 days before the admission's anniversary, so the age at admission is exactly ageYears.
  const admission = new Date(admissionMs);
  const anniversary = Date.UTC(admission.getUTCFullYear() - ageYears, admission.getUTCMonth(), admission.getUTCDate());
  const birth = new Date(anniversary - rng.int(1, 364) * DAY_MS);
  return {
    sex: profile.sex,
    ageYears,
    birthDate: birth.toISOString().slice(0, 10),
    name: { family: 'Synthetic', given: `Patient ${String(seed)}-${String(index).padStart(4, '0')}` },
  };
}

function roundToMinute(ms: number): number {
  return Math.round(ms / 60_000) * 60_000;
}

/** ISO 8601 in UTC without milliseconds (`2024-03-01T08:15:00Z`): the FHIR instant/dateTime form. */
export function isoSeconds(ms: number): string {
  return new Date(Math.round(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * One synthetic admission: who the patient is, what they have, and the three modalities with the ground truth the
 * generators drew them from. Everything in it depends only on the cohort seed and the patient's index.
 */
import type { DiseaseId, MultimodalRecord } from '../../shared/index';
import { PREVALENCE_REGIMES, type PrevalenceName } from '../profile';
import type { ClinicalProfile, GeneratedCxr, GeneratedEcg, Sex, SyntheticLabs } from '../types';
import type { AdmissionIds, CxrDicomUids } from './admission-ids';
import type { LabTimes } from './lab-panel';

/** Cohort-level knobs of generateAdmission. */
export interface AdmissionOptions {
  /** Disease prevalence table the profile is sampled from (the profile sampler's default when absent). */
  prevalence?: PrevalenceName;
  /** Give every admission all three modalities (benchmarks, demos); otherwise each is absent at realistic rates. */
  allModalities?: boolean;
  /**
   * ISO 8601 start of the cohort's calendar: admissions fall in the year after it. A fixed date by default, never
   * the clock, so that output does not change from day to day.
   */
  baseTime?: string;
}

export type { PrevalenceName };

/** Names of the prevalence tables: MedTVT-QA's training counts (the default), or the MIMIC-IV demo's admissions. */
export const PREVALENCE_NAMES = Object.keys(PREVALENCE_REGIMES) as PrevalenceName[];

export const DEFAULT_BASE_TIME = '2024-01-01T00:00:00Z';

/** The patient as the Patient resource shows them: synthetic name, no real-looking identifier. */
export interface SyntheticPatient {
  sex: Sex;
  /** Whole years at admission. */
  ageYears: number;
  /** YYYY-MM-DD, consistent with ageYears at the admission date. */
  birthDate: string;
  /** Clearly synthetic, e.g. "Synthetic Patient 1-0007". */
  name: { family: string; given: string };
}

export interface SyntheticAdmission {
  seed: number | string;
  index: number;
  ids: AdmissionIds;
  cxrUids: CxrDicomUids;
  patient: SyntheticPatient;
  /** ISO 8601, seconds, UTC: the Encounter's period.start and the record's anchor. */
  admissionTime: string;
  /** In catalogue order (DISEASE_IDS). */
  diseases: DiseaseId[];
  /** 0/1 per disease in DISEASE_IDS order (the model's 7 outputs). */
  labels: number[];
  profile: ClinicalProfile;
  /** Present when the admission has labs. */
  labs?: { values: SyntheticLabs; times: LabTimes };
  /** Present when the admission has an ECG; recording.recordedAt is set. */
  ecg?: GeneratedEcg;
  /** Present when the admission has a CXR; image.acquiredAt is set. */
  cxr?: GeneratedCxr;
  /** What a reader of this admission's FHIR resources should get back. */
  record: MultimodalRecord;
}

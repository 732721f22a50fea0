/**
 * A synthetic admission as a training record: one line of a records folder's `manifest.jsonl`, with everything a
 * Python/PyTorch user needs beside the signal files (layout in src/synth/README.md).
 */
import {
  DISEASE_IDS,
  getDisease,
  LABS,
  MODEL_LEAD_ORDER,
  type DiseaseId,
  type EcgLeadName,
  type LabId,
} from '../../shared/index';
import type { SyntheticAdmission } from '../admission/synthetic-admission';
import type { CxrTruth, EcgTruth, Sex } from '../types';

/** One line of manifest.jsonl. `null` = the admission has no such modality. */
export interface TrainingRecordEntry {
  /** Record id: the Patient id of the FHIR output (a UUID derived from seed and index). */
  id: string;
  seed: number | string;
  index: number;
  encounterId: string;
  /** ISO 8601 UTC. */
  admissionTime: string;
  ageYears: number;
  sex: Sex;
  /** The paper's exact answer strings, in DISEASE_IDS order. */
  diseases: string[];
  /** 0/1 per disease in DISEASE_IDS order. */
  labels: number[];
  /** Disease ids in the order of `labels` (DISEASE_IDS), repeated on every line so each line stands alone. */
  labelOrder: readonly DiseaseId[];
  /** Lab values in catalogue units, keyed by catalogue lab id; a missing key = not measured. */
  labs: Partial<Record<LabId, number>> | null;
  ecg: {
    /** `ecg/<id>.npy`: float32 [12, samples], C order, mV, leads in `leads` order (the model's). */
    file: string;
    leads: readonly EcgLeadName[];
    samplingRateHz: number;
    samples: number;
    recordedAt: string | null;
    truth: EcgTruth;
  } | null;
  cxr: {
    /** `cxr/<id>.png`: 16-bit greyscale, 0 = black (air), 65535 = white (bone). */
    file: string;
    width: number;
    height: number;
    bitDepth: 16;
    acquiredAt: string | null;
    truth: CxrTruth;
  } | null;
}

/** The manifest entry of an admission; file names are relative to the records folder. */
export function admissionToRecord(admission: SyntheticAdmission): TrainingRecordEntry {
  const id = admission.ids.patient;
  const { ecg, cxr } = admission;
  let labs: TrainingRecordEntry['labs'] = null;
  if (admission.labs) {
    labs = {};
    for (const lab of LABS) {
      const value = admission.labs.values[lab.id];
      if (value !== undefined) labs[lab.id] = value;
    }
  }
  return {
    id,
    seed: admission.seed,
    index: admission.index,
    encounterId: admission.ids.encounter,
    admissionTime: admission.admissionTime,
    ageYears: admission.patient.ageYears,
    sex: admission.patient.sex,
    diseases: DISEASE_IDS.filter((d) => admission.diseases.includes(d)).map((d) => getDisease(d).answer),
    labels: [...admission.labels],
    labelOrder: DISEASE_IDS,
    labs,
    ecg: ecg
      ? {
          file: `ecg/${id}.npy`,
          leads: MODEL_LEAD_ORDER,
          samplingRateHz: ecg.recording.samplingRateHz,
          samples: Math.max(0, ...ecg.recording.leads.map((lead) => lead.samples.length)),
          recordedAt: ecg.recording.recordedAt ?? null,
          truth: ecg.truth,
        }
      : null,
    cxr: cxr
      ? {
          file: `cxr/${id}.png`,
          width: cxr.image.width,
          height: cxr.image.height,
          bitDepth: 16,
          acquiredAt: cxr.image.acquiredAt ?? null,
          truth: cxr.truth,
        }
      : null,
  };
}

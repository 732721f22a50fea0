/**
 * The MIMIC-IV demo side of the lab comparison: for each admission, the earliest value of each of the 50 catalogue
 * labs within ±24 h of admittime (MedTVT-R1 / Symile's rule, ../shared/reference/medtvt-r1.md D11), and the
 * admission's 7-category diseases from its billed ICD codes.
 *
 * Lab events are matched to an admission on subject_id and chart time, not on hadm_id: labs drawn in the emergency
 * department before admission carry no hadm_id in MIMIC-IV (scripts/calibration/lab_targets.py does the same).
 * Only rows with a numeric valuenum count. Two rows of one lab at the same earliest chart time (two specimens)
 * are resolved by the lower labevent_id, the one stored first. MIMIC's units equal the catalogue's canonical
 * units for all 50 labs (MCHC: % ≡ g/dL), so values are used as they are.
 */
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import {
  collectMimicRecords,
  readMimicAdmissions,
  readMimicDiagnosesIcd,
  readMimicLabEvents,
  type MimicAdmission,
} from '../../formats/mimic';
import { diseasesForIcd10, diseasesForIcd9, labFromItemid, type DiseaseId, type LabId } from '../../shared';
import type { LabCohortMember } from './lab-cohort';

/** One admission of the demo with its first labs. */
export interface MimicAdmissionLabs extends LabCohortMember {
  hadmId: number;
  subjectId: number;
}

const WINDOW_MS = 24 * 3_600_000;
const FILES = ['admissions.csv.gz', 'diagnoses_icd.csv.gz', 'labevents.csv.gz'] as const;

/** MIMIC date-times are zone-less local times; reading every one as UTC keeps their differences exact. */
function toMs(isoLocal: string): number {
  return Date.parse(`${isoLocal}Z`);
}

/** The first file of the three that `hospDir` lacks, or undefined when all are there. */
export function missingMimicFile(hospDir: string): string | undefined {
  return FILES.map((name) => path.join(hospDir, name)).find((file) => !existsSync(file));
}

async function readDiseases(hospDir: string): Promise<Map<number, Set<DiseaseId>>> {
  const file = path.join(hospDir, 'diagnoses_icd.csv.gz');
  const byAdmission = new Map<number, Set<DiseaseId>>();
  for await (const batch of readMimicDiagnosesIcd(createReadStream(file), file)) {
    for (const row of batch) {
      const ids = row.icdVersion === 10 ? diseasesForIcd10(row.icdCode, 'category') : diseasesForIcd9(row.icdCode);
      if (ids.length === 0) continue;
      let set = byAdmission.get(row.hadmId);
      if (!set) byAdmission.set(row.hadmId, (set = new Set()));
      for (const id of ids) set.add(id);
    }
  }
  return byAdmission;
}

interface LabPoint {
  ms: number;
  labeventId: number;
  lab: LabId;
  value: number;
}

/** Catalogue lab events with a numeric value, per subject, ordered by chart time then labevent_id. */
async function readLabPoints(hospDir: string): Promise<Map<number, LabPoint[]>> {
  const file = path.join(hospDir, 'labevents.csv.gz');
  const bySubject = new Map<number, LabPoint[]>();
  for await (const batch of readMimicLabEvents(createReadStream(file), file)) {
    for (const row of batch) {
      const lab = labFromItemid(row.itemId);
      if (!lab || row.valueNum === undefined) continue;
      let points = bySubject.get(row.subjectId);
      if (!points) bySubject.set(row.subjectId, (points = []));
      points.push({ ms: toMs(row.chartTime), labeventId: row.labeventId, lab: lab.id, value: row.valueNum });
    }
  }
  for (const points of bySubject.values()) points.sort((a, b) => a.ms - b.ms || a.labeventId - b.labeventId);
  return bySubject;
}

function firstLabs(admission: MimicAdmission, points: readonly LabPoint[]): Partial<Record<LabId, number>> {
  const admitMs = toMs(admission.admitTime);
  const labs: Partial<Record<LabId, number>> = {};
  for (const point of points) {
    if (Math.abs(point.ms - admitMs) <= WINDOW_MS && labs[point.lab] === undefined) labs[point.lab] = point.value;
  }
  return labs;
}

/**
 * Reads every admission of a MIMIC-IV `hosp` folder with its diseases and first labs, in admissions-file order.
 * @param hospDir - folder with admissions.csv.gz, diagnoses_icd.csv.gz and labevents.csv.gz
 * @throws FormatError naming the file, row and column of a malformed value
 */
export async function readMimicFirstLabs(hospDir: string): Promise<MimicAdmissionLabs[]> {
  const admissionsFile = path.join(hospDir, 'admissions.csv.gz');
  const admissions = await collectMimicRecords(readMimicAdmissions(createReadStream(admissionsFile), admissionsFile));
  const diseases = await readDiseases(hospDir);
  const points = await readLabPoints(hospDir);
  return admissions.map((admission) => ({
    hadmId: admission.hadmId,
    subjectId: admission.subjectId,
    diseases: diseases.get(admission.hadmId) ?? new Set<DiseaseId>(),
    labs: firstLabs(admission, points.get(admission.subjectId) ?? []),
  }));
}

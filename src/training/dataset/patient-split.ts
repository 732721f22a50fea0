/**
 * Patient-disjoint train/validation/test splits. A patient's split is a function of their patient id alone (a
 * SHA-256 of the id mapped to [0, 1)), so it never depends on the cohort's size or order: a larger cohort of the same
 * seed keeps every earlier patient in the same split, and the evaluation command can rebuild the test split without
 * the training data. Each synthetic admission is its own patient.
 */
import { createHash } from 'node:crypto';
import { TrainingError } from '../engine/training-error';

export const SPLIT_NAMES = ['train', 'validation', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

/** Fractions of patients per split (they sum to 1). */
export type SplitFractions = Record<SplitName, number>;

export const DEFAULT_SPLIT: SplitFractions = { train: 0.7, validation: 0.15, test: 0.15 };

/** A patient id → a uniform number in [0, 1), from the first 48 bits of SHA-256("medtvt-split/" + id). */
export function patientUnit(patientId: string): number {
  const hex = createHash('sha256').update(`medtvt-split/${patientId}`).digest('hex').slice(0, 12);
  return parseInt(hex, 16) / 2 ** 48;
}

/** The split a patient belongs to. */
export function splitOf(patientId: string, fractions: SplitFractions = DEFAULT_SPLIT): SplitName {
  const u = patientUnit(patientId);
  if (u < fractions.train) return 'train';
  if (u < fractions.train + fractions.validation) return 'validation';
  return 'test';
}

/** Positions (into `patientIds`) of each split. */
export function splitPatients(
  patientIds: readonly string[],
  fractions: SplitFractions = DEFAULT_SPLIT,
): Record<SplitName, number[]> {
  const sum = fractions.train + fractions.validation + fractions.test;
  if (Math.abs(sum - 1) > 1e-9 || Object.values(fractions).some((f) => f < 0)) {
    throw new TrainingError(`split fractions must be non-negative and sum to 1, got ${JSON.stringify(fractions)}`);
  }
  const out: Record<SplitName, number[]> = { train: [], validation: [], test: [] };
  patientIds.forEach((id, i) => out[splitOf(id, fractions)].push(i));
  assertPatientDisjoint(
    Object.fromEntries(SPLIT_NAMES.map((s) => [s, out[s].map((i) => patientIds[i] as string)])) as Record<
      SplitName,
      string[]
    >,
  );
  return out;
}

/**
 * Throws when a patient id occurs in two splits (or twice in one).
 *
 * @throws TrainingError naming the split pair (not the patient)
 */
export function assertPatientDisjoint(splits: Record<SplitName, readonly string[]>): void {
  const seen = new Map<string, SplitName>();
  for (const split of SPLIT_NAMES) {
    for (const id of splits[split]) {
      const other = seen.get(id);
      if (other !== undefined) {
        throw new TrainingError(`patient-disjoint splits: a patient is in both ${other} and ${split}`);
      }
      seen.set(id, split);
    }
  }
}

/**
 * Section 2 of the realism report: R amplitude in II and V5, QRS duration and heart rate per PTB-XL group,
 * synthetic records (specForPtbxlGroup) vs the real PTB-XL records, both measured by measureEcgFeatures.
 */
import { generateEcg } from '../ecg';
import { Random } from '../random';
import { measureEcgFeatures, type EcgFeatures } from './ecg-features';
import type { LabelledEcgFeatures } from './ptbxl-features';
import { specForPtbxlGroup } from './ptbxl-group-specs';
import type { EcgGroup, EcgGroupComparison, EcgGroupSide } from './realism-report-types';
import { summarise } from './summary-stats';

export const ECG_GROUPS: readonly EcgGroup[] = ['NORM', 'LVH', 'MI', 'AFIB'];

function pick(features: readonly EcgFeatures[], key: keyof EcgFeatures): number[] {
  return features.map((f) => f[key]).filter((v): v is number => v !== undefined);
}

/** Median and IQR of each feature over a group's records (features a record lacks are left out). */
export function summariseGroup(features: readonly EcgFeatures[]): EcgGroupSide {
  const side: EcgGroupSide = { records: features.length, features: {} };
  for (const key of ['rAmplitudeIIMv', 'rAmplitudeV5Mv', 'qrsMs', 'heartRateBpm'] as const) {
    const summary = summarise(pick(features, key));
    if (summary) side.features[key] = summary;
  }
  return side;
}

/**
 * Generates and measures `perGroup` synthetic records of each group.
 * @param seed - report seed; each group draws from its own stream
 */
export function syntheticGroupFeatures(seed: number | string, perGroup: number): Record<EcgGroup, EcgFeatures[]> {
  const root = new Random(seed).fork('realism/ecg-groups');
  const out = {} as Record<EcgGroup, EcgFeatures[]>;
  for (const group of ECG_GROUPS) {
    const rng = root.fork(group);
    out[group] = Array.from({ length: perGroup }, () => {
      const spec = specForPtbxlGroup(rng, group);
      return measureEcgFeatures(generateEcg(rng, spec).recording);
    });
  }
  return out;
}

/**
 * @param real - undefined when the PTB-XL records are absent; a record counts in every group it is labelled with
 */
export function compareEcgGroups(
  synthetic: Readonly<Record<EcgGroup, readonly EcgFeatures[]>>,
  real: readonly LabelledEcgFeatures[] | undefined,
): EcgGroupComparison[] {
  return ECG_GROUPS.map((group) => {
    const row: EcgGroupComparison = { group, synthetic: summariseGroup(synthetic[group]) };
    if (real) row.real = summariseGroup(real.filter((r) => r.labels.includes(group)).map((r) => r.features));
    return row;
  });
}

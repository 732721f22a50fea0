/**
 * Section 3 of the realism report: the ECG generator's ground truth against what measureEcg finds on the same
 * records. The records are the cohort's own ECGs: record i is the ECG admission i of cohort `seed` carries under
 * `--all-modalities` (generateAdmission's streams: profile, labs, then the ECG spec from ecgSpecFor), so the mix of
 * rhythms, rates, LVH, infarcts and potassium is the cohort's (MedTVT-QA prevalence).
 *
 * Tolerances: heart rate ±3 bpm and QRS ±15 ms are the acceptance criterion (on ≥ 95 % of records); PR
 * ±20 ms and QT ±25 ms are the tolerances the DICOM ECG's device intervals are checked with in src/signal.
 */
import { measureEcg, type EcgMeasurementResult } from '../../signal/ecg';
import { ecgSpecFor } from '../admission/ecg-spec';
import { generateEcg } from '../ecg';
import { generateLabs } from '../labs';
import { sampleClinicalProfile } from '../profile';
import { Random } from '../random';
import type { EcgSynthSpec, EcgTruth } from '../types';
import type { TruthErrorRow, TruthQuantity, TruthSection, TruthSubgroupRow } from './realism-report-types';
import { mean, quantile } from './summary-stats';

/** The share of records that must be within tolerance. */
export const TRUTH_CRITERION = 0.95;

interface QuantityRule {
  quantity: TruthQuantity;
  unit: 'bpm' | 'ms';
  tolerance: number;
  truth: (t: EcgTruth) => number | undefined;
  measured: (m: EcgMeasurementResult) => number | undefined;
}

const RULES: readonly QuantityRule[] = [
  { quantity: 'heartRate', unit: 'bpm', tolerance: 3, truth: (t) => t.heartRateBpm, measured: (m) => m.heartRateBpm },
  { quantity: 'qrs', unit: 'ms', tolerance: 15, truth: (t) => t.qrsMs, measured: (m) => m.qrsMs },
  { quantity: 'pr', unit: 'ms', tolerance: 20, truth: (t) => t.prMs, measured: (m) => m.prMs },
  { quantity: 'qt', unit: 'ms', tolerance: 25, truth: (t) => t.qtMs, measured: (m) => m.qtMs },
];

interface Pair {
  spec: EcgSynthSpec;
  truth: EcgTruth;
  measured: EcgMeasurementResult;
}

/** Subgroups by what the spec drew; a record can sit in several. */
const SUBGROUPS: readonly { name: string; test: (spec: EcgSynthSpec) => boolean }[] = [
  { name: 'all', test: () => true },
  { name: 'sinus rhythm', test: (s) => s.rhythm === 'sinus' },
  { name: 'atrial fibrillation', test: (s) => s.rhythm === 'atrial-fibrillation' },
  { name: 'rate > 100 bpm', test: (s) => s.heartRateBpm > 100 },
  { name: 'LVH', test: (s) => s.lvh },
  { name: 'ST elevation/depression', test: (s) => s.ischaemia !== undefined && s.ischaemia.kind !== 'q-waves' },
  { name: 'Q waves (old infarct)', test: (s) => s.ischaemia?.kind === 'q-waves' },
  { name: 'K > 5.5 mEq/L', test: (s) => s.potassiumMeqL > 5.5 },
];

function generatePairs(seed: number | string, records: number): Pair[] {
  const cohort = new Random(seed);
  return Array.from({ length: records }, (_, index) => {
    const rng = cohort.fork(index);
    const profile = sampleClinicalProfile(rng.fork('profile'), { modalities: 'all' });
    const { labs } = generateLabs(rng.fork('labs'), profile);
    const ecgRng = rng.fork('ecg');
    const spec = ecgSpecFor(ecgRng.fork('spec'), profile, labs);
    const { recording, truth } = generateEcg(ecgRng.fork('signal'), spec);
    return { spec, truth, measured: measureEcg(recording) };
  });
}

function within(pair: Pair, rule: QuantityRule): boolean {
  const truth = rule.truth(pair.truth);
  const measured = rule.measured(pair.measured);
  return truth !== undefined && measured !== undefined && Math.abs(measured - truth) <= rule.tolerance;
}

function errorRow(pairs: readonly Pair[], rule: QuantityRule): TruthErrorRow {
  const withTruth = pairs.filter((p) => rule.truth(p.truth) !== undefined);
  const errors: number[] = [];
  for (const p of withTruth) {
    const measured = rule.measured(p.measured);
    if (measured !== undefined) errors.push(measured - (rule.truth(p.truth) as number));
  }
  const absolute = errors.map(Math.abs);
  const row: TruthErrorRow = {
    quantity: rule.quantity,
    unit: rule.unit,
    tolerance: rule.tolerance,
    records: withTruth.length,
    measured: errors.length,
    withinTolerance: withTruth.length === 0 ? 0 : withTruth.filter((p) => within(p, rule)).length / withTruth.length,
  };
  const meanError = mean(errors);
  const meanAbsError = mean(absolute);
  const p95AbsError = quantile(absolute, 0.95);
  if (meanError !== undefined) row.meanError = meanError;
  if (meanAbsError !== undefined) row.meanAbsError = meanAbsError;
  if (p95AbsError !== undefined) row.p95AbsError = p95AbsError;
  return row;
}

function share(pairs: readonly Pair[], rule: QuantityRule): number {
  return pairs.length === 0 ? 0 : pairs.filter((p) => within(p, rule)).length / pairs.length;
}

/**
 * Generates `records` cohort ECGs and compares their truth with measureEcg.
 * @param seed - cohort seed
 */
export function compareTruthWithMeasurement(seed: number | string, records: number): TruthSection {
  const pairs = generatePairs(seed, records);
  const rows = RULES.map((rule) => errorRow(pairs, rule));
  const [heartRate, qrs] = RULES as [QuantityRule, QuantityRule];
  const subgroups: TruthSubgroupRow[] = SUBGROUPS.map(({ name, test }) => {
    const members = pairs.filter((p) => test(p.spec));
    return {
      subgroup: name,
      records: members.length,
      heartRateWithin: share(members, heartRate),
      qrsWithin: share(members, qrs),
    };
  });
  const allRow = subgroups[0] as TruthSubgroupRow;
  return {
    seed,
    records,
    criterion: TRUTH_CRITERION,
    rows,
    subgroups,
    criterionMet: records > 0 && allRow.heartRateWithin >= TRUTH_CRITERION && allRow.qrsWithin >= TRUTH_CRITERION,
  };
}

/**
 * The training dataset: patient-disjoint splits that do not depend on the cohort's size, lab percentiles from the
 * TRAIN split only (checked by counting training values by hand), the compact CXR store, and the encoder targets.
 */
import { getLab, LABS } from '../../shared';
import { generateAdmission } from '../../synth/admission/generate-admission';
import type { EcgTruth } from '../../synth/types';
import { preprocessCxr } from '../../model/preprocess/preprocess-cxr';
import { buildCohortDataset } from './cohort-dataset';
import { ecgTargets } from './encoder-targets';
import { generateExamples } from './generate-examples';
import { assertPatientDisjoint, splitOf, splitPatients } from './patient-split';
import { CXR_PIXELS, expandCxr, type SyntheticExample } from './synthetic-example';

let examples: SyntheticExample[];
beforeAll(async () => {
  examples = await generateExamples({
    seed: 'dataset-test',
    indices: Array.from({ length: 24 }, (_, i) => i),
    workers: 0,
  });
});

describe('patient-disjoint splits', () => {
  it('puts every patient in exactly one split, about 70/15/15, the same whatever the cohort size', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `patient-${i}`);

    const splits = splitPatients(ids);
    const smaller = splitPatients(ids.slice(0, 500));

    const all = [...splits.train, ...splits.validation, ...splits.test].sort((a, b) => a - b);
    expect(all).toEqual(ids.map((_, i) => i));
    expect(splits.train.length / 2000).toBeGreaterThan(0.66);
    expect(splits.train.length / 2000).toBeLessThan(0.74);
    expect(splits.test.length / 2000).toBeGreaterThan(0.12);
    expect(smaller.test).toEqual(splits.test.filter((i) => i < 500));
  });

  it('refuses splits that share a patient', () => {
    expect(() => assertPatientDisjoint({ train: ['a', 'b'], validation: ['c'], test: ['b'] })).toThrow(
      /both train and test/,
    );
  });

  it('builds splits whose patient ids do not overlap and follow splitOf', () => {
    const dataset = buildCohortDataset(examples);

    const { train, validation, test } = dataset.splits;
    expect(train.size + validation.size + test.size).toBe(24);
    const sets = [train, validation, test].map((s) => new Set(s.patientIds));
    for (const id of sets[0] as Set<string>) expect(sets[1]?.has(id) || sets[2]?.has(id)).toBe(false);
    for (const id of test.patientIds) expect(splitOf(id)).toBe('test');
  });
});

describe('lab vectors', () => {
  it('use percentiles of the TRAIN split only: a held-out glucose is ranked among the training values', () => {
    const dataset = buildCohortDataset(examples);
    const { train, test } = dataset.splits;
    const trainGlucose = train.indices
      .map((index) => examples.find((e) => e.index === index)?.labs.values.glucose?.value)
      .filter((v): v is number => v !== undefined);
    const g = getLab('glucose').index;
    const row = test.indices.findIndex((index) => examples.find((e) => e.index === index)?.labs.values.glucose);
    const value = examples.find((e) => e.index === test.indices[row])?.labs.values.glucose?.value as number;

    // By hand: fraction of training values ≤ the held-out value (statsmodels ECDF, side 'right').
    const expected = trainGlucose.filter((v) => v <= value).length / trainGlucose.length;
    expect(row).toBeGreaterThanOrEqual(0);
    expect(Math.abs((test.labs[row * 100 + g] as number) - expected)).toBeLessThanOrEqual(1e-3);
    expect(test.labs[row * 100 + LABS.length + g]).toBe(1);
  });
});

describe('compact CXR store', () => {
  it('rebuilds all three normalised channels of the preprocessed film from channel 0', () => {
    const admission = generateAdmission('dataset-test', 3, { allModalities: true });
    const full = preprocessCxr(admission.record.cxr!);
    const stored = examples[3]!.cxr;

    const rebuilt = expandCxr(stored, 1);

    let worst = 0;
    for (let i = 0; i < 3 * CXR_PIXELS; i++) worst = Math.max(worst, Math.abs(rebuilt[i]! - full[i]!));
    expect(worst).toBeLessThan(1e-5);
  });
});

describe('encoder targets', () => {
  it('reads AF, LVH, ischaemia, hyperkalaemia and tachycardia from the ECG truth', () => {
    const truth = {
      rhythm: 'atrial-fibrillation',
      heartRateBpm: 128,
      signs: ['lvh-strain', 'q-waves-inferior', 'no-p-waves'],
    } as unknown as EcgTruth;

    expect(Array.from(ecgTargets(truth))).toEqual([1, 1, 1, 0, 1]);
  });
});

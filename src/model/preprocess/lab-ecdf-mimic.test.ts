import { LABS, type LabPanel, type LabValue } from '../../shared';
import { collectMimicRecords, readMimicLabEvents, type MimicLabEvent } from '../../formats/mimic';
import { describeWithSharedData, readSharedBytes } from '../../../test/support/shared-data';
import { fitLabEcdf, labPercentile, type LabEcdf } from './lab-ecdf';
import { vectoriseLabs } from './vectorise-labs';

// Golden values: src/model/preprocess/golden/lab_golden.py `mimic()` on the MIMIC-IV demo labevents.csv.gz (Python
// csv module, valuenum of the 50 catalogue itemids), with Symile's NaNAwareECDF re-implemented in numpy (sorted
// training values, y = linspace(1/n, 1, n), searchsorted side 'right') and labs_means.json's mean training
// percentile. Train = rows of subjects with subject_id % 3 ≠ 0; test = the others, in file order.

/** [itemid, n, mean training percentile]. */
const TRAIN: ReadonlyArray<readonly [number, number, number]> = [
  [50802, 288, 0.5359640239197531],
  [50804, 288, 0.5283082561728395],
  [50813, 237, 0.5149815734657908],
  [50818, 288, 0.5171320408950617],
  [50820, 316, 0.5185967793622817],
  [50821, 288, 0.5042438271604939],
  [50861, 282, 0.5114933856445852],
  [50862, 145, 0.5227110582639716],
  [50863, 280, 0.5041198979591837],
  [50868, 753, 0.5325030114160445],
  [50878, 282, 0.5067778280770586],
  [50882, 755, 0.527994386211131],
  [50885, 284, 0.5148903987304106],
  [50893, 627, 0.5216608288882276],
  [50902, 789, 0.5258184061260583],
  [50910, 54, 0.513031550068587],
  [50912, 750, 0.5267502222222222],
  [50931, 722, 0.5048246253481786],
  [50934, 202, 0.5236496421919421],
  [50947, 202, 0.6427556121948829],
  [50960, 670, 0.5510158164401872],
  [50970, 632, 0.5136471518987342],
  [50971, 789, 0.5292913813349268],
  [50983, 790, 0.5333680499919885],
  [51006, 746, 0.5140535043017631],
  [51133, 72, 0.5094521604938271],
  [51146, 134, 0.5493985297393629],
  [51200, 134, 0.5241145021162844],
  [51221, 780, 0.503302103879027],
  [51222, 735, 0.5091397103058911],
  [51237, 453, 0.5436360003703542],
  [51244, 134, 0.5059590109155714],
  [51248, 717, 0.5074841126730975],
  [51249, 717, 0.5111527381445625],
  [51250, 717, 0.5208028181890685],
  [51254, 134, 0.5070171530407663],
  [51256, 134, 0.5055691690799732],
  [51265, 737, 0.5025857513959744],
  [51274, 453, 0.5048365325107573],
  [51275, 438, 0.5024811826275515],
  [51277, 716, 0.5069539808370526],
  [51279, 717, 0.5030471377524126],
  [51301, 728, 0.5043435273517691],
  [51678, 202, 0.5482550730320558],
  [52069, 72, 0.5592206790123456],
  [52073, 72, 0.5339506172839507],
  [52074, 72, 0.5094521604938271],
  [52075, 72, 0.5075231481481481],
  [52135, 56, 0.549107142857143],
  [52172, 407, 0.502677347886193],
];

/** Test rows: 18157, sum of their percentiles 9168.268221778586. Samples: [row index, itemid, value, percentile]. */
const TEST_ROWS = 18157;
const TEST_PERCENTILE_SUM = 9168.268221778586;
const TEST_SAMPLES: ReadonlyArray<readonly [number, number, number, number]> = [
  [0, 51277, 15.4, 0.36312849162011174],
  [1, 51279, 3.35, 0.6694560669456068],
  [2, 52172, 49.7, 0.18673218673218672],
  [100, 50868, 16.0, 0.7118193891102257],
  [1000, 51277, 16.7, 0.6103351955307262],
  [5000, 50983, 137.0, 0.5],
];

/** Admission 26486158 (subject 10014354, test split): earliest value of each lab, 43 labs present. */
const VECTOR_26486158 = [
  0.5359640121459961, 0.5283082723617554, 0.5149815678596497, 0.517132043838501, 0.5185967683792114, 0.5042438507080078,
  0.10283687710762024, 0.4482758641242981, 0.25357142090797424, 0.833997368812561, 0.042553190141916275,
  0.3920529782772064, 0.05281690135598183, 0.4051036536693573, 0.0, 0.513031542301178, 0.5893333554267883,
  0.0914127454161644, 0.2673267424106598, 0.07920791953802109, 0.17164179682731628, 0.642405092716217,
  0.8415716290473938, 0.02278481051325798, 0.23592492938041687, 1.0, 0.10447761416435242, 0.6567164063453674,
  0.31794872879981995, 0.22040815651416779, 0.7814569473266602, 1.0, 0.027894003316760063, 0.0920502096414566,
  0.08228731155395508, 0.20895522832870483, 0.0, 0.868385374546051, 0.7461368441581726, 0.646118700504303,
  0.35055866837501526, 0.5341701507568359, 0.9752747416496277, 0.8564356565475464, 0.1527777761220932,
  0.9166666865348816, 0.6111111044883728, 0.5694444179534912, 1.0, 0.12285012006759644, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
  1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
  1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
];

const INDEX_BY_ITEMID = new Map(LABS.map((lab, index) => [lab.itemid, index]));

describeWithSharedData('lab ECDF and lab vector on the MIMIC-IV demo', () => {
  let events: MimicLabEvent[];
  let ecdf: LabEcdf;

  beforeAll(async () => {
    const all = await collectMimicRecords(
      readMimicLabEvents([readSharedBytes('mimic-iv-demo', 'hosp', 'labevents.csv.gz')]),
    );
    events = all.filter((e) => e.valueNum !== undefined && INDEX_BY_ITEMID.has(e.itemId));
    const train: Partial<Record<string, number[]>> = {};
    for (const e of events) {
      if (e.subjectId % 3 === 0) continue;
      const id = LABS[INDEX_BY_ITEMID.get(e.itemId)!]!.id;
      (train[id] ??= []).push(e.valueNum!);
    }
    ecdf = fitLabEcdf(train, { maxError: 0 });
  });

  it("fits each lab's training count and mean training percentile as Symile's labs_means.json computes them", () => {
    TRAIN.forEach(([itemid, n, mean]) => {
      const entry = ecdf.labs[INDEX_BY_ITEMID.get(itemid)!]!;

      expect([itemid, entry.n]).toEqual([itemid, n]);
      expect(entry.meanPercentile).toBeCloseTo(mean, 12);
    });
  });

  it('gives the test rows the percentiles of the train-split ECDF', () => {
    const test = events.filter((e) => e.subjectId % 3 === 0);
    const percentiles = test.map((e) => labPercentile(ecdf.labs[INDEX_BY_ITEMID.get(e.itemId)!]!, e.valueNum!));

    expect(test.length).toBe(TEST_ROWS);
    expect(percentiles.reduce((a, b) => a + b, 0)).toBeCloseTo(TEST_PERCENTILE_SUM, 8);
    for (const [row, itemid, value, percentile] of TEST_SAMPLES) {
      expect([test[row]!.itemId, test[row]!.valueNum]).toEqual([itemid, value]);
      expect(percentiles[row]).toBeCloseTo(percentile, 12);
    }
  });

  it("builds admission 26486158's 100-d vector: percentiles of the earliest values, mean percentiles and flags", () => {
    const earliest = new Map<number, MimicLabEvent>();
    for (const e of events.filter((x) => x.hadmId === 26486158)) {
      const seen = earliest.get(e.itemId);
      if (!seen || e.chartTime < seen.chartTime || (e.chartTime === seen.chartTime && e.labeventId < seen.labeventId)) {
        earliest.set(e.itemId, e);
      }
    }
    const values: Partial<Record<string, LabValue>> = {};
    for (const [itemid, e] of earliest) {
      const lab = LABS[INDEX_BY_ITEMID.get(itemid)!]!;
      values[lab.id] = { lab: lab.id, value: e.valueNum!, unit: lab.unit };
    }
    const panel: LabPanel = { values, provenance: { source: 'mimic', references: [] } };

    const vector = vectoriseLabs(panel, ecdf);

    expect(Array.from(vector)).toEqual(VECTOR_26486158.map(Math.fround));
  });
});

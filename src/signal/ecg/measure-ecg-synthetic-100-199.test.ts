/**
 * Records 100–199 of the check of measureEcg against the generator's ground truth (heart rate within ±3 bpm and QRS
 * within ±15 ms on at least 95 % of records): see measure-ecg-synthetic-0-99.test.ts, which holds records 0–99 and
 * the figures; the halves are two files so that jest runs them on two workers.
 */

import { describeEcgTruthCheck } from '../../../test/support/ecg-truth-check';

describeEcgTruthCheck(100, 100);

"""Golden values for lab-ecdf.test.ts and vectorise-labs.test.ts.

Percentiles as Symile-MIMIC computes them (create_dataset_splits.py, NaNAwareECDF: statsmodels StepFunction over the
sorted training values with y = linspace(1/n, 1, n), side='right'), re-implemented with numpy searchsorted, and
labs_means.json's mean training percentile (pandas mean of the training rows' percentiles, NaN skipped).
Run: python3 src/model/preprocess/golden/lab_golden.py /path/to/shared/data
"""
import csv
import gzip
import sys

import numpy as np

ITEMIDS = [50802, 50804, 50813, 50818, 50820, 50821, 50861, 50862, 50863, 50868, 50878, 50882, 50885, 50893, 50902,
           50910, 50912, 50931, 50934, 50947, 50960, 50970, 50971, 50983, 51006, 51133, 51146, 51200, 51221, 51222,
           51237, 51244, 51248, 51249, 51250, 51254, 51256, 51265, 51274, 51275, 51277, 51279, 51301, 51678, 52069,
           52073, 52074, 52075, 52135, 52172]
assert ITEMIDS == sorted(ITEMIDS) and len(ITEMIDS) == 50


class NaNAwareECDF:
    def __init__(self, x):
        x = np.sort(np.asarray(x, dtype=np.float64))
        nobs = np.count_nonzero(~np.isnan(x))
        y = np.full_like(x, np.nan)
        y[:nobs] = np.linspace(1. / nobs, 1, nobs)
        self.x = np.r_[-np.inf, x]
        self.y = np.r_[0., y]

    def __call__(self, t):
        return self.y[np.searchsorted(self.x, t, side='right') - 1]


def small():
    train = [1.2, 0.8, 1.2, 3.4, np.nan, 0.8, 1.2, 0.5]
    ecdf = NaNAwareECDF(train)
    queries = [0.1, 0.5, 0.79, 0.8, 1.0, 1.2, 1.21, 3.4, 9.0]
    print('small creatinine: percentiles', [float(v) for v in ecdf(queries)])
    finite = [v for v in train if not np.isnan(v)]
    print('small creatinine: mean train percentile', repr(float(np.mean(ecdf(finite)))))


def mimic(data):
    rows = []
    with gzip.open(f'{data}/mimic-iv-demo/hosp/labevents.csv.gz', 'rt', newline='') as f:
        for r in csv.DictReader(f):
            item = int(r['itemid'])
            if item in ITEMIDS and r['valuenum'] != '':
                rows.append((int(r['subject_id']), r['hadm_id'], item, r['charttime'], int(r['labevent_id']), float(r['valuenum'])))
    train = {i: [v for (s, _, it, _, _, v) in rows if it == i and s % 3 != 0] for i in ITEMIDS}
    ecdfs = {i: NaNAwareECDF(train[i]) for i in ITEMIDS}
    means = {i: float(np.nanmean(ecdfs[i](train[i]))) for i in ITEMIDS}
    print('== MIMIC demo, train = subject_id % 3 != 0: itemid n meanPercentile')
    for i in ITEMIDS:
        print(i, len(train[i]), repr(means[i]))
    test = [(v, it) for (s, _, it, _, _, v) in rows if s % 3 == 0]
    pct = [float(ecdfs[it](v)) for (v, it) in test]
    print('== test rows', len(test), 'sum of percentiles', repr(float(np.sum(pct))))
    for k in [0, 1, 2, 100, 1000, 5000]:
        print('test row', k, 'itemid', test[k][1], 'value', test[k][0], 'percentile', repr(pct[k]))

    # One test admission's vector: the earliest value of each lab (charttime, then labevent_id).
    hadm = '26486158'
    first = {}
    for (s, h, it, ct, lid, v) in sorted((r for r in rows if r[1] == hadm), key=lambda r: (r[3], r[4])):
        first.setdefault(it, v)
    vec = np.zeros(100, dtype=np.float32)
    for k, it in enumerate(ITEMIDS):
        if it in first:
            vec[k] = ecdfs[it](first[it])
            vec[50 + k] = 1
        else:
            vec[k] = means[it]
    print('== hadm', hadm, 'subject', {r[0] for r in rows if r[1] == hadm}, 'labs present', len(first))
    print('vector', [float(v) for v in vec])


if __name__ == '__main__':
    small()
    mimic(sys.argv[1])

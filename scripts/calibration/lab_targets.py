#!/usr/bin/env python3
"""Calibration targets for the synthetic labs from the MIMIC-IV demo (../shared/data/mimic-iv-demo/hosp).

Extraction (the same for every statistic printed):
  * admissions: admissions.csv.gz; the cohort is either all admissions or those with at least one of the 7 disease
    categories (mapping as in disease_prevalence.py / src/shared/catalogue/diseases.ts);
  * for each admission and each of the 50 catalogue itemids, the EARLIEST labevents row of that subject with a
    numeric valuenum and charttime within [admittime - 24 h, admittime + 24 h] (matched on subject_id and time, not on
    hadm_id: labs drawn in the ED before admission carry no hadm_id in MIMIC-IV);
  * presence = fraction of admissions with such a value; median and IQR (numpy percentile, linear interpolation) over
    the admissions where present.
Also prints the presence co-occurrence between labs (phi coefficient of the presence indicators) summarised per panel,
and medians split by disease presence for the labs the generator shifts.

Usage: python3 scripts/calibration/lab_targets.py [hosp_dir] [--ts]
  --ts prints the TypeScript table pasted into src/synth/labs/mimic-demo-lab-targets.ts.
"""
import csv
import datetime as dt
import gzip
import sys
from collections import defaultdict

import numpy as np

from disease_prevalence import DISEASES, categories

ARGS = [a for a in sys.argv[1:] if not a.startswith('--')]
HOSP = ARGS[0] if ARGS else '../shared/data/mimic-iv-demo/hosp'
AS_TS = '--ts' in sys.argv

# Catalogue order (src/shared/catalogue/labs.ts LAB_IDS), itemid and id.
LABS = [
    (50802, 'base-excess'), (50804, 'calculated-total-co2'), (50813, 'lactate'), (50818, 'pco2'), (50820, 'ph'),
    (50821, 'po2'), (50861, 'alt'), (50862, 'albumin'), (50863, 'alkaline-phosphatase'), (50868, 'anion-gap'),
    (50878, 'ast'), (50882, 'bicarbonate'), (50885, 'bilirubin-total'), (50893, 'calcium-total'), (50902, 'chloride'),
    (50910, 'creatine-kinase'), (50912, 'creatinine'), (50931, 'glucose'), (50934, 'hemolysis-index'),
    (50947, 'icterus-index'), (50960, 'magnesium'), (50970, 'phosphate'), (50971, 'potassium'), (50983, 'sodium'),
    (51006, 'urea-nitrogen'), (51133, 'lymphocytes-absolute'), (51146, 'basophils'), (51200, 'eosinophils'),
    (51221, 'hematocrit'), (51222, 'hemoglobin'), (51237, 'inr'), (51244, 'lymphocytes'), (51248, 'mch'),
    (51249, 'mchc'), (51250, 'mcv'), (51254, 'monocytes'), (51256, 'neutrophils'), (51265, 'platelets'), (51274, 'pt'),
    (51275, 'ptt'), (51277, 'rdw'), (51279, 'rbc'), (51301, 'wbc'), (51678, 'lipemia-index'),
    (52069, 'basophils-absolute'), (52073, 'eosinophils-absolute'), (52074, 'monocytes-absolute'),
    (52075, 'neutrophils-absolute'), (52135, 'immature-granulocytes'), (52172, 'rdw-sd'),
]
ITEM_TO_ID = dict(LABS)
WINDOW = dt.timedelta(hours=24)


def parse_time(text):
    return dt.datetime.strptime(text, '%Y-%m-%d %H:%M:%S')


def load():
    with gzip.open(f'{HOSP}/admissions.csv.gz', 'rt') as f:
        admissions = [(r['hadm_id'], r['subject_id'], parse_time(r['admittime'])) for r in csv.DictReader(f)]
    diseases = defaultdict(set)
    with gzip.open(f'{HOSP}/diagnoses_icd.csv.gz', 'rt') as f:
        for r in csv.DictReader(f):
            diseases[r['hadm_id']] |= categories(r['icd_code'].strip(), r['icd_version'].strip())
    events = defaultdict(list)  # subject -> [(time, itemid, value)]
    with gzip.open(f'{HOSP}/labevents.csv.gz', 'rt') as f:
        for r in csv.DictReader(f):
            item = int(r['itemid'])
            if item in ITEM_TO_ID and r['valuenum'] != '':
                events[r['subject_id']].append((parse_time(r['charttime']), item, float(r['valuenum'])))
    firsts = {}
    for hadm, subject, admit in admissions:
        first = {}
        for time, item, value in sorted(events[subject]):
            if abs(time - admit) <= WINDOW and item not in first:
                first[item] = value
        firsts[hadm] = first
    return admissions, diseases, firsts


def stats(values):
    q25, q50, q75 = np.percentile(values, [25, 50, 75])
    return q25, q50, q75


def main():
    admissions, diseases, firsts = load()
    cohorts = {
        'all': [h for h, _, _ in admissions],
        'withDisease': [h for h, _, _ in admissions if diseases[h]],
    }
    if AS_TS:
        for name, hadms in cohorts.items():
            print(f'// {name}: {len(hadms)} admissions')
            for item, lab in LABS:
                vals = [firsts[h][item] for h in hadms if item in firsts[h]]
                presence = len(vals) / len(hadms)
                q25, q50, q75 = stats(vals) if vals else (float('nan'),) * 3
                print(f"  '{lab}': {{ n: {len(vals)}, presence: {presence:.3f}, q25: {q25:.4g}, median: {q50:.4g}, "
                      f"q75: {q75:.4g} }},")
        return
    for name, hadms in cohorts.items():
        print(f'== {name}: {len(hadms)} admissions')
        for item, lab in LABS:
            vals = [firsts[h][item] for h in hadms if item in firsts[h]]
            q = stats(vals) if vals else (float('nan'),) * 3
            lo, hi = (np.min(vals), np.max(vals)) if vals else (float('nan'),) * 2
            print(f'  {lab:24s} n={len(vals):3d} pres={len(vals) / len(hadms):.3f} '
                  f'q25={q[0]:8.3f} med={q[1]:8.3f} q75={q[2]:8.3f} min={lo:8.3f} max={hi:8.3f}')
    hadms = cohorts['withDisease']
    present = np.array([[item in firsts[h] for item, _ in LABS] for h in hadms], dtype=float)
    print('== presence phi correlation (withDisease), pairs with |phi| >= 0.6')
    corr = np.corrcoef(present.T)
    for i in range(len(LABS)):
        for j in range(i + 1, len(LABS)):
            if abs(corr[i, j]) >= 0.6:
                print(f'  {LABS[i][1]:24s} {LABS[j][1]:24s} {corr[i, j]:.2f}')
    print('== medians by disease presence (withDisease): with / without')
    for d in DISEASES:
        print(f' {d}')
        for item, lab in LABS:
            a = [firsts[h][item] for h in hadms if item in firsts[h] and d in diseases[h]]
            b = [firsts[h][item] for h in hadms if item in firsts[h] and d not in diseases[h]]
            if len(a) >= 3 and len(b) >= 3:
                print(f'   {lab:24s} {np.median(a):8.2f} (n={len(a):3d})  {np.median(b):8.2f} (n={len(b):3d})')


if __name__ == '__main__':
    main()

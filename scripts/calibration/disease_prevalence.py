#!/usr/bin/env python3
"""Disease prevalence and pairwise co-occurrence of the 7 MedTVT-R1 categories in the MIMIC-IV demo admissions.

Reads ../shared/data/mimic-iv-demo/hosp/diagnoses_icd.csv.gz and admissions.csv.gz (path relative to the repository
root; override with argv[1]). Each admission's diagnosis codes are mapped to the categories exactly as
src/shared/catalogue/diseases.ts does: ICD-10 by three-character category (`diseasesForIcd10(code, 'category')`:
I25, N17, I10-I13/I15, I48, J18, E10/E11/E13/E14, A40/A41) plus R65.20/R65.21 for sepsis (the paper's set), ICD-9 by
prefix (`diseasesForIcd9`). Prints, over all admissions and over the admissions with at least one of the 7
(the MedTVT-QA filter): each marginal, the mean count, and the pairwise joint probabilities.

Usage: python3 scripts/calibration/disease_prevalence.py [../shared/data/mimic-iv-demo/hosp]
"""
import csv
import gzip
import itertools
import sys

HOSP = sys.argv[1] if len(sys.argv) > 1 else '../shared/data/mimic-iv-demo/hosp'

DISEASES = ['coronary-artery-disease', 'acute-renal-failure', 'hypertension', 'atrial-fibrillation', 'pneumonia',
            'diabetes-mellitus', 'sepsis']
ICD10_CATEGORIES = {
    'coronary-artery-disease': ['I25'],
    'acute-renal-failure': ['N17'],
    'hypertension': ['I10', 'I11', 'I12', 'I13', 'I15'],
    'atrial-fibrillation': ['I48'],
    'pneumonia': ['J18'],
    'diabetes-mellitus': ['E10', 'E11', 'E13', 'E14'],
    'sepsis': ['A40', 'A41', 'R6520', 'R6521'],
}
ICD9_PREFIXES = {
    'coronary-artery-disease': ['414', '412'],
    'acute-renal-failure': ['584'],
    'hypertension': ['401', '402', '403', '404', '405'],
    'atrial-fibrillation': ['42731', '42732'],
    'pneumonia': ['485', '486'],
    'diabetes-mellitus': ['250', '249'],
    'sepsis': ['038', '99591', '99592', '78552'],
}


def categories(code, version):
    table = ICD10_CATEGORIES if version == '10' else ICD9_PREFIXES
    return {d for d, prefixes in table.items() if any(code.startswith(p) for p in prefixes)}


def main():
    with gzip.open(f'{HOSP}/admissions.csv.gz', 'rt') as f:
        admissions = [row['hadm_id'] for row in csv.DictReader(f)]
    sets = {h: set() for h in admissions}
    with gzip.open(f'{HOSP}/diagnoses_icd.csv.gz', 'rt') as f:
        for row in csv.DictReader(f):
            if row['hadm_id'] in sets:
                sets[row['hadm_id']] |= categories(row['icd_code'].strip(), row['icd_version'].strip())

    def report(name, rows):
        n = len(rows)
        print(f'== {name}: {n} admissions')
        print(f'mean count {sum(len(s) for s in rows) / n:.3f}')
        for d in DISEASES:
            k = sum(d in s for s in rows)
            print(f'  {d:26s} {k:4d} {k / n:.3f}')
        print('  pairwise P(a and b), expected under independence, lift:')
        for a, b in itertools.combinations(DISEASES, 2):
            pa = sum(a in s for s in rows) / n
            pb = sum(b in s for s in rows) / n
            pab = sum(a in s and b in s for s in rows) / n
            lift = pab / (pa * pb) if pa * pb > 0 else float('nan')
            print(f'  {a:26s} {b:26s} {pab:.3f} {pa * pb:.3f} {lift:.2f}')

    everything = list(sets.values())
    report('all admissions', everything)
    report('admissions with >= 1 of the 7', [s for s in everything if s])


if __name__ == '__main__':
    main()

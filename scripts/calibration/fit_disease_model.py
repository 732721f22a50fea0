#!/usr/bin/env python3
"""Fits the intercepts of the synthetic cohort's disease model (src/synth/profile/disease-model.ts) to target
prevalences, by Monte Carlo on the same model.

Model (keep in sync with disease-model.ts and sample-demographics.ts): age ~ 0.8 N(68, 13) + 0.2 N(48, 15) truncated to
[18, 95]; male with probability 0.52; for each disease d, z_d = a_d + age_slope_d (age - 65) / 15 + male_shift_d
[male] + sum_f loading_{d,f} F_f + sqrt(1 - sum_f loading_{d,f}^2) e_d with independent standard normal factors F
(metabolic, infection, cardiac) and noise e; d is present when z_d > 0. Profiles without any of the 7 are rejected
(age and sex redrawn too), as MedTVT-QA's rows were filtered to admissions with at least one.

The intercepts are found by damped probit fixed-point iteration on the rejection-conditioned marginals, with
2,000,000 draws (Monte Carlo standard error < 0.001 on each marginal).

Targets:
  medtvt-qa: MedTVT-QA training counts / 8,331 samples (../shared/reference/medtvt-r1.md §2.3, pneumonia and diabetes
             pie labels swapped back): CAD 3893, ARF 3081, HTN 6456, AF 3298, pneumonia 1490, diabetes 3298,
             sepsis 3063.
  mimic-demo: scripts/calibration/disease_prevalence.py, admissions with >= 1 of the 7 (116 of 147).

Usage: python3 scripts/calibration/fit_disease_model.py
"""
import numpy as np
from scipy.stats import norm

DISEASES = ['coronary-artery-disease', 'acute-renal-failure', 'hypertension', 'atrial-fibrillation', 'pneumonia',
            'diabetes-mellitus', 'sepsis']
# Loadings on (metabolic, infection, cardiac).
LOADINGS = np.array([
    [0.40, 0.00, 0.50],  # CAD
    [0.20, 0.55, 0.10],  # ARF
    [0.50, 0.00, 0.15],  # HTN
    [0.10, 0.05, 0.55],  # AF
    [0.00, 0.60, 0.00],  # pneumonia
    [0.50, 0.00, 0.00],  # DM
    [0.00, 0.75, 0.00],  # sepsis
])
AGE_SLOPE = np.array([0.35, 0.15, 0.40, 0.55, 0.10, 0.15, 0.10])
MALE_SHIFT = np.array([0.30, 0.10, 0.00, 0.10, 0.00, 0.00, 0.05])
MALE_P = 0.52

N_MEDTVT = 8331
TARGETS = {
    'medtvt-qa': np.array([3893, 3081, 6456, 3298, 1490, 3298, 3063]) / N_MEDTVT,
    'mimic-demo': np.array([32, 36, 100, 35, 7, 64, 15]) / 116,
}


def draw(rng, n):
    young = rng.random(n) < 0.2
    age = np.where(young, rng.normal(48, 15, n), rng.normal(68, 13, n))
    bad = (age < 18) | (age > 95)
    while bad.any():
        k = bad.sum()
        y = rng.random(k) < 0.2
        age[bad] = np.where(y, rng.normal(48, 15, k), rng.normal(68, 13, k))
        bad = (age < 18) | (age > 95)
    male = rng.random(n) < MALE_P
    factors = rng.standard_normal((n, 3))
    noise = rng.standard_normal((n, 7))
    unique = np.sqrt(1 - (LOADINGS ** 2).sum(axis=1))
    base = (AGE_SLOPE[None, :] * ((age[:, None] - 65) / 15) + MALE_SHIFT[None, :] * male[:, None]
            + factors @ LOADINGS.T + unique[None, :] * noise)
    return base


def fit(target, base):
    a = norm.ppf(target)
    for _ in range(60):
        present = (base + a[None, :]) > 0
        kept = present[present.any(axis=1)]
        p = kept.mean(axis=0)
        a += 0.8 * (norm.ppf(target) - norm.ppf(p))
    present = (base + a[None, :]) > 0
    kept = present[present.any(axis=1)]
    return a, kept


def main():
    rng = np.random.default_rng(20240611)
    base = draw(rng, 2_000_000)
    for name, target in TARGETS.items():
        a, kept = fit(target, base)
        p = kept.mean(axis=0)
        print(f'== {name}: kept {kept.shape[0] / base.shape[0]:.3f} of draws; mean count {kept.sum(axis=1).mean():.3f}')
        for d, ai, pi, ti in zip(DISEASES, a, p, target):
            print(f'  {d:26s} intercept {ai:+.4f}  fitted {pi:.4f}  target {ti:.4f}')
        print('  intercepts (TS):', ', '.join(f'{x:.4f}' for x in a))
        lifts = []
        for i in range(7):
            for j in range(i + 1, 7):
                pij = (kept[:, i] & kept[:, j]).mean()
                lifts.append(f'{DISEASES[i][:6]}-{DISEASES[j][:6]} {pij / (p[i] * p[j]):.2f}')
        print('  lifts:', '; '.join(lifts))


if __name__ == '__main__':
    main()

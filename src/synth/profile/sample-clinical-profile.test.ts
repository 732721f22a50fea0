import { DISEASE_IDS, type DiseaseId } from '../../shared';
import { Random } from '../random';
import type { ClinicalProfile } from '../types';
import { sampleClinicalProfile } from './sample-clinical-profile';

function cohort(seed: string, n: number, options: Parameters<typeof sampleClinicalProfile>[1] = {}): ClinicalProfile[] {
  const root = new Random(seed);
  return Array.from({ length: n }, (_, i) => sampleClinicalProfile(root.fork(i), options));
}

function rate(profiles: readonly ClinicalProfile[], test: (p: ClinicalProfile) => boolean): number {
  return profiles.filter(test).length / profiles.length;
}

const has = (id: DiseaseId) => (p: ClinicalProfile) => p.diseases.includes(id);

// MedTVT-QA training counts over 8,331 samples, from ../shared/reference/medtvt-r1.md §2.3 (pie labels of pneumonia
// and diabetes swapped back, as its footnote derives). Independent of the generator's tables.
const MEDTVT_QA: Record<DiseaseId, number> = {
  'coronary-artery-disease': 3893 / 8331,
  'acute-renal-failure': 3081 / 8331,
  hypertension: 6456 / 8331,
  'atrial-fibrillation': 3298 / 8331,
  pneumonia: 1490 / 8331,
  'diabetes-mellitus': 3298 / 8331,
  sepsis: 3063 / 8331,
};
// MIMIC-IV demo admissions with at least one of the 7 (116): counts printed by
// `python3 scripts/calibration/disease_prevalence.py` (CAD 32, ARF 36, HTN 100, AF 35, pneumonia 7, DM 64, sepsis 15).
const MIMIC_DEMO: Record<DiseaseId, number> = {
  'coronary-artery-disease': 32 / 116,
  'acute-renal-failure': 36 / 116,
  hypertension: 100 / 116,
  'atrial-fibrillation': 35 / 116,
  pneumonia: 7 / 116,
  'diabetes-mellitus': 64 / 116,
  sepsis: 15 / 116,
};

describe('sampleClinicalProfile', () => {
  const medtvt = cohort('profile-test', 2000);

  it('gives identical profiles for the same seed and different ones for different seeds', () => {
    const a = cohort('same', 30);
    const b = cohort('same', 30);
    const c = cohort('other', 30);

    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('matches the MedTVT-QA disease marginals and its 2.95 diagnoses per sample by default', () => {
    const meanCount = medtvt.reduce((sum, p) => sum + p.diseases.length, 0) / medtvt.length;

    // Binomial SE at n = 2000 is ≤ 0.011; 0.04 is ~3.5 SE.
    for (const id of DISEASE_IDS) expect(Math.abs(rate(medtvt, has(id)) - MEDTVT_QA[id])).toBeLessThan(0.04);
    expect(Math.abs(meanCount - 24579 / 8331)).toBeLessThan(0.1);
  });

  it('matches the MIMIC-IV demo marginals under the mimic-demo prevalence', () => {
    const mimic = cohort('profile-test-mimic', 2000, { prevalence: 'mimic-demo' });

    for (const id of DISEASE_IDS) expect(Math.abs(rate(mimic, has(id)) - MIMIC_DEMO[id])).toBeLessThan(0.04);
  });

  it('gives every profile at least one disease, listed once each in catalogue order', () => {
    for (const p of medtvt) {
      expect(p.diseases.length).toBeGreaterThan(0);
      expect(p.diseases).toEqual(DISEASE_IDS.filter((id) => p.diseases.includes(id)));
      for (const id of p.diseases) {
        expect(p.severity[id]).toBeGreaterThan(0);
        expect(p.severity[id]).toBeLessThanOrEqual(1);
      }
    }
  });

  it('links sepsis with renal failure and pneumonia above independence, and CAD with AF', () => {
    const lift = (a: DiseaseId, b: DiseaseId): number =>
      rate(medtvt, (p) => has(a)(p) && has(b)(p)) / (rate(medtvt, has(a)) * rate(medtvt, has(b)));

    expect(lift('sepsis', 'acute-renal-failure')).toBeGreaterThan(1.2);
    expect(lift('sepsis', 'pneumonia')).toBeGreaterThan(1.3);
    expect(lift('coronary-artery-disease', 'atrial-fibrillation')).toBeGreaterThan(1.1);
  });

  it('draws adult ages with hypertension and AF commoner in the old', () => {
    const ages = medtvt.map((p) => p.ageYears).sort((x, y) => x - y);
    const old = medtvt.filter((p) => p.ageYears >= 70);
    const young = medtvt.filter((p) => p.ageYears < 55);

    expect(ages[0]).toBeGreaterThanOrEqual(18);
    expect(ages[ages.length - 1]).toBeLessThanOrEqual(95);
    expect(ages[Math.floor(ages.length / 2)]).toBeGreaterThan(55);
    expect(ages[Math.floor(ages.length / 2)]).toBeLessThan(75);
    expect(rate(old, has('atrial-fibrillation'))).toBeGreaterThan(rate(young, has('atrial-fibrillation')) + 0.1);
    expect(rate(old, has('hypertension'))).toBeGreaterThan(rate(young, has('hypertension')));
  });

  it('ties each phenotype to its disease', () => {
    for (const p of medtvt) {
      if (p.phenotype.ketoacidosis) expect(p.diseases).toContain('diabetes-mellitus');
      if (p.phenotype.septicShock) expect(p.diseases).toContain('sepsis');
      if (p.phenotype.acuteCoronary || p.phenotype.oldInfarct) expect(p.diseases).toContain('coronary-artery-disease');
      expect(p.phenotype.pneumonia !== undefined).toBe(p.diseases.includes('pneumonia'));
      if (p.phenotype.lvhStrain) expect(p.phenotype.lvh).toBe(true);
      expect(p.phenotype.pulmonaryOedema).toBeGreaterThanOrEqual(0);
      expect(p.phenotype.pulmonaryOedema).toBeLessThanOrEqual(1);
    }
    const septic = medtvt.filter(has('sepsis'));
    const diabetic = medtvt.filter(has('diabetes-mellitus'));
    // R65.21 is 873 of 3,063 sepsis labels (28 %) in MedTVT-QA.
    expect(rate(septic, (p) => p.phenotype.septicShock)).toBeGreaterThan(0.15);
    expect(rate(septic, (p) => p.phenotype.septicShock)).toBeLessThan(0.45);
    expect(rate(diabetic, (p) => p.phenotype.ketoacidosis)).toBeLessThan(0.25);
    expect(rate(septic, (p) => p.phenotype.fever)).toBeGreaterThan(
      rate(medtvt, (p) => !has('sepsis')(p) && !has('pneumonia')(p) && p.phenotype.fever) + 0.4,
    );
    expect(rate(medtvt.filter(has('hypertension')), (p) => p.phenotype.lvh)).toBeGreaterThan(
      rate(
        medtvt.filter((p) => !has('hypertension')(p)),
        (p) => p.phenotype.lvh,
      ),
    );
  });

  it('drops modalities at realistic rates, or keeps all three when asked', () => {
    const all = cohort('profile-test', 200, { modalities: 'all' });
    const pneumonia = medtvt.filter(has('pneumonia'));
    const noPneumonia = medtvt.filter((p) => !has('pneumonia')(p));

    expect(all.every((p) => p.modalities.labs && p.modalities.ecg && p.modalities.cxr)).toBe(true);
    expect(rate(medtvt, (p) => p.modalities.labs)).toBeGreaterThan(0.95);
    expect(rate(medtvt, (p) => p.modalities.ecg)).toBeGreaterThan(0.5);
    expect(rate(medtvt, (p) => p.modalities.ecg)).toBeLessThan(0.95);
    expect(rate(pneumonia, (p) => p.modalities.cxr)).toBeGreaterThan(rate(noPneumonia, (p) => p.modalities.cxr) + 0.2);
  });
});

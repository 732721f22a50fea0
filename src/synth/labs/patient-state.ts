/**
 * The latent physiology behind one patient's labs: a handful of continuous drivers derived from the clinical profile
 * (how injured the kidneys are, how inflamed, how shocked, how hypoxic), so that every lab reads from the same story
 * and labs that share a cause move together (a septic AKI raises creatinine, potassium, lactate and lowers
 * bicarbonate in one patient).
 */
import type { DiseaseId } from '../../shared';
import type { Random } from '../random';
import type { ClinicalProfile } from '../types';

export interface PatientState {
  male: boolean;
  ageYears: number;
  /** Severity 0–1 of each disease, 0 when absent. */
  sev: Readonly<Record<DiseaseId, number>>;
  /** Creatinine of this patient when well, mg/dL (chronic kidney disease included). */
  baselineCreatinine: number;
  /** Acute creatinine rise as a multiple of baseline (1 = none; KDIGO stage 1 ≥ 1.5, 2 ≥ 2, 3 ≥ 3). */
  akiFold: number;
  /** Systemic inflammation 0–1 (sepsis, pneumonia, acute infarction). */
  inflammation: number;
  /** Tissue hypoperfusion 0–1 (septic shock most; severe sepsis, cardiogenic states less). */
  hypoperfusion: number;
  ketoacidosis: boolean;
  diabetic: boolean;
  /** Myocardial necrosis 0–1 (acute coronary syndrome, STEMI largest). */
  myocardialInjury: number;
  /** Impaired gas exchange 0–1 (consolidation, oedema, sepsis). */
  gasExchange: number;
  /** Chronic CO2 retention (COPD, obesity hypoventilation), a common comorbidity of admissions. */
  chronicHypercapnia: boolean;
  /** On a vitamin K antagonist (INR in the therapeutic 2–3 range). */
  warfarin: boolean;
  /** On unfractionated heparin (PTT prolonged). */
  heparin: boolean;
  /** Sepsis with leukopenia rather than leukocytosis. */
  leukopenic: boolean;
  /** Chronic kidney disease (phenotype.ckd): phosphate retention, metabolic acidosis, anaemia. */
  ckd: boolean;
}

/** Derives the latent drivers; draws from `rng` in a fixed order. */
export function derivePatientState(rng: Random, profile: ClinicalProfile): PatientState {
  const sev = {} as Record<DiseaseId, number>;
  for (const id of [
    'coronary-artery-disease',
    'acute-renal-failure',
    'hypertension',
    'atrial-fibrillation',
    'pneumonia',
    'diabetes-mellitus',
    'sepsis',
  ] as const) {
    sev[id] = profile.diseases.includes(id) ? (profile.severity[id] ?? 0.5) : 0;
  }
  const { phenotype } = profile;
  const has = (id: DiseaseId): boolean => profile.diseases.includes(id);
  const male = profile.sex === 'male';

  // Baseline creatinine: muscle mass (sex), falling GFR with age, hypertensive/diabetic nephropathy.
  const chronic =
    // Hypertensive nephropathy is phenotype.ckd (below); other hypertensives keep near-normal kidneys.

    has('diabetes-mellitus') ? 0.05 + 0.15 * sev['diabetes-mellitus'] : 0;
  // Stage 3b–4 CKD: eGFR ~15–45, i.e. about 1.7–4 × the creatinine of normal kidneys.
  const ckdFold = phenotype.ckd ? 1.4 + 0.9 * rng.next() : 1;
  const baselineCreatinine =
    (male ? 0.82 : 0.65) * (1 + 0.005 * (profile.ageYears - 60)) * Math.exp(chronic + rng.normal(0, 0.2)) * ckdFold;
  // AKI: KDIGO stage grows with severity (~1.5× to ~4×); sepsis without coded ARF still gives a mild prerenal rise.
  const akiFold = has('acute-renal-failure')
    ? 1.45 + 2.2 * sev['acute-renal-failure'] ** 1.3 * Math.exp(rng.normal(0, 0.25))
    : 1 + 0.15 * sev.sepsis + 0.1 * (phenotype.ketoacidosis ? 1 : 0);

  const acuteCoronary = phenotype.acuteCoronary;
  const myocardialInjury = acuteCoronary
    ? Math.min(1, (acuteCoronary.stElevation ? 0.55 : 0.25) + 0.5 * sev['coronary-artery-disease'] * rng.next())
    : 0;
  const inflammation = Math.min(
    1,
    Math.max(
      sev.sepsis * (0.6 + 0.4 * rng.next()),
      sev.pneumonia * 0.75,
      myocardialInjury * 0.3,
      phenotype.fever ? 0.3 : 0,
    ),
  );
  const hypoperfusion = Math.min(
    1,
    (phenotype.septicShock ? 0.55 + 0.45 * sev.sepsis : 0.3 * sev.sepsis) + 0.3 * myocardialInjury,
  );
  const gasExchange = Math.min(
    1,
    Math.max(
      has('pneumonia') ? 0.3 + 0.6 * sev.pneumonia : 0,
      phenotype.pulmonaryOedema * 0.8,
      sev.sepsis * 0.4,
      phenotype.effusion === 'bilateral' ? 0.3 : 0,
    ),
  );
  return {
    male,
    ageYears: profile.ageYears,
    sev,
    baselineCreatinine,
    akiFold,
    inflammation,
    hypoperfusion,
    ketoacidosis: has('diabetes-mellitus') && phenotype.ketoacidosis,
    diabetic: has('diabetes-mellitus'),
    ckd: phenotype.ckd === true,
    myocardialInjury,
    gasExchange,
    chronicHypercapnia: rng.bernoulli(0.15),
    // AF: ~1 in 4 admitted patients on warfarin; ACS and a minority of AF are started on heparin.
    warfarin: has('atrial-fibrillation') && rng.bernoulli(0.25),
    heparin: rng.bernoulli(acuteCoronary ? 0.6 : has('atrial-fibrillation') ? 0.12 : 0.03),
    leukopenic: has('sepsis') && rng.bernoulli(0.1),
  };
}

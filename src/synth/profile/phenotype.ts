/**
 * The signs each disease shows in one patient (Phenotype in ../types.ts). Rates are clinical rules of thumb, stated
 * where they are set; severity (0–1) raises the chance of the graver forms.
 */
import type { DiseaseId } from '../../shared';
import type { Random } from '../random';
import type { CoronaryTerritory, EffusionSide, LungLobe, Phenotype } from '../types';

export interface PhenotypeContext {
  diseases: readonly DiseaseId[];
  severity: Partial<Record<DiseaseId, number>>;
  ageYears: number;
}

/** LAD (anterior) infarcts are the commonest, then RCA (inferior), then circumflex (lateral). */
const TERRITORY_WEIGHTS: Record<CoronaryTerritory, number> = { anterior: 0.45, inferior: 0.4, lateral: 0.15 };

/** Lower lobes are the commonest site of community-acquired consolidation; the right more than the left. */
const LOBE_WEIGHTS: Record<LungLobe, number> = { RLL: 0.3, LLL: 0.24, RUL: 0.16, LUL: 0.16, RML: 0.14 };

function noisyOr(probabilities: readonly number[]): number {
  return 1 - probabilities.reduce((q, p) => q * (1 - p), 1);
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

function sampleCoronary(
  rng: Random,
  sev: number,
): Pick<Phenotype, 'acuteCoronary' | 'oldInfarct' | 'chronicIschaemia'> {
  // Chronic IHD (I25) admissions: ~1 in 4 presents with an acute coronary syndrome; ~1 in 4 carries an old infarct
  // (I25.2 is 936 of 3,893 CAD labels in MedTVT-QA).
  const out: Pick<Phenotype, 'acuteCoronary' | 'oldInfarct' | 'chronicIschaemia'> = {};
  if (rng.bernoulli(0.12 + 0.28 * sev)) {
    out.acuteCoronary = { territory: rng.weighted(TERRITORY_WEIGHTS), stElevation: rng.bernoulli(0.35) };
  }
  if (rng.bernoulli(0.18 + 0.15 * sev)) {
    const territory = rng.weighted(TERRITORY_WEIGHTS);
    out.oldInfarct = { territory };
  }
  // Chronic coronary disease without either: the resting ECG shows ischaemic ST–T change (ST depression, T
  // inversion) in roughly half, more with severe (multivessel) disease.
  if (!out.acuteCoronary && !out.oldInfarct && rng.bernoulli(0.4 + 0.35 * sev)) {
    out.chronicIschaemia = { territory: rng.weighted(TERRITORY_WEIGHTS) };
  }
  return out;
}

function samplePneumonia(rng: Random, sev: number): NonNullable<Phenotype['pneumonia']> {
  const pattern = rng.bernoulli(0.55) ? 'lobar' : 'patchy';
  const count = pattern === 'lobar' ? (rng.bernoulli(0.15 + 0.3 * sev) ? 2 : 1) : 1 + rng.int(0, sev > 0.5 ? 2 : 1);
  const lobes: LungLobe[] = [];
  while (lobes.length < count) {
    const lobe = rng.weighted(LOBE_WEIGHTS);
    if (!lobes.includes(lobe)) lobes.push(lobe);
  }
  return { lobes: lobes.sort(), pattern };
}

function sampleEffusion(rng: Random, oedema: number, pneumonia: Phenotype['pneumonia'], sepsis: number): EffusionSide {
  // Transudates from overload are usually bilateral; parapneumonic effusions follow the consolidated side.
  const bilateral = oedema > 0 && rng.bernoulli(0.2 + 0.5 * oedema);
  if (bilateral) return 'bilateral';
  if (pneumonia && rng.bernoulli(0.25)) {
    const right = pneumonia.lobes.filter((l) => l.startsWith('R')).length;
    const left = pneumonia.lobes.length - right;
    return right >= left ? 'right' : 'left';
  }
  if (rng.bernoulli(0.03 + 0.1 * sepsis)) return rng.bernoulli(0.5) ? 'right' : 'left';
  return 'none';
}

/** Draws the phenotype of a patient with the given diseases. */
export function samplePhenotype(rng: Random, ctx: PhenotypeContext): Phenotype {
  const has = (id: DiseaseId): boolean => ctx.diseases.includes(id);
  const sev = (id: DiseaseId): number => (has(id) ? (ctx.severity[id] ?? 0) : 0);
  const cad = sev('coronary-artery-disease');
  const htn = sev('hypertension');
  const af = sev('atrial-fibrillation');
  const arf = sev('acute-renal-failure');
  const sepsis = sev('sepsis');

  const coronary = has('coronary-artery-disease') ? sampleCoronary(rng, cad) : {};
  // Hypertensive heart disease: echocardiographic LVH in ~40 % of hypertensives; here by ECG voltage criteria in
  // ~20–55 %, more with long-standing severe disease.
  const lvhP = has('hypertension') ? 0.2 + 0.35 * htn : has('coronary-artery-disease') ? 0.05 : 0.02;
  const lvh = rng.bernoulli(lvhP);
  const lvhStrain = lvh && rng.bernoulli(0.25 + 0.4 * Math.max(htn, cad));
  const cardiomegaly = rng.bernoulli(
    noisyOr([
      0.06,
      has('hypertension') ? 0.12 + 0.2 * htn : 0,
      has('coronary-artery-disease') ? 0.1 + 0.15 * cad : 0,
      has('atrial-fibrillation') ? 0.15 + 0.15 * af : 0,
      lvh ? 0.25 : 0,
    ]),
  );
  // Chronic kidney disease: 35 of the MIMIC-IV demo's 100 hypertensive admissions are coded I12/I13 (hypertensive
  // CKD), against 2 of the 47 without hypertension; diabetic nephropathy adds a little.
  const ckd = rng.bernoulli(has('hypertension') ? 0.2 + 0.3 * htn : has('diabetes-mellitus') ? 0.06 : 0.03);
  // DKA: a minority of diabetic admissions, commoner in the young (type 1) and the severe.
  const ketoacidosis =
    has('diabetes-mellitus') && rng.bernoulli(0.04 + 0.1 * sev('diabetes-mellitus') + (ctx.ageYears < 40 ? 0.2 : 0));
  // R65.21 (septic shock) is 873 of 3,063 sepsis labels in MedTVT-QA, ~28 %.
  const septicShock = has('sepsis') && rng.bernoulli(0.03 + 0.5 * sepsis);
  const pneumonia = has('pneumonia') ? samplePneumonia(rng, sev('pneumonia')) : undefined;

  const oedemaDrivers = [
    has('acute-renal-failure') ? 0.15 + 0.35 * arf : 0,
    has('sepsis') ? 0.1 + (septicShock ? 0.3 : 0.1) : 0,
    coronary.acuteCoronary ? 0.3 : 0,
    cardiomegaly ? 0.3 : 0,
    has('atrial-fibrillation') ? 0.08 : 0,
  ];
  const hasOedema = rng.bernoulli(noisyOr(oedemaDrivers));
  const pulmonaryOedema = hasOedema ? clamp01(0.2 + 0.6 * Math.max(arf, sepsis, cad, af) + rng.normal(0, 0.15)) : 0;
  const effusion = sampleEffusion(rng, pulmonaryOedema, pneumonia, sepsis);
  const fever = rng.bernoulli(
    noisyOr([0.03, has('sepsis') ? 0.6 + 0.2 * sepsis : 0, has('pneumonia') ? 0.55 + 0.2 * sev('pneumonia') : 0]),
  );

  const phenotype: Phenotype = {
    lvh,
    lvhStrain,
    cardiomegaly,
    ketoacidosis,
    septicShock,
    pulmonaryOedema,
    effusion,
    fever,
  };
  if (coronary.acuteCoronary) phenotype.acuteCoronary = coronary.acuteCoronary;
  if (coronary.oldInfarct) phenotype.oldInfarct = coronary.oldInfarct;
  if (coronary.chronicIschaemia) phenotype.chronicIschaemia = coronary.chronicIschaemia;
  if (ckd) phenotype.ckd = true;
  if (pneumonia) phenotype.pneumonia = pneumonia;
  return phenotype;
}

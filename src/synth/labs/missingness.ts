/**
 * MIMIC-like missingness, decided per panel (labs ordered together are present together), with the panel structure
 * measured on the MIMIC-IV demo (scripts/calibration/lab_targets.py: presence phi ≥ 0.95 within each panel):
 * - chemistry (Na, K, Cl, HCO3, anion gap, creatinine, urea, glucose) 0.98; Ca + phosphate 0.86; magnesium with
 *   them always, alone 0.25 of the rest (→ 0.90);
 * - blood count (Hb, Hct, RBC, indices, RDW, WBC, platelets) 0.98; percentage differential 0.81 of those;
 * - liver (ALT, AST, ALP, bilirubin) 0.54; albumin 0.84 with them, 0.04 without;
 * - coagulation (PT, INR, PTT) 0.76; blood gas (pH, pCO2, pO2, total CO2, base excess) 0.29; lactate 0.91 with a
 *   gas, 0.39 without (→ 0.54); CK 0.19;
 * - an analyser-generation flag (0.49 of admissions, the demo spans a change of haematology and chemistry analysers)
 *   carries RDW-SD, the absolute differential (always with the percentages), immature granulocytes (0.69 of those)
 *   and the H/I/L indices (0.75).
 * Sicker patients get more tests (odds ratios below; sepsis: gas 0.53 vs 0.26, lactate 0.80 vs 0.50, liver 0.80 vs
 * 0.50 in the demo). Base probabilities are the odds that reproduce the demo's overall rates under the 'mimic-demo'
 * prevalence (tuned by running the generator; see the test's presence check).
 */
import type { DiseaseId, LabId } from '../../shared';
import type { Random } from '../random';
import type { ClinicalProfile } from '../types';

type PanelName =
  | 'chemistry'
  | 'caPhos'
  | 'magnesiumAlone'
  | 'bloodCount'
  | 'differential'
  | 'differentialNewAnalyser'
  | 'liver'
  | 'albuminWithLiver'
  | 'albuminAlone'
  | 'coagulation'
  | 'bloodGas'
  | 'lactateWithGas'
  | 'lactateAlone'
  | 'creatineKinase'
  | 'newAnalyser'
  | 'immatureGranulocytes'
  | 'specimenIndices';

interface PanelRule {
  probability: number;
  /** Odds ratios applied when a disease (or phenotype) is present. */
  oddsRatios?: Partial<Record<DiseaseId | 'acuteCoronary' | 'septicShock', number>>;
}

const RULES: Readonly<Record<PanelName, PanelRule>> = {
  chemistry: { probability: 0.98 },
  caPhos: { probability: 0.83, oddsRatios: { 'acute-renal-failure': 1.8, sepsis: 1.5 } },
  magnesiumAlone: { probability: 0.25 },
  bloodCount: { probability: 0.98 },
  differential: { probability: 0.68, oddsRatios: { sepsis: 2, pneumonia: 2 } },
  differentialNewAnalyser: { probability: 0.88, oddsRatios: { sepsis: 2, pneumonia: 2 } },
  liver: { probability: 0.5, oddsRatios: { sepsis: 3, pneumonia: 2.5, acuteCoronary: 1.5 } },
  albuminWithLiver: { probability: 0.84 },
  albuminAlone: { probability: 0.04 },
  coagulation: { probability: 0.72, oddsRatios: { sepsis: 3, 'atrial-fibrillation': 1.6, acuteCoronary: 3 } },
  bloodGas: {
    probability: 0.22,
    oddsRatios: { sepsis: 2.5, pneumonia: 3.5, 'acute-renal-failure': 1.5, septicShock: 3 },
  },
  lactateWithGas: { probability: 0.91 },
  lactateAlone: { probability: 0.36, oddsRatios: { sepsis: 4, pneumonia: 2 } },
  creatineKinase: { probability: 0.16, oddsRatios: { acuteCoronary: 3 } },
  newAnalyser: { probability: 0.5 },
  immatureGranulocytes: { probability: 0.69 },
  specimenIndices: { probability: 0.75 },
};

const PANEL_LABS: Partial<Readonly<Record<PanelName, readonly LabId[]>>> = {
  chemistry: ['sodium', 'potassium', 'chloride', 'bicarbonate', 'anion-gap', 'creatinine', 'urea-nitrogen', 'glucose'],
  caPhos: ['calcium-total', 'phosphate'],
  bloodCount: ['hemoglobin', 'hematocrit', 'rbc', 'mcv', 'mch', 'mchc', 'rdw', 'wbc', 'platelets'],
  differential: ['neutrophils', 'lymphocytes', 'monocytes', 'eosinophils', 'basophils'],
  liver: ['alt', 'ast', 'alkaline-phosphatase', 'bilirubin-total'],
  coagulation: ['pt', 'inr', 'ptt'],
  bloodGas: ['ph', 'pco2', 'po2', 'calculated-total-co2', 'base-excess'],
  creatineKinase: ['creatine-kinase'],
};

function probability(rule: PanelRule, profile: ClinicalProfile): number {
  let odds = rule.probability / (1 - rule.probability);
  for (const [key, ratio] of Object.entries(rule.oddsRatios ?? {}) as [string, number][]) {
    const present =
      key === 'acuteCoronary'
        ? profile.phenotype.acuteCoronary !== undefined
        : key === 'septicShock'
          ? profile.phenotype.septicShock
          : profile.diseases.includes(key as DiseaseId);
    if (present) odds *= ratio;
  }
  return odds / (1 + odds);
}

/**
 * Which of the 50 labs this admission has measured. Draws every panel in a fixed order, so that one panel's
 * outcome never shifts another's draws.
 */
export function sampleMeasuredLabs(rng: Random, profile: ClinicalProfile): Set<LabId> {
  const drawn = {} as Record<PanelName, boolean>;
  for (const name of Object.keys(RULES) as PanelName[]) {
    drawn[name] = rng.bernoulli(probability(RULES[name], profile));
  }
  const measured = new Set<LabId>();
  const add = (name: PanelName): void => {
    for (const id of PANEL_LABS[name] ?? []) measured.add(id);
  };
  if (drawn.chemistry) add('chemistry');
  if (drawn.caPhos) add('caPhos');
  if (drawn.caPhos || drawn.magnesiumAlone) measured.add('magnesium');
  if (drawn.bloodCount) {
    add('bloodCount');
    if (drawn.newAnalyser) measured.add('rdw-sd');
    if (drawn.newAnalyser ? drawn.differentialNewAnalyser : drawn.differential) {
      add('differential');
      if (drawn.newAnalyser) {
        for (const id of [
          'neutrophils-absolute',
          'lymphocytes-absolute',
          'monocytes-absolute',
          'eosinophils-absolute',
          'basophils-absolute',
        ] as const) {
          measured.add(id);
        }
        if (drawn.immatureGranulocytes) measured.add('immature-granulocytes');
      }
    }
  }
  if (drawn.liver) add('liver');
  if (drawn.liver ? drawn.albuminWithLiver : drawn.albuminAlone) measured.add('albumin');
  if (drawn.coagulation) add('coagulation');
  if (drawn.bloodGas) add('bloodGas');
  if (drawn.bloodGas ? drawn.lactateWithGas : drawn.lactateAlone) measured.add('lactate');
  if (drawn.creatineKinase) add('creatineKinase');
  if (drawn.newAnalyser && drawn.specimenIndices && drawn.chemistry) {
    for (const id of ['hemolysis-index', 'icterus-index', 'lipemia-index'] as const) measured.add(id);
  }
  return measured;
}

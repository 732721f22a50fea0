/**
 * The synthetic labs of one admission: all 50 catalogue labs in their catalogue UCUM units, drawn from one latent
 * physiology (patient-state.ts) so that disease shifts and inter-lab identities hold together, then thinned by
 * MIMIC-like panel missingness (missingness.ts).
 */
import { LAB_IDS, type LabId } from '../../shared';
import type { Random } from '../random';
import type { ClinicalProfile, SyntheticLabs } from '../types';
import { generateBloodCount } from './blood-count';
import { generateBloodGas } from './blood-gas';
import { generateChemistry } from './chemistry';
import { generateCoagulation } from './coagulation';
import { generateLiverLabs } from './liver';
import { sampleMeasuredLabs } from './missingness';
import { derivePatientState } from './patient-state';
import { generateSpecimenIndices, sampleHaemolysisIndex } from './specimen-indices';

/** What the lab generator put in: the physiology behind the numbers, whether or not each lab was measured. */
export interface LabTruth {
  /** All 50 labs as they would have been reported had every panel been ordered. */
  complete: Record<LabId, number>;
  /** In-vivo serum potassium (no haemolysis artefact), mEq/L: the potassium behind the ECG's T waves. */
  potassiumMeqL: number;
  /** In-vivo potassium > 5.5 mEq/L. */
  hyperkalaemia: boolean;
  /** Diabetic ketoacidosis drawn (glucose high, ketoacids 8–18 mmol/L, bicarbonate and pH low, gap high). */
  ketoacidosis: boolean;
  /** Lactate ≥ 4 mmol/L. */
  lacticAcidosis: boolean;
  /** KDIGO creatinine stage against the patient's own baseline: 0 (< 1.5×), 1, 2 (≥ 2×), 3 (≥ 3×). */
  akiStage: 0 | 1 | 2 | 3;
  /** The patient's creatinine when well, mg/dL. */
  baselineCreatinine: number;
  /** WHO: haemoglobin < 13 g/dL (men) or < 12 g/dL (women). */
  anaemia: boolean;
  /** WBC > 12 × 10³/µL. */
  leukocytosis: boolean;
  /** WBC < 4 × 10³/µL. */
  leukopenia: boolean;
  /** Platelets < 150 × 10³/µL. */
  thrombocytopenia: boolean;
  /** Arterial pO2 < 60 mmHg (whatever sample was drawn). */
  hypoxaemia: boolean;
  /** CK > 2 × the upper reference limit (340 U/L). */
  ckRaised: boolean;
  /** INR > 1.5. */
  coagulopathy: boolean;
  /** Serum bicarbonate < 22 mEq/L. */
  metabolicAcidosis: boolean;
  bloodGasSpecimen: 'arterial' | 'venous';
}

export interface GeneratedLabs {
  /** The measured labs (missing key = not measured). Not thinned by `profile.modalities.labs`: callers decide. */
  labs: SyntheticLabs;
  truth: LabTruth;
}

function akiStage(fold: number): LabTruth['akiStage'] {
  if (fold >= 3) return 3;
  if (fold >= 2) return 2;
  if (fold >= 1.5) return 1;
  return 0;
}

/**
 * Generates the labs of the patient described by `profile`.
 * @param rng - Consumed for one key, then forked per part (state, chemistry, gas, …) so parts draw independently.
 */
export function generateLabs(rng: Random, profile: ClinicalProfile): GeneratedLabs {
  const key = rng.nextUint32();
  const stream = (label: string): Random => rng.fork(`${key}:${label}`);

  const state = derivePatientState(stream('state'), profile);
  const liver = generateLiverLabs(stream('liver'), state);
  const haemolysis = sampleHaemolysisIndex(stream('haemolysis'));
  const chemistry = generateChemistry(stream('chemistry'), state, liver.albumin, haemolysis);
  const gas = generateBloodGas(stream('gas'), state, chemistry.bicarbonateExact);
  const count = generateBloodCount(stream('count'), state);
  const coagulation = generateCoagulation(stream('coagulation'), state, liver['bilirubin-total']);
  const indices = generateSpecimenIndices(stream('indices'), state, haemolysis, liver['bilirubin-total']);

  const merged: Partial<Record<LabId, number>> = {
    ...liver,
    ...chemistry.labs,
    ...gas.labs,
    ...count,
    ...coagulation,
    ...indices,
  };
  const complete = {} as Record<LabId, number>;
  for (const id of LAB_IDS) {
    const value = merged[id];
    if (value === undefined) throw new Error(`Lab generator produced no value for "${id}"`);
    complete[id] = value;
  }

  const measured = sampleMeasuredLabs(stream('missingness'), profile);
  const labs: SyntheticLabs = {};
  for (const id of LAB_IDS) if (measured.has(id)) labs[id] = complete[id];

  const truth: LabTruth = {
    complete,
    potassiumMeqL: chemistry.potassiumInVivo,
    hyperkalaemia: chemistry.potassiumInVivo > 5.5,
    ketoacidosis: state.ketoacidosis,
    lacticAcidosis: chemistry.lactateExact >= 4,
    akiStage: akiStage(state.akiFold),
    baselineCreatinine: state.baselineCreatinine,
    anaemia: complete.hemoglobin < (state.male ? 13 : 12),
    leukocytosis: complete.wbc > 12,
    leukopenia: complete.wbc < 4,
    thrombocytopenia: complete.platelets < 150,
    hypoxaemia: gas.arterialPo2 < 60,
    ckRaised: complete['creatine-kinase'] > 340,
    coagulopathy: complete.inr > 1.5,
    metabolicAcidosis: complete.bicarbonate < 22,
    bloodGasSpecimen: gas.specimen,
  };
  return { labs, truth };
}

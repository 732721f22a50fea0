/**
 * Contracts between the parts of the synthetic cohort. A ClinicalProfile (who the patient is and what they have)
 * drives three independent generators through their own specs; the admission composer maps one to the others, so
 * that the modalities tell one consistent story (the potassium of the labs is the potassium behind the ECG's T
 * waves; the pneumonia on the CXR is the pneumonia behind the WBC).
 */
import type { ChestImage, ChestView, DiseaseId, EcgLeadName, EcgRecording, LabId } from '../shared';

export type Sex = 'male' | 'female';
export type CoronaryTerritory = 'anterior' | 'inferior' | 'lateral';
export type LungLobe = 'RUL' | 'RML' | 'RLL' | 'LUL' | 'LLL';
export type EffusionSide = 'none' | 'left' | 'right' | 'bilateral';

/** Disease sub-phenotypes: the signs a disease shows in this patient. */
export interface Phenotype {
  /** CAD presenting as an acute infarction (ST elevation or depression, CK up) in a coronary territory. */
  acuteCoronary?: { territory: CoronaryTerritory; stElevation: boolean };
  /** CAD with an old infarct (pathological Q waves) in a territory. */
  oldInfarct?: { territory: CoronaryTerritory };
  /**
   * Chronic CAD with resting ischaemic ST–T change (ST depression, T inversion) in a territory, without an acute
   * syndrome or an old infarct: no troponin/CK rise.
   */
  chronicIschaemia?: { territory: CoronaryTerritory };
  /**
   * Chronic kidney disease (stage 3–4): hypertensive nephropathy above all (ICD-10 I12/I13, in the paper's
   * hypertension set). Raises the baseline creatinine and urea, lowers haemoglobin and bicarbonate, raises phosphate.
   */
  ckd?: boolean;
  /** Left ventricular hypertrophy (long-standing hypertension): voltage criteria, with strain when severe. */
  lvh: boolean;
  lvhStrain: boolean;
  cardiomegaly: boolean;
  /** Diabetic ketoacidosis: high glucose, raised anion gap, low bicarbonate and pH. */
  ketoacidosis: boolean;
  septicShock: boolean;
  pneumonia?: { lobes: LungLobe[]; pattern: 'lobar' | 'patchy' };
  /** 0 (none) to 1 (frank alveolar oedema). */
  pulmonaryOedema: number;
  effusion: EffusionSide;
  fever: boolean;
}

/** Who the patient is and what they have at this admission. */
export interface ClinicalProfile {
  sex: Sex;
  ageYears: number;
  /** In catalogue order (DISEASE_IDS). */
  diseases: DiseaseId[];
  /** 0–1 per present disease. */
  severity: Partial<Record<DiseaseId, number>>;
  phenotype: Phenotype;
  /** Which modalities this admission has (each absent at realistic rates). */
  modalities: { labs: boolean; ecg: boolean; cxr: boolean };
}

/** Lab results in each lab's catalogue unit; a missing key = not measured. */
export type SyntheticLabs = Partial<Record<LabId, number>>;

export interface EcgSynthSpec {
  sex: Sex;
  ageYears: number;
  rhythm: 'sinus' | 'atrial-fibrillation';
  /** Mean ventricular rate, bpm. */
  heartRateBpm: number;
  lvh: boolean;
  lvhStrain: boolean;
  ischaemia?: { territory: CoronaryTerritory; kind: 'st-elevation' | 'st-depression' | 'q-waves' };
  /** Serum potassium, mEq/L: > 5.5 peaked T waves, > 7 widened QRS. */
  potassiumMeqL: number;
  /** 500 Hz × 10 s unless set. */
  samplingRateHz?: number;
  durationS?: number;
}

/** What the ECG generator put in, measured on its own noise-free model. */
export interface EcgTruth {
  rhythm: 'sinus' | 'atrial-fibrillation';
  /** 60000 / mean RR of the generated beats. */
  heartRateBpm: number;
  rrIntervalsMs: number[];
  /** Sample index of each QRS onset. */
  qrsOnsets: number[];
  /** Undefined in atrial fibrillation (no P waves). */
  prMs?: number;
  /** Global QRS duration: earliest onset to latest offset across the 12 leads. */
  qrsMs: number;
  qtMs: number;
  /** Bazett: QT / sqrt(RR in s). */
  qtcMs: number;
  /** ST deviation at J + 60 ms against the PR segment baseline, mV, per lead (noise-free). */
  stDeviationMv: Record<EcgLeadName, number>;
  /** Signs drawn, e.g. 'peaked-t', 'lvh-voltage', 'st-elevation-inferior', 'q-waves-anterior'. */
  signs: string[];
}

export type CxrFindingKind = 'cardiomegaly' | 'consolidation' | 'pulmonary-oedema' | 'pleural-effusion';

export interface CxrFinding {
  kind: CxrFindingKind;
  /** Lobe, side, or 'bilateral'. */
  location?: string;
  /** 0–1. */
  severity: number;
}

export interface CxrSynthSpec {
  sex: Sex;
  ageYears: number;
  view: Extract<ChestView, 'PA' | 'AP'>;
  /** Target cardiothoracic ratio (> 0.5 = cardiomegaly on a PA film). */
  cardiothoracicRatio: number;
  consolidation?: { lobes: LungLobe[]; pattern: 'lobar' | 'patchy'; extent: number };
  pulmonaryOedema: number;
  effusion: EffusionSide;
  /** Square image side in pixels; at least 512. */
  size?: number;
}

export interface CxrTruth {
  view: 'PA' | 'AP';
  /** Measured on the drawn anatomy: maximal cardiac width / maximal inner thoracic width. */
  cardiothoracicRatio: number;
  findings: CxrFinding[];
  acquisition: { exposure: number; rotationDeg: number; inspirationRibs: number; noiseSd: number };
}

export interface GeneratedEcg {
  recording: EcgRecording;
  truth: EcgTruth;
}

export interface GeneratedCxr {
  image: ChestImage;
  truth: CxrTruth;
}

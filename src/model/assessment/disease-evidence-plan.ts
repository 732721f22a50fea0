/**
 * Which measurements go into each disease's chain of evidence, chosen by physiology: the labs and ECG signs a
 * clinician would check first for that disease. The model itself reads every lab and the whole ECG; this table only
 * decides what the evidence shows next to its probability.
 */
import type { DiseaseId, LabId } from '../../shared';

/** An ECG measurement the evidence chain can show (see ecg-evidence.ts). */
export type EcgEvidenceKind =
  | 'rhythm'
  | 'rr-irregularity'
  | 'heart-rate'
  | 'pr'
  | 'qrs'
  | 'qtc'
  | 'st-territories'
  | 'sokolow-lyon'
  | 't-amplitude';

/** The evidence one disease's chain draws from each modality. */
export interface DiseaseEvidencePlan {
  /** Labs in the order a reader checks them (abnormal ones are moved first when shown). */
  labs: readonly LabId[];
  ecg: readonly EcgEvidenceKind[];
  /** Whether the chest radiograph bears on the disease (consolidation, cardiomegaly, oedema). */
  cxr: boolean;
}

/** The plan per disease. */
export const DISEASE_EVIDENCE_PLANS: Readonly<Record<DiseaseId, DiseaseEvidencePlan>> = {
  // Ischaemia: ST deviation by coronary territory; CK and AST leak from injured myocardium.
  'coronary-artery-disease': { labs: ['creatine-kinase', 'ast'], ecg: ['st-territories'], cxr: true },
  // Retention (creatinine, urea, phosphate), hyperkalaemia and metabolic acidosis; on the ECG hyperkalaemia peaks the
  // T wave, then lengthens PR and widens the QRS; potassium and calcium also move the QT.
  'acute-renal-failure': {
    labs: ['creatinine', 'urea-nitrogen', 'potassium', 'bicarbonate', 'anion-gap', 'phosphate'],
    ecg: ['t-amplitude', 'qrs', 'pr', 'qtc'],
    cxr: true,
  },
  // Hypertensive nephropathy (creatinine) and left ventricular hypertrophy (QRS voltage, cardiomegaly).
  hypertension: { labs: ['creatinine'], ecg: ['sokolow-lyon'], cxr: true },
  // "Irregularly irregular, no P waves", and the ventricular rate.
  'atrial-fibrillation': { labs: [], ecg: ['rhythm', 'rr-irregularity', 'heart-rate'], cxr: false },
  // Inflammation (WBC) and impaired gas exchange (pO2); consolidation on the radiograph.
  pneumonia: { labs: ['wbc', 'po2'], ecg: [], cxr: true },
  // Hyperglycaemia and, in ketoacidosis, a high-anion-gap metabolic acidosis.
  'diabetes-mellitus': { labs: ['glucose', 'anion-gap', 'bicarbonate', 'ph'], ecg: [], cxr: false },
  // SIRS/SOFA markers: leucocytosis, hyperlactataemia, neutrophilia, thrombocytopenia, bilirubin, coagulopathy;
  // tachycardia on the ECG; a pulmonary source on the radiograph.
  sepsis: {
    labs: ['wbc', 'lactate', 'neutrophils', 'platelets', 'bilirubin-total', 'inr'],
    ecg: ['heart-rate'],
    cxr: true,
  },
};

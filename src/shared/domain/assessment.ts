import type { DiseaseId } from '../catalogue/diseases';
import type { Modality, ModalityIssue } from './modality';
import type { ReferenceRange } from './lab-panel';

/** One piece of evidence behind a finding, in units and codes a clinician can check. */
export interface EvidenceItem {
  modality: Modality;
  /** What was measured or seen, e.g. "Creatinine", "QRS duration", "Consolidation, right lower zone". */
  label: string;
  /** Code of the measurement (LOINC for labs and ECG intervals), when there is one. */
  code?: { system: string; code: string; display?: string };
  value?: number;
  /** UCUM unit of `value`. */
  unit?: string;
  referenceRange?: ReferenceRange;
  interpretation?: 'high' | 'low' | 'abnormal' | 'normal';
  /**
   * A qualitative result or a remark that goes with the item, e.g. a rhythm call ("atrial fibrillation"), an image's
   * view, or why a measurement could not be made.
   */
  text?: string;
  /** FHIR reference of the resource the evidence came from. */
  source?: string;
}

/** The model's view of one disease. */
export interface DiseaseFinding {
  disease: DiseaseId;
  /** The paper's exact answer string, e.g. "Acute Renal Failure". */
  display: string;
  /** Calibrated probability in [0, 1]. */
  probability: number;
  /** Decision threshold chosen on validation data, from the model package. */
  threshold: number;
  /** `probability >= threshold`. */
  likely: boolean;
  /** Whether the disease is on the patient's problem list given to the assessment; absent when none was given. */
  onProblemList?: boolean;
  evidence: EvidenceItem[];
}

/**
 * The result of assessing one patient. Later issues add the evidence narrative and decoder output; the fields below
 * are fixed.
 */
export interface Assessment {
  id: string;
  patientId: string;
  encounterId?: string;
  /** ISO 8601. */
  createdAt: string;
  model: { name: string; version: string };
  findings: DiseaseFinding[];
  modalities: {
    used: Modality[];
    missing: Modality[];
    /** Contribution weight per used modality (the MPL's contribution-aware gate), summing to 1 over used ones. */
    weights: Partial<Record<Modality, number>>;
  };
  issues: ModalityIssue[];
  /** Milliseconds. */
  timings: { fetchMs?: number; preprocessMs?: number; inferenceMs?: number; totalMs: number };
  /** FHIR references of everything the assessment was based on (RiskAssessment.basis). */
  basis: string[];
}

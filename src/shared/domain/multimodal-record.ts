import type { ChestImage } from './chest-image';
import type { EcgRecording } from './ecg-recording';
import type { LabPanel } from './lab-panel';
import type { ModalityIssue } from './modality';
import type { Provenance } from './provenance';

/**
 * What the perception model sees of one patient at one time: any subset of labs, ECG and CXR, plus the reason for
 * each modality that is absent or was only partly read.
 */
export interface MultimodalRecord {
  /** FHIR logical id (or synthetic id); never an MRN or a name. */
  patientId: string;
  encounterId?: string;
  /** ISO 8601 time the record is anchored on (admission, or the assessment time). */
  anchorTime?: string;
  labs?: LabPanel;
  ecg?: EcgRecording;
  cxr?: ChestImage;
  issues: ModalityIssue[];
  provenance: Provenance;
}

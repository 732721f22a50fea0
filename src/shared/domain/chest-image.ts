import type { Provenance } from './provenance';

export type ChestView = 'PA' | 'AP' | 'LATERAL' | 'UNKNOWN';

/**
 * A frontal chest radiograph as a single-channel image.
 *
 * `pixels` is row-major, `width × height`, float32 in [0, 1] with the MONOCHROME2 convention: 0 = black (air),
 * 1 = white (bone). Readers invert MONOCHROME1 sources and apply the rescale/window so that every source arrives
 * in this one convention.
 */
export interface ChestImage {
  width: number;
  height: number;
  pixels: Float32Array;
  /** Bits per sample in the source (8 for most PNG/JPEG, 10–16 for DICOM). */
  sourceBitDepth: number;
  sourceFormat: 'dicom' | 'png' | 'jpeg';
  view?: ChestView;
  /** DICOM modality when known (CR, DX). */
  modality?: string;
  /** ISO 8601 acquisition time. */
  acquiredAt?: string;
  /**
   * Findings a radiologist reported for this image (e.g. DiagnosticReport.conclusionCode), when the source carried a
   * report: the evidence chain shows them as radiologist findings, unlike the model's image-level contribution.
   */
  reportedFindings?: { code?: { system: string; code: string; display?: string }; text: string }[];
  /** The radiology report's conclusion text (DiagnosticReport.conclusion), when the source carried one. */
  report?: string;
  provenance: Provenance;
}

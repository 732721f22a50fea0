import type { EcgLeadName } from '../catalogue/ecg-leads';
import type { Provenance } from './provenance';

/** One lead of a 12-lead ECG: samples in millivolts at the recording's sampling rate. */
export interface EcgLead {
  name: EcgLeadName;
  /** mV, one value per sample; NaN where the source marked a sample as missing or out of range. */
  samples: Float32Array;
}

/** Interval measurements, as a device reported them or as src/signal measured them. All in ms or bpm. */
export interface EcgMeasurements {
  heartRateBpm?: number;
  prMs?: number;
  qrsMs?: number;
  qtMs?: number;
  qtcMs?: number;
  /** Free-text statements (e.g. DICOM annotations, WFDB header comments) kept for evidence. */
  statements?: string[];
}

/**
 * A resting 12-lead ECG. Leads are identified by name, never by position: `leads` may be in any order, and may
 * hold fewer than 12 leads when the source did (the model layer decides how to handle missing leads).
 */
export interface EcgRecording {
  /** Hz. */
  samplingRateHz: number;
  leads: EcgLead[];
  /** ISO 8601 acquisition time. */
  recordedAt?: string;
  measurements?: EcgMeasurements;
  provenance: Provenance;
}

/** The lead with this name, or undefined. */
export function findLead(recording: EcgRecording, name: EcgLeadName): EcgLead | undefined {
  return recording.leads.find((lead) => lead.name === name);
}

/** Duration in seconds of the longest lead. */
export function ecgDurationSeconds(recording: EcgRecording): number {
  const samples = Math.max(0, ...recording.leads.map((lead) => lead.samples.length));
  return samples / recording.samplingRateHz;
}

/**
 * WFDB record → domain EcgRecording: the twelve standard leads, found by name.
 */
import {
  FormatError,
  normaliseLeadName,
  type EcgLead,
  type EcgLeadName,
  type EcgRecording,
  type Provenance,
} from '../../shared';
import type { WfdbRecord } from './wfdb-record';

/**
 * Keeps the signals whose description names one of the 12 standard leads (`I`, `ii`, `AVR` → aVR, `V6`…), in the
 * record's order, and drops the others (Frank leads `vx`/`vy`/`vz`, `MLII`). A record with at least one standard
 * lead is accepted, since EcgRecording may hold fewer than 12 leads and the model layer decides what a missing lead
 * means; MIT-BIH `100` (MLII, V5) therefore gives a one-lead recording. Header comments are kept as statements.
 *
 * @param record - a record from readWfdbRecord
 * @param provenance - where the record came from (file names or FHIR references)
 * @throws FormatError when no signal is a standard lead, when a lead appears twice, or when a lead is not in mV
 */
export function wfdbToEcgRecording(record: WfdbRecord, provenance: Provenance): EcgRecording {
  const source = record.name;
  const leads: EcgLead[] = [];
  const seen = new Map<EcgLeadName, number>();
  record.signals.forEach((signal, index) => {
    const name = normaliseLeadName(signal.name);
    if (!name) return;
    const previous = seen.get(name);
    if (previous !== undefined) {
      throw new FormatError('WFDB', `signal ${index}: lead ${name} already given by signal ${previous}`, source);
    }
    if (signal.units !== 'mV') {
      throw new FormatError('WFDB', `signal ${index}: lead ${name} is in "${signal.units}", not a voltage`, source);
    }
    seen.set(name, index);
    leads.push({ name, samples: signal.samples });
  });
  if (leads.length === 0) {
    const names = record.signals.map((signal) => signal.name || '(unnamed)').join(', ');
    throw new FormatError('WFDB', `no standard ECG lead among the signals (${names || 'none'})`, source);
  }

  const recording: EcgRecording = { samplingRateHz: record.samplingRateHz, leads, provenance };
  if (record.recordedAt) recording.recordedAt = record.recordedAt;
  if (record.comments.length > 0) recording.measurements = { statements: [...record.comments] };
  return recording;
}

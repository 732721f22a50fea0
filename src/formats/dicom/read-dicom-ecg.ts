/**
 * Reader for 12-lead and General ECG Waveform Storage (PS3.3 A.34.3/A.34.4; waveform module C.10.9).
 */
import type { DataSet } from 'dicom-parser';
import type { EcgLead, EcgLeadName, EcgRecording } from '../../shared/index';
import {
  dicomError,
  parseDicomPart10,
  readSequence,
  readString,
  requireNumber,
  type NumericVr,
} from './dicom-data-set';
import { readAcquisitionDateTime } from './dicom-date-time';
import { readEcgChannelDefinitions } from './dicom-ecg-channels';
import { readEcgMeasurements } from './dicom-ecg-measurements';
import { TAGS, type DicomTag } from './dicom-tags';
import { ECG_SOP_CLASS_UIDS, NATIVE_TRANSFER_SYNTAXES } from './dicom-uids';
import { decodeWaveformSamples } from './dicom-waveform-samples';

/**
 * Reads a DICOM ECG into an EcgRecording: the rhythm multiplex group's leads in mV, the device's measurements and
 * statements, and the acquisition time.
 *
 * @param bytes - a DICOM Part-10 file
 * @param source - file name or reference, for provenance and error messages
 * @throws FormatError (format `DICOM`) naming the attribute that is missing, malformed or unsupported
 */
export function readDicomEcg(bytes: Uint8Array, source?: string): EcgRecording {
  const dataSet = parseDicomPart10(bytes, source);
  const sopClass = readString(dataSet, TAGS.sopClassUid) ?? readString(dataSet, TAGS.mediaStorageSopClassUid);
  if (sopClass === undefined || !ECG_SOP_CLASS_UIDS.has(sopClass)) {
    throw dicomError(
      `${TAGS.sopClassUid.label} ${sopClass ?? '(missing)'} is not an ECG waveform SOP class ` +
        `(expected ${[...ECG_SOP_CLASS_UIDS.keys()].join(' or ')})`,
      source,
    );
  }
  const transferSyntax = readString(dataSet, TAGS.transferSyntaxUid) ?? '1.2.840.10008.1.2';
  const byteOrder = NATIVE_TRANSFER_SYNTAXES.get(transferSyntax);
  if (byteOrder === undefined) {
    throw dicomError(`${TAGS.transferSyntaxUid.label} ${transferSyntax} is not a native transfer syntax`, source);
  }

  const group = selectRhythmGroup(readSequence(dataSet, TAGS.waveformSequence), source);
  const leads = readLeads(group, byteOrder.littleEndian, source);
  const recordedAt = readAcquisitionDateTime(dataSet);
  const measurements = readEcgMeasurements(dataSet, source);
  return {
    samplingRateHz: requirePositive(group, TAGS.samplingFrequency, 'DS', source),
    leads,
    ...(recordedAt === undefined ? {} : { recordedAt }),
    ...(measurements === undefined ? {} : { measurements }),
    provenance: { source: 'file', references: source === undefined ? [] : [source] },
  };
}

/**
 * The multiplex group to read: the one labelled RHYTHM; failing a label, the first that is not a median or
 * representative beat (those are ~1 s templates, not a recording).
 */
function selectRhythmGroup(groups: DataSet[], source?: string): DataSet {
  if (groups.length === 0) throw dicomError(`${TAGS.waveformSequence.label} is missing or empty`, source);
  const label = (group: DataSet): string => readString(group, TAGS.multiplexGroupLabel)?.toUpperCase() ?? '';
  const rhythm =
    groups.find((group) => label(group) === 'RHYTHM') ??
    groups.find((group) => !/MEDIAN|REPRESENTATIVE|AVERAGE/.test(label(group)));
  if (rhythm === undefined) {
    throw dicomError(`${TAGS.waveformSequence.label} holds only median-beat groups, no rhythm group`, source);
  }
  return rhythm;
}

function requirePositive(group: DataSet, tag: DicomTag, vr: NumericVr, source?: string): number {
  const value = requireNumber(group, tag, vr, source);
  if (value <= 0) throw dicomError(`${tag.label} is ${value}, not a positive number`, source);
  return value;
}

/** The standard leads of a group in mV; channels that are not one of the twelve, or repeat one, are skipped. */
function readLeads(group: DataSet, littleEndian: boolean, source?: string): EcgLead[] {
  const channels = requirePositive(group, TAGS.numberOfWaveformChannels, 'US', source);
  const samples = requireNumber(group, TAGS.numberOfWaveformSamples, 'UL', source);
  const definitions = readEcgChannelDefinitions(group, channels, source);
  const stored = decodeWaveformSamples(group, { channels, samples, littleEndian }, source);
  const leads: EcgLead[] = [];
  const seen = new Set<EcgLeadName>();
  definitions.forEach((definition, index) => {
    const raw = stored[index];
    if (definition.lead === undefined || seen.has(definition.lead) || raw === undefined) return;
    seen.add(definition.lead);
    const mv = new Float32Array(samples);
    for (let i = 0; i < samples; i += 1) {
      mv[i] = (raw[i] ?? Number.NaN) * definition.mvPerUnit + definition.baselineMv;
    }
    leads.push({ name: definition.lead, samples: mv });
  });
  if (leads.length === 0) {
    throw dicomError(`${TAGS.channelDefinitionSequence.label} names none of the twelve standard leads`, source);
  }
  return leads;
}

/**
 * Channel definitions of a waveform multiplex group (PS3.3 C.10.9.1.4): which lead each channel carries and how to
 * turn its stored integers into millivolts.
 */
import type { DataSet } from 'dicom-parser';
import { leadFromMdcCode, normaliseLeadName, type EcgLeadName } from '../../shared/index';
import { dicomError, readCode, readNumber, readSequence, readString, type DicomCode } from './dicom-data-set';
import { TAGS } from './dicom-tags';

/** One channel: its lead (undefined for non-standard leads) and the linear map from stored value to mV. */
export interface EcgChannelDefinition {
  lead: EcgLeadName | undefined;
  /** mV per stored unit: ChannelSensitivity × ChannelSensitivityCorrectionFactor in mV. */
  mvPerUnit: number;
  /** mV added after scaling: ChannelBaseline in mV. */
  baselineMv: number;
}

/**
 * MDC lead codes are 2·65536 + n (partition 2, IEEE 11073-10101), and the SCP-ECG lead numbers of CID 3001
 * (`5.6.3-9-n`) use the same n (1 = I, 2 = II, 3–8 = V1–V6, 61 = III, 62 = aVR, 63 = aVL, 64 = aVF), so both
 * resolve through the MDC catalogue.
 */
const MDC_LEAD_PARTITION_BASE = 2 * 65536;

function leadFromCode(code: DicomCode): EcgLeadName | undefined {
  const value = code.value ?? '';
  const scp = /^5\.6\.3-9-(\d+)$/.exec(value);
  if (scp?.[1] !== undefined) return leadFromMdcCode(String(MDC_LEAD_PARTITION_BASE + Number(scp[1])));
  const mdcColon = /^2:(\d+)$/.exec(value);
  if (mdcColon?.[1] !== undefined) return leadFromMdcCode(String(MDC_LEAD_PARTITION_BASE + Number(mdcColon[1])));
  return value === '' ? undefined : leadFromMdcCode(value);
}

function leadFromText(text: string | undefined): EcgLeadName | undefined {
  // Meanings such as "Lead I (Einthoven)" or "Lead aVR (Goldberger)" name the lead before the parenthesis.
  return text === undefined ? undefined : normaliseLeadName(text.replace(/\(.*\)/, ''));
}

/** mV per unit of ChannelSensitivityUnitsSequence (UCUM codes; meanings as a fallback). */
function millivoltsPerUnit(code: DicomCode | undefined): number | undefined {
  const unit = (code?.value ?? code?.meaning ?? '').toLowerCase();
  if (unit === 'uv' || unit === 'µv' || unit === 'μv' || unit === 'microvolt') return 1e-3;
  if (unit === 'mv' || unit === 'millivolt') return 1;
  if (unit === 'v' || unit === 'volt') return 1e3;
  return undefined;
}

function readChannel(item: DataSet, index: number, source?: string): EcgChannelDefinition {
  const where = `${TAGS.channelDefinitionSequence.label} item ${index + 1}`;
  const code = readCode(item, TAGS.channelSourceSequence);
  const lead =
    (code === undefined ? undefined : leadFromCode(code)) ??
    leadFromText(code?.meaning) ??
    leadFromText(readString(item, TAGS.channelLabel));
  const sensitivity = readNumber(item, TAGS.channelSensitivity, 'DS', source);
  if (sensitivity === undefined) {
    throw dicomError(`${where}: ${TAGS.channelSensitivity.label} is missing, so samples cannot be put in mV`, source);
  }
  const units = readCode(item, TAGS.channelSensitivityUnitsSequence);
  const unitMv = millivoltsPerUnit(units);
  if (unitMv === undefined) {
    const found = units?.value ?? units?.meaning;
    throw dicomError(
      `${where}: ${TAGS.channelSensitivityUnitsSequence.label} ${found === undefined ? 'is missing' : `has unit "${found}", not a voltage`}`,
      source,
    );
  }
  const correction = readNumber(item, TAGS.channelSensitivityCorrectionFactor, 'DS', source) ?? 1;
  // PS3.3 C.10.9.1.4.3: the baseline is the offset of stored 0 from true 0, in the sensitivity units.
  const baseline = readNumber(item, TAGS.channelBaseline, 'DS', source) ?? 0;
  return { lead, mvPerUnit: sensitivity * correction * unitMv, baselineMv: baseline * unitMv };
}

/** The channel definitions of a multiplex group, checked against NumberOfWaveformChannels. */
export function readEcgChannelDefinitions(
  group: DataSet,
  channelCount: number,
  source?: string,
): EcgChannelDefinition[] {
  const items = readSequence(group, TAGS.channelDefinitionSequence);
  if (items.length !== channelCount) {
    throw dicomError(
      `${TAGS.channelDefinitionSequence.label} has ${items.length} items but ${TAGS.numberOfWaveformChannels.label} is ${channelCount}`,
      source,
    );
  }
  return items.map((item, index) => readChannel(item, index, source));
}

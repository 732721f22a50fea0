/**
 * A WFDB record read into physical units: the header plus the bytes of the signal files it names.
 */
import { FormatError } from '../../shared';
import { parseWfdbHeader, type WfdbHeader, type WfdbSignalSpec } from './wfdb-header';
import { readWfdbSignalGroup, type WfdbGroupSamples, type WfdbSignalGroup } from './wfdb-signal-file';

/** One signal of a record in physical units. */
export interface WfdbSignal {
  /** The header's description field (lead name for ECGs: `I`, `AVR`, `MLII`, `vx`). */
  name: string;
  /** `mV` when the header unit was a voltage (uV, mV, V), else the header's unit as written. */
  units: string;
  /** Physical values; NaN where the file holds the format's invalid-sample marker. */
  samples: Float32Array;
}

/** A single-segment WFDB record. */
export interface WfdbRecord {
  name: string;
  samplingRateHz: number;
  samplesPerSignal: number;
  signals: WfdbSignal[];
  /** Header comment lines without the `#`. */
  comments: string[];
  /** ISO 8601 local date-time of sample 0, when the header gives both base time and base date. */
  recordedAt?: string;
}

/** WFDB's default gain, which its library also applies when a header says 0 ("uncalibrated"). */
const DEFAULT_GAIN = 200;

/** Millivolts per unit for the voltage units seen in WFDB headers. */
const TO_MILLIVOLTS: Record<string, number> = { uv: 1e-3, µv: 1e-3, μv: 1e-3, mv: 1, v: 1e3 };

/**
 * Reads a WFDB record: physical value = (ADC − baseline) / gain, where the baseline is the one in the gain field,
 * or the ADC zero when the gain field has none (header(5)); voltages are converted to mV.
 *
 * Formats 16 and 212 are read from plain files, format 16 also from MATLAB v4 `.mat` files; signals of one file are
 * interleaved, and a record may spread its signals over several files (PTB's `.dat` and `.xyz`). The header
 * checksums are not verified.
 *
 * @param headerText - the `.hea` file's text
 * @param files - the bytes of each signal file the header names, keyed by the name as written in the header
 * @param source - header file name for error messages
 * @throws FormatError naming the signal and field, or the file and its size
 */
export function readWfdbRecord(
  headerText: string,
  files: Readonly<Record<string, Uint8Array>>,
  source?: string,
): WfdbRecord {
  const header = parseWfdbHeader(headerText, source);
  const groups = groupSignalsByFile(header.signals);

  let frames = header.samplesPerSignal;
  const decoded: WfdbGroupSamples[] = [];
  for (const group of groups) {
    const bytes = Object.hasOwn(files, group.fileName) ? files[group.fileName] : undefined;
    if (!bytes) {
      throw new FormatError('WFDB', `signal file ${group.fileName} named by the header was not provided`, source);
    }
    const samples = readWfdbSignalGroup(group, bytes, frames, source);
    // Without nsamp in the header, the first file decides and the others must hold at least as many samples.
    frames ??= samples.frames;
    decoded.push(samples);
  }
  const samplesPerSignal = frames ?? 0;

  const signals: WfdbSignal[] = new Array<WfdbSignal>(header.signals.length);
  groups.forEach((group, g) => {
    const { values, format } = decoded[g]!;
    group.specs.forEach((spec, s) => {
      const stride = group.specs.length;
      const { units, gain, toUnits } = physicalUnits(spec);
      const samples = new Float32Array(samplesPerSignal);
      for (let t = 0; t < samplesPerSignal; t++) {
        const adc = values[t * stride + s]!;
        samples[t] = adc === format.invalidValue ? Number.NaN : ((adc - spec.baseline) / gain) * toUnits;
      }
      signals[group.indices[s]!] = { name: spec.description, units, samples };
    });
  });

  const record: WfdbRecord = {
    name: header.recordName,
    samplingRateHz: header.samplingRateHz,
    samplesPerSignal,
    signals,
    comments: header.comments,
  };
  const recordedAt = baseDateTime(header);
  if (recordedAt) record.recordedAt = recordedAt;
  return record;
}

function groupSignalsByFile(specs: WfdbSignalSpec[]): WfdbSignalGroup[] {
  const groups = new Map<string, WfdbSignalGroup>();
  specs.forEach((spec, index) => {
    const group = groups.get(spec.fileName);
    if (group) {
      group.specs.push(spec);
      group.indices.push(index);
    } else {
      groups.set(spec.fileName, { fileName: spec.fileName, specs: [spec], indices: [index] });
    }
  });
  return [...groups.values()];
}

/** The unit the samples are given in, the gain to apply, and the factor from the header's unit to the output's. */
function physicalUnits(spec: WfdbSignalSpec): { units: string; gain: number; toUnits: number } {
  const gain = spec.adcGain === 0 ? DEFAULT_GAIN : spec.adcGain;
  const toMillivolts = TO_MILLIVOLTS[spec.units.toLowerCase()];
  return toMillivolts === undefined
    ? { units: spec.units, gain, toUnits: 1 }
    : { units: 'mV', gain, toUnits: toMillivolts };
}

/** `HH:MM:SS[.sss]` and `DD/MM/YYYY` → `YYYY-MM-DDTHH:MM:SS[.sss]` (WFDB times carry no time zone). */
function baseDateTime(header: WfdbHeader): string | undefined {
  const time = /^(\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?$/.exec(header.baseTime ?? '');
  const date = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(header.baseDate ?? '');
  if (!time || !date) return undefined;
  const pad = (value: string): string => value.padStart(2, '0');
  return `${date[3]}-${pad(date[2]!)}-${pad(date[1]!)}T${pad(time[1]!)}:${pad(time[2]!)}:${pad(time[3]!)}${time[4] ?? ''}`;
}

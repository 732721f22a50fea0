/**
 * WFDB header (`.hea`) parsing, after the PhysioNet specification `header(5)`
 * (https://physionet.org/physiotools/wag/header-5.htm):
 *
 * ```
 * record line:  name[/segments] nsig [fs[/counterfreq[(basecounter)]] [nsamp [basetime [basedate]]]]
 * signal line:  file format[xspf][:skew][+offset] [gain[(baseline)][/units] [adcres [adczero [initval
 *               [checksum [blocksize [description]]]]]]]
 * ```
 *
 * Lines starting with `#` are comments, anywhere in the file (MIT-BIH `100.hea` has one before the record line);
 * blank lines are skipped. Fields are positional, so a field can only be given when all before it are.
 */
import { FormatError } from '../../shared';

/** One signal line of a WFDB header, with the specification's defaults filled in. */
export interface WfdbSignalSpec {
  /** The file holding the samples, as named in the header (`00001_hr.dat`, `JS00001.mat`). */
  fileName: string;
  /** Storage format code: 16, 212, 80, 310… (only 16 and 212 are read). */
  format: number;
  /** Samples per frame (`16x2` → 2); 1 when absent. */
  samplesPerFrame: number;
  /** Skew in frames (`16:3` → 3); 0 when absent. */
  skew: number;
  /** Bytes to skip at the start of the file before sample 0 (`16+24` → 24); 0 when absent. */
  byteOffset: number;
  /** ADC units per physical unit; 200 when absent. 0 means "uncalibrated" in the specification. */
  adcGain: number;
  /** ADC value of 0 physical units; the ADC zero when absent from the gain field. */
  baseline: number;
  /** Physical units as written (`mV`, `uV`); `mV` when absent, as the specification defines. */
  units: string;
  /** ADC resolution in bits; 12 when absent (16 for format 16). */
  adcResolution: number;
  /** ADC value at the centre of the ADC's range; 0 when absent. */
  adcZero: number;
  /** Value of sample 0 (used by difference formats); the ADC zero when absent. */
  initialValue: number;
  /** 16-bit sum of all samples, when given. Some writers write it unsigned, some signed: compare modulo 65536. */
  checksum?: number;
  /** Block size in bytes (only meaningful for tape devices); 0 when absent. */
  blockSize: number;
  /** Signal description, typically the lead name (`I`, `AVR`, `MLII`); empty when absent. */
  description: string;
}

/** A parsed single-segment WFDB header. */
export interface WfdbHeader {
  recordName: string;
  signalCount: number;
  /** Samples per second per signal; 250 when absent, as the specification defines. */
  samplingRateHz: number;
  counterFrequencyHz?: number;
  baseCounterValue?: number;
  /** Samples per signal; undefined when absent or 0 (then the signal file's length decides). */
  samplesPerSignal?: number;
  /** `HH:MM:SS[.sss]` as written. */
  baseTime?: string;
  /** `DD/MM/YYYY` as written. */
  baseDate?: string;
  signals: WfdbSignalSpec[];
  /** Comment lines, without the `#` and surrounding spaces, in file order; empty ones dropped. */
  comments: string[];
}

const DEFAULT_SAMPLING_RATE_HZ = 250;
const DEFAULT_GAIN = 200;

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const FORMAT_FIELD = /^(\d+)(?:x(\d+))?(?::(\d+))?(?:\+(\d+))?$/;
const GAIN_FIELD = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?:\(([+-]?\d+)\))?(?:\/(\S+))?$/;
const FREQUENCY_FIELD = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?:\/([^(]+)(?:\(([^)]*)\))?)?$/;

/**
 * Parses the text of a WFDB header file.
 *
 * @param text - the `.hea` file's text (LF or CRLF line ends)
 * @param source - file name for error messages
 * @throws FormatError naming the line and field that is missing or malformed, or a multi-segment header
 */
export function parseWfdbHeader(text: string, source?: string): WfdbHeader {
  const comments: string[] = [];
  const lines: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#')) {
      const comment = line.slice(1).trim();
      if (comment) comments.push(comment);
    } else if (line) {
      lines.push(line);
    }
  }
  const [recordLine, ...signalLines] = lines;
  if (recordLine === undefined) throw new FormatError('WFDB', 'header has no record line', source);

  const header = parseRecordLine(recordLine, source);
  if (signalLines.length !== header.signalCount) {
    throw new FormatError(
      'WFDB',
      `record line declares ${header.signalCount} signals but the header has ${signalLines.length} signal lines`,
      source,
    );
  }
  const signals = signalLines.map((line, index) => parseSignalLine(line, index, source));
  return { ...header, signals, comments };
}

function parseRecordLine(line: string, source?: string): Omit<WfdbHeader, 'signals' | 'comments'> {
  const fail = (reason: string): FormatError => new FormatError('WFDB', `record line: ${reason}`, source);
  const [nameField, nsigField, fsField, nsampField, baseTime, baseDate] = line.split(/\s+/);
  if (nameField === undefined || nsigField === undefined) throw fail('needs at least a record name and a signal count');
  if (nameField.includes('/')) throw fail(`multi-segment records ("${nameField}") are not supported`);
  if (!INTEGER.test(nsigField) || Number(nsigField) < 0) {
    throw fail(`signal count "${nsigField}" is not a non-negative integer`);
  }

  const result: Omit<WfdbHeader, 'signals' | 'comments'> = {
    recordName: nameField,
    signalCount: Number(nsigField),
    samplingRateHz: DEFAULT_SAMPLING_RATE_HZ,
  };
  if (fsField !== undefined) {
    const match = FREQUENCY_FIELD.exec(fsField);
    const fs = Number(match?.[1]);
    if (!match || !(fs > 0)) throw fail(`sampling frequency "${fsField}" is not a positive number`);
    result.samplingRateHz = fs;
    if (match[2] !== undefined) result.counterFrequencyHz = parseNumberField(match[2], 'counter frequency', fail);
    if (match[3] !== undefined) result.baseCounterValue = parseNumberField(match[3], 'base counter value', fail);
  }
  if (nsampField !== undefined) {
    if (!INTEGER.test(nsampField) || Number(nsampField) < 0) {
      throw fail(`number of samples "${nsampField}" is not a non-negative integer`);
    }
    if (Number(nsampField) > 0) result.samplesPerSignal = Number(nsampField);
  }
  if (baseTime !== undefined) result.baseTime = baseTime;
  if (baseDate !== undefined) result.baseDate = baseDate;
  return result;
}

function parseSignalLine(line: string, index: number, source?: string): WfdbSignalSpec {
  const fail = (reason: string): FormatError => new FormatError('WFDB', `signal ${index}: ${reason}`, source);
  const fields = line.split(/\s+/);
  const [fileName, formatField, gainField, adcResField, adcZeroField, initField, checksumField, blockField] = fields;
  if (fileName === undefined || formatField === undefined) throw fail('needs at least a file name and a format');

  const format = FORMAT_FIELD.exec(formatField);
  if (!format) throw fail(`format "${formatField}" is not of the form format[xspf][:skew][+offset]`);
  const formatCode = Number(format[1]);

  const adcZero = adcZeroField === undefined ? 0 : parseIntegerField(adcZeroField, 'ADC zero', fail);
  let adcGain = DEFAULT_GAIN;
  let baseline = adcZero;
  let units = 'mV';
  if (gainField !== undefined) {
    const gain = GAIN_FIELD.exec(gainField);
    if (!gain) throw fail(`gain "${gainField}" is not of the form gain[(baseline)][/units]`);
    adcGain = Number(gain[1]);
    if (gain[2] !== undefined) baseline = Number(gain[2]);
    if (gain[3] !== undefined) units = gain[3];
  }

  const spec: WfdbSignalSpec = {
    fileName,
    format: formatCode,
    samplesPerFrame: format[2] === undefined ? 1 : Number(format[2]),
    skew: format[3] === undefined ? 0 : Number(format[3]),
    byteOffset: format[4] === undefined ? 0 : Number(format[4]),
    adcGain,
    baseline,
    units,
    adcResolution:
      adcResField === undefined || Number(adcResField) === 0
        ? defaultResolution(formatCode)
        : parseIntegerField(adcResField, 'ADC resolution', fail),
    adcZero,
    initialValue: initField === undefined ? adcZero : parseIntegerField(initField, 'initial value', fail),
    blockSize: blockField === undefined ? 0 : parseIntegerField(blockField, 'block size', fail),
    description: fields.slice(8).join(' '),
  };
  if (checksumField !== undefined) spec.checksum = parseIntegerField(checksumField, 'checksum', fail);
  return spec;
}

function defaultResolution(format: number): number {
  return format === 16 || format === 61 ? 16 : 12;
}

function parseIntegerField(value: string, field: string, fail: (reason: string) => FormatError): number {
  if (!INTEGER.test(value)) throw fail(`${field} "${value}" is not an integer`);
  return Number(value);
}

function parseNumberField(value: string, field: string, fail: (reason: string) => FormatError): number {
  if (!NUMBER.test(value)) throw fail(`${field} "${value}" is not a number`);
  return Number(value);
}

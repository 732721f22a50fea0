/**
 * A thin, typed layer over dicom-parser: parse a Part-10 file into a FormatError (never a thrown string), and read
 * attributes so that a missing or malformed one is reported by its keyword and tag.
 */
import { parseDicom, type DataSet } from 'dicom-parser';
import { FormatError } from '../../shared/index';
import { TAGS, type DicomTag } from './dicom-tags';

/** A FormatError for the DICOM format. */
export function dicomError(reason: string, source?: string, cause?: unknown): FormatError {
  return new FormatError('DICOM', reason, source, cause === undefined ? undefined : { cause });
}

/**
 * dicom-parser throws strings, Errors, or `{ exception, dataSet }` objects; this turns any of them into text that
 * says what went wrong (its messages name parser positions and tags, never values).
 */
function describeParserFailure(thrown: unknown): string {
  const inner =
    typeof thrown === 'object' && thrown !== null && 'exception' in thrown
      ? (thrown as { exception: unknown }).exception
      : thrown;
  if (inner instanceof Error) return inner.message;
  return typeof inner === 'string' ? inner : 'unknown parser failure';
}

/**
 * Parses a DICOM Part-10 file (128-byte preamble, `DICM`, file meta group). Truncated or corrupt input gives a
 * FormatError that names the parser's complaint.
 */
export function parseDicomPart10(bytes: Uint8Array, source?: string): DataSet {
  if (bytes.length < 132 || String.fromCharCode(...bytes.subarray(128, 132)) !== 'DICM') {
    throw dicomError('not a DICOM Part-10 file (no "DICM" prefix at byte 128)', source);
  }
  try {
    return parseDicom(bytes);
  } catch (thrown: unknown) {
    throw dicomError(
      `cannot parse the data set (truncated or corrupt): ${describeParserFailure(thrown)}`,
      source,
      thrown,
    );
  }
}

/** The attribute's first value as trimmed text, or undefined when absent or empty. */
export function readString(dataSet: DataSet, tag: DicomTag, index = 0): string | undefined {
  const value = dataSet.string(tag.key, index)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** Binary VRs are read with the accessor of their width; text VRs (DS, IS) are parsed. */
export type NumericVr = 'US' | 'UL' | 'SS' | 'DS' | 'IS';

/** The attribute's value at `index` as a number, undefined when absent; a value that is present but not a finite
 * number is an error naming the attribute. */
export function readNumber(
  dataSet: DataSet,
  tag: DicomTag,
  vr: NumericVr,
  source?: string,
  index = 0,
): number | undefined {
  const element = dataSet.elements[tag.key];
  if (element === undefined || element.length === 0) return undefined;
  let value: number | undefined;
  switch (vr) {
    case 'US':
      value = dataSet.uint16(tag.key, index);
      break;
    case 'UL':
      value = dataSet.uint32(tag.key, index);
      break;
    case 'SS':
      value = dataSet.int16(tag.key, index);
      break;
    case 'DS':
      value = dataSet.floatString(tag.key, index);
      break;
    case 'IS':
      value = dataSet.intString(tag.key, index);
      break;
  }
  if (value === undefined || !Number.isFinite(value)) {
    throw dicomError(`${tag.label} is not a valid ${vr} number`, source);
  }
  return value;
}

/** Like readNumber, but a missing attribute is an error naming it. */
export function requireNumber(dataSet: DataSet, tag: DicomTag, vr: NumericVr, source?: string): number {
  const value = readNumber(dataSet, tag, vr, source);
  if (value === undefined) throw dicomError(`${tag.label} is missing`, source);
  return value;
}

/** The item data sets of a sequence attribute (empty when absent). */
export function readSequence(dataSet: DataSet, tag: DicomTag): DataSet[] {
  const items = dataSet.elements[tag.key]?.items ?? [];
  return items.flatMap((item) => (item.dataSet === undefined ? [] : [item.dataSet]));
}

/** The value bytes of a binary attribute (OB/OW), checked to lie inside the file. Undefined when absent. */
export function readBytes(dataSet: DataSet, tag: DicomTag, source?: string): Uint8Array | undefined {
  const element = dataSet.elements[tag.key];
  if (element === undefined) return undefined;
  const end = element.dataOffset + element.length;
  if (element.length < 0 || end > dataSet.byteArray.length) {
    throw dicomError(`${tag.label} runs past the end of the file (truncated)`, source);
  }
  return dataSet.byteArray.subarray(element.dataOffset, end);
}

/** A coded concept (PS3.3 Table 8.8-1), trimmed; any part may be absent in files seen in practice. */
export interface DicomCode {
  value?: string;
  scheme?: string;
  meaning?: string;
}

/** The first item of a code sequence, or undefined when the sequence is absent or empty. */
export function readCode(dataSet: DataSet, sequence: DicomTag): DicomCode | undefined {
  const item = readSequence(dataSet, sequence)[0];
  if (item === undefined) return undefined;
  return {
    value: readString(item, TAGS.codeValue),
    scheme: readString(item, TAGS.codingSchemeDesignator),
    meaning: readString(item, TAGS.codeMeaning),
  };
}

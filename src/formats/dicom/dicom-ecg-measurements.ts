/**
 * Device measurements and statements from WaveformAnnotationSequence (0040,B020), PS3.3 C.10.10: coded numeric
 * annotations (ConceptNameCodeSequence + NumericValue + MeasurementUnitsCodeSequence) and free text
 * (UnformattedTextValue), e.g. a Mortara el250 writes "RITMO SINUSALE", PR Interval 161 ms.
 */
import type { DataSet } from 'dicom-parser';
import type { EcgMeasurements } from '../../shared/index';
import { readCode, readNumber, readSequence, readString, type DicomCode } from './dicom-data-set';
import { TAGS } from './dicom-tags';

type Measure = 'heartRateBpm' | 'prMs' | 'qrsMs' | 'qtMs' | 'qtcMs' | 'rrMs';

/**
 * Concepts by SCP-ECG code (CID 3678 era files) and by meaning, lower-case. Meanings cover MDC-coded files too,
 * whose code values vary between standard editions while the meanings do not.
 */
const BY_CODE: Record<string, Measure> = {
  '5.13.5-7': 'prMs',
  '5.13.5-9': 'qrsMs',
  '5.13.5-11': 'qtMs',
  '5.10.2.5-5': 'qtcMs',
  '5.10.2.1-3': 'rrMs',
};
const BY_MEANING: Record<string, Measure> = {
  'pr interval': 'prMs',
  'pr duration': 'prMs',
  'qrs duration': 'qrsMs',
  'qrs interval': 'qrsMs',
  'qt interval': 'qtMs',
  'qtc interval': 'qtcMs',
  qtc: 'qtcMs',
  'heart rate': 'heartRateBpm',
  'ventricular rate': 'heartRateBpm',
  'ventricular heart rate': 'heartRateBpm',
  'rr interval': 'rrMs',
};

function measureOf(code: DicomCode): Measure | undefined {
  return (
    (code.value === undefined ? undefined : BY_CODE[code.value]) ??
    (code.meaning === undefined ? undefined : BY_MEANING[code.meaning.toLowerCase()])
  );
}

/** Factor to the measure's unit (ms or /min); undefined for a unit that does not fit it. */
function unitFactor(measure: Measure, unit: string | undefined): number | undefined {
  if (unit === undefined) return 1;
  if (measure === 'heartRateBpm') return ['/min', 'bpm', '{beats}/min', '1/min'].includes(unit) ? 1 : undefined;
  if (unit === 'ms') return 1;
  return unit === 's' ? 1000 : undefined;
}

function readNumericAnnotation(item: DataSet, source?: string): { measure: Measure; value: number } | undefined {
  const concept = readCode(item, TAGS.conceptNameCodeSequence);
  const measure = concept === undefined ? undefined : measureOf(concept);
  const value = readNumber(item, TAGS.numericValue, 'DS', source);
  if (measure === undefined || value === undefined) return undefined;
  const factor = unitFactor(measure, readCode(item, TAGS.measurementUnitsCodeSequence)?.value);
  // Devices write 0 for an interval they did not measure (this file's PP Interval is 0): not a measurement.
  if (factor === undefined || value <= 0) return undefined;
  return { measure, value: value * factor };
}

/**
 * The measurements and statements of the annotation sequence, or undefined when it holds neither. The first
 * annotation of a concept wins. Without a reported heart rate, it is derived from the RR interval (60000 / RR ms,
 * to 0.1 bpm).
 * @param source - file name for error messages
 */
export function readEcgMeasurements(dataSet: DataSet, source?: string): EcgMeasurements | undefined {
  const found = new Map<Measure, number>();
  const statements: string[] = [];
  for (const item of readSequence(dataSet, TAGS.waveformAnnotationSequence)) {
    const text = readString(item, TAGS.unformattedTextValue);
    if (text !== undefined && !statements.includes(text)) statements.push(text);
    const numeric = readNumericAnnotation(item, source);
    if (numeric !== undefined && !found.has(numeric.measure)) found.set(numeric.measure, numeric.value);
  }
  const rr = found.get('rrMs');
  const heartRate = found.get('heartRateBpm') ?? (rr === undefined ? undefined : Math.round(600000 / rr) / 10);
  const measurements: EcgMeasurements = {};
  if (heartRate !== undefined) measurements.heartRateBpm = heartRate;
  for (const key of ['prMs', 'qrsMs', 'qtMs', 'qtcMs'] as const) {
    const value = found.get(key);
    if (value !== undefined) measurements[key] = value;
  }
  if (statements.length > 0) measurements.statements = statements;
  return Object.keys(measurements).length === 0 ? undefined : measurements;
}

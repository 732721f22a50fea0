/**
 * The NIH ChestX-ray14 label table, `Data_Entry_2017_v2020.csv` (NIH Clinical Center, 112,120 images): per image,
 * its text-mined findings, the patient's age and sex, the view, and the original size and pixel spacing.
 *
 * The header splits its last two names over commas (`OriginalImage[Width,Height]`,
 * `OriginalImagePixelSpacing[x,y]`), which is why it has 11 fields for 9 names; columns are found by those
 * 11 field names, so a table with extra columns still reads.
 */
import { gunzipSync } from 'node:zlib';
import { FormatError } from '../../shared';
import { indexCsvColumns, parseCsv } from '../csv';

/** The 14 ChestX-ray14 findings, and `No Finding`. */
export type NihCxrFinding =
  | 'Atelectasis'
  | 'Cardiomegaly'
  | 'Consolidation'
  | 'Edema'
  | 'Effusion'
  | 'Emphysema'
  | 'Fibrosis'
  | 'Hernia'
  | 'Infiltration'
  | 'Mass'
  | 'Nodule'
  | 'Pleural_Thickening'
  | 'Pneumonia'
  | 'Pneumothorax'
  | 'No Finding';

const FINDINGS: ReadonlySet<string> = new Set<NihCxrFinding>([
  'Atelectasis',
  'Cardiomegaly',
  'Consolidation',
  'Edema',
  'Effusion',
  'Emphysema',
  'Fibrosis',
  'Hernia',
  'Infiltration',
  'Mass',
  'Nodule',
  'Pleural_Thickening',
  'Pneumonia',
  'Pneumothorax',
  'No Finding',
]);

/** One image's row of the label table. */
export interface NihCxrLabelRow {
  /** The PNG's file name, `00000001_000.png` (patient 1, follow-up 0). */
  imageIndex: string;
  /** The `|`-separated `Finding Labels`; `['No Finding']` for a normal image. */
  findings: NihCxrFinding[];
  /** `Follow-up #`: the patient's study number, 0 for the first. */
  followUp: number;
  patientId: number;
  /** Years. */
  age: number;
  sex: 'M' | 'F';
  view: 'PA' | 'AP';
  /** Size in pixels of the original image (the released PNGs are resized to 1024 × 1024). */
  originalWidth: number;
  originalHeight: number;
  /** Millimetres per pixel of the original image, horizontally and vertically. */
  pixelSpacing: { x: number; y: number };
}

const COLUMNS = [
  'Image Index',
  'Finding Labels',
  'Follow-up #',
  'Patient ID',
  'Patient Age',
  'Patient Gender',
  'View Position',
  'OriginalImage[Width',
  'Height]',
  'OriginalImagePixelSpacing[x',
  'y]',
] as const;
type Column = (typeof COLUMNS)[number];

/**
 * Reads the label table from the bytes of `Data_Entry_2017_v2020.csv` or its `.csv.gz` (recognised by the gzip
 * magic number).
 *
 * @param bytes - the file
 * @param source - file name for error messages
 * @throws FormatError for corrupt gzip data or any malformed row (see {@link parseNihCxrLabels})
 */
export function readNihCxrLabels(bytes: Uint8Array, source = 'Data_Entry_2017_v2020.csv'): NihCxrLabelRow[] {
  let text: string;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      text = new TextDecoder().decode(gunzipSync(bytes));
    } catch (error) {
      throw new FormatError('NIH CXR', 'gzip data is corrupt or cut short', source, { cause: error });
    }
  } else {
    text = new TextDecoder().decode(bytes);
  }
  return parseNihCxrLabels(text, source);
}

/**
 * Parses the text of the label table.
 *
 * @param text - the CSV text
 * @param source - file name for error messages
 * @throws FormatError naming the row and column of a missing column, an unknown finding, a view other than PA/AP,
 *   a sex other than M/F, or a malformed number
 */
export function parseNihCxrLabels(text: string, source = 'Data_Entry_2017_v2020.csv'): NihCxrLabelRow[] {
  const [header, ...rows] = parseCsv(text, source);
  if (header === undefined) throw new FormatError('NIH CXR', 'file has no header row', source);
  const col = indexCsvColumns(header, COLUMNS, source);
  return rows.map((row, i) => toRow(row, col, i + 2, source));
}

function toRow(
  row: string[],
  col: Readonly<Record<Column, number>>,
  rowNumber: number,
  source: string,
): NihCxrLabelRow {
  const fail = (column: Column, reason: string): FormatError =>
    new FormatError('NIH CXR', `row ${rowNumber}, ${column}: ${reason}`, source);
  const text = (column: Column): string => {
    const value = row[col[column]];
    if (value === undefined || value === '') throw fail(column, 'is missing');
    return value;
  };
  const integer = (column: Column): number => {
    const value = text(column);
    if (!/^\d+$/.test(value)) throw fail(column, 'is not a non-negative integer');
    return Number(value);
  };
  const positive = (column: Column): number => {
    const value = Number(text(column));
    if (!(value > 0) || !Number.isFinite(value)) throw fail(column, 'is not a positive number');
    return value;
  };

  const findings = text('Finding Labels').split('|');
  for (const finding of findings) {
    if (!FINDINGS.has(finding)) throw fail('Finding Labels', `"${finding}" is not a ChestX-ray14 finding`);
  }
  const sex = text('Patient Gender');
  if (sex !== 'M' && sex !== 'F') throw fail('Patient Gender', 'is neither M nor F');
  const view = text('View Position');
  if (view !== 'PA' && view !== 'AP') throw fail('View Position', 'is neither PA nor AP');

  return {
    imageIndex: text('Image Index'),
    findings: findings as NihCxrFinding[],
    followUp: integer('Follow-up #'),
    patientId: integer('Patient ID'),
    age: integer('Patient Age'),
    sex,
    view,
    originalWidth: integer('OriginalImage[Width'),
    originalHeight: integer('Height]'),
    pixelSpacing: { x: positive('OriginalImagePixelSpacing[x'), y: positive('y]') },
  };
}

/**
 * Writes a ChestImage as a DICOM Part-10 file (PS3.10 §7.1): a 128-byte preamble, `DICM`, the file meta group
 * (with its group length), then the data set in Explicit VR Little Endian with native 16-bit MONOCHROME2 pixels.
 * The data set follows the Digital X-Ray Image Storage – For Presentation IOD (PS3.3 A.26) or the Computed
 * Radiography Image Storage IOD (PS3.3 A.2): Type 1 attributes are filled, Type 2 ones written empty when unknown.
 */
import { FormatError, type ChestImage } from '../../shared/index';
import { dicomUidFromSeed } from './dicom-uid-from-seed';

/** What the file says about the image beyond its pixels. */
export interface DicomImageWriteOptions {
  studyUid: string;
  seriesUid: string;
  sopInstanceUid: string;
  /** PatientID (0010,0020); written empty (Type 2) when absent. */
  patientId?: string;
  modality: 'DX' | 'CR';
  viewPosition: 'PA' | 'AP';
  /** ISO 8601 (`2024-03-01T08:15:00`, optionally with `Z` or `±hh:mm`); defaults to the image's acquiredAt. */
  acquisitionDateTime?: string;
  /** BitsStored (0028,0101), 8–16; default 12, the depth of most CR/DX detectors. */
  bitsStored?: number;
  /** Square pixel size at the detector, mm; default 430 mm (a 17-inch cassette) divided by the columns. */
  pixelSpacingMm?: number;
}

const SOP_CLASS = {
  DX: '1.2.840.10008.5.1.4.1.1.1.1',
  CR: '1.2.840.10008.5.1.4.1.1.1',
} as const;
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** Identifies this writer in the file meta group (0002,0012); fixed, so that output stays deterministic. */
const IMPLEMENTATION_CLASS_UID = dicomUidFromSeed('medtvt-fhir/formats/dicom/write-dicom-image');
const IMPLEMENTATION_VERSION_NAME = 'MEDTVT_FHIR_1';
const DETECTOR_WIDTH_MM = 430;
/** ViewCodeSequence codes of CID 4010 (DX View) for the two frontal projections. */
const VIEW_CODES = {
  PA: { code: '399348003', meaning: 'postero-anterior' },
  AP: { code: '399182009', meaning: 'antero-posterior' },
} as const;

type TextVr = 'AE' | 'CS' | 'DA' | 'DS' | 'DT' | 'IS' | 'LO' | 'PN' | 'SH' | 'TM' | 'UI';
type Element =
  | { tag: number; vr: TextVr; value: string }
  | { tag: number; vr: 'US' | 'UL' | 'SS'; value: readonly number[] }
  | { tag: number; vr: 'OB' | 'OW'; value: Uint8Array }
  | { tag: number; vr: 'SQ'; items: readonly (readonly Element[])[] };

/** VRs with a reserved 2 bytes and a 4-byte length in explicit VR (PS3.5 Table 7.1-1). */
const LONG_VRS = new Set(['OB', 'OW', 'SQ']);

/**
 * Encodes `image` as a DICOM Part-10 file. Grey [0, 1] is quantised to `round(grey × (2^bitsStored − 1))`, and
 * the file carries a linear VOI window (centre 2^(bitsStored−1), width 2^bitsStored) that maps those stored values
 * back onto exactly [0, 1], so a reader that applies the window recovers the grey within half a step.
 *
 * @throws FormatError (format `DICOM`) when bitsStored is outside 8–16, the image is empty or larger than 65535 on a side, or a UID
 *   is not a valid UI value
 */
export function writeDicomImage(image: ChestImage, options: DicomImageWriteOptions): Uint8Array {
  const bitsStored = options.bitsStored ?? 12;
  if (!Number.isInteger(bitsStored) || bitsStored < 8 || bitsStored > 16) {
    throw new FormatError('DICOM', `cannot write: bitsStored ${bitsStored} is outside 8–16`);
  }
  if (image.width < 1 || image.height < 1 || image.width > 0xffff || image.height > 0xffff) {
    throw new FormatError(
      'DICOM',
      `cannot write: image size ${image.width}×${image.height} does not fit Rows/Columns (US)`,
    );
  }
  for (const [name, uid] of [
    ['studyUid', options.studyUid],
    ['seriesUid', options.seriesUid],
    ['sopInstanceUid', options.sopInstanceUid],
  ] as const) {
    if (!/^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/.test(uid) || uid.length > 64) {
      throw new FormatError(
        'DICOM',
        `cannot write: ${name} is not a valid UID (digits and dots, at most 64 characters)`,
      );
    }
  }
  const sopClassUid = SOP_CLASS[options.modality];
  const meta = encodeAll([
    { tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) },
    { tag: 0x00020002, vr: 'UI', value: sopClassUid },
    { tag: 0x00020003, vr: 'UI', value: options.sopInstanceUid },
    { tag: 0x00020010, vr: 'UI', value: EXPLICIT_VR_LITTLE_ENDIAN },
    { tag: 0x00020012, vr: 'UI', value: IMPLEMENTATION_CLASS_UID },
    { tag: 0x00020013, vr: 'SH', value: IMPLEMENTATION_VERSION_NAME },
  ]);
  const groupLength = encodeAll([{ tag: 0x00020000, vr: 'UL', value: [meta.length] }]);
  const body = encodeAll(dataSetElements(image, options, sopClassUid, bitsStored));
  return concat([new Uint8Array(128), new TextEncoder().encode('DICM'), groupLength, meta, body]);
}

function dataSetElements(
  image: ChestImage,
  options: DicomImageWriteOptions,
  sopClassUid: string,
  bitsStored: number,
): Element[] {
  const dx = options.modality === 'DX';
  const when = toDicomDateTime(options.acquisitionDateTime ?? image.acquiredAt);
  const spacing = formatDs(options.pixelSpacingMm ?? DETECTOR_WIDTH_MM / image.width);
  const maxLevel = 2 ** bitsStored - 1;
  const elements: Element[] = [
    { tag: 0x00080008, vr: 'CS', value: 'ORIGINAL\\PRIMARY' },
    { tag: 0x00080016, vr: 'UI', value: sopClassUid },
    { tag: 0x00080018, vr: 'UI', value: options.sopInstanceUid },
    { tag: 0x00080020, vr: 'DA', value: when?.date ?? '' },
    { tag: 0x00080023, vr: 'DA', value: when?.date ?? '' },
    { tag: 0x00080030, vr: 'TM', value: when?.time ?? '' },
    { tag: 0x00080033, vr: 'TM', value: when?.time ?? '' },
    { tag: 0x00080050, vr: 'SH', value: '' },
    { tag: 0x00080060, vr: 'CS', value: options.modality },
    { tag: 0x00080070, vr: 'LO', value: '' },
    { tag: 0x00080090, vr: 'PN', value: '' },
    { tag: 0x00100010, vr: 'PN', value: '' },
    { tag: 0x00100020, vr: 'LO', value: options.patientId ?? '' },
    { tag: 0x00100030, vr: 'DA', value: '' },
    { tag: 0x00100040, vr: 'CS', value: '' },
    { tag: 0x00180015, vr: 'CS', value: 'CHEST' },
    { tag: 0x00185101, vr: 'CS', value: options.viewPosition },
    { tag: 0x0020000d, vr: 'UI', value: options.studyUid },
    { tag: 0x0020000e, vr: 'UI', value: options.seriesUid },
    { tag: 0x00200010, vr: 'SH', value: '1' },
    { tag: 0x00200011, vr: 'IS', value: '1' },
    { tag: 0x00200013, vr: 'IS', value: '1' },
    // Rows run towards the patient's left and columns towards the feet in the conventional display of a frontal
    // chest film (the patient's right on the viewer's left), for PA and AP alike.
    { tag: 0x00200020, vr: 'CS', value: 'L\\F' },
    { tag: 0x00280002, vr: 'US', value: [1] },
    { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
    { tag: 0x00280010, vr: 'US', value: [image.height] },
    { tag: 0x00280011, vr: 'US', value: [image.width] },
    { tag: 0x00280030, vr: 'DS', value: `${spacing}\\${spacing}` },
    { tag: 0x00280100, vr: 'US', value: [16] },
    { tag: 0x00280101, vr: 'US', value: [bitsStored] },
    { tag: 0x00280102, vr: 'US', value: [bitsStored - 1] },
    { tag: 0x00280103, vr: 'US', value: [0] },
    { tag: 0x00280301, vr: 'CS', value: 'NO' },
    // LINEAR window (PS3.3 C.11.2.1.2.1) with c = 2^(b−1), w = 2^b maps stored v to exactly v / (2^b − 1).
    { tag: 0x00281050, vr: 'DS', value: String(2 ** (bitsStored - 1)) },
    { tag: 0x00281051, vr: 'DS', value: String(2 ** bitsStored) },
    { tag: 0x00281052, vr: 'DS', value: '0' },
    { tag: 0x00281053, vr: 'DS', value: '1' },
    // Required with the rescale in CR (Modality LUT macro) and DX; `US` = unspecified units.
    { tag: 0x00281054, vr: 'LO', value: 'US' },
    { tag: 0x00282110, vr: 'CS', value: '00' },
    { tag: 0x7fe00010, vr: 'OW', value: quantise(image.pixels, maxLevel) },
  ];
  if (when !== undefined) {
    elements.push(
      { tag: 0x00080022, vr: 'DA', value: when.date },
      { tag: 0x0008002a, vr: 'DT', value: when.dateTime },
      { tag: 0x00080032, vr: 'TM', value: when.time },
    );
  }
  if (dx) elements.push(...digitalXrayElements(spacing, options.viewPosition));
  return elements.sort((a, b) => a.tag - b.tag);
}

/** Type 1 and 2 attributes that the DX IOD adds (DX Series, DX Anatomy Imaged, DX Image, DX Detector, C.8.11). */
function digitalXrayElements(spacing: string, view: 'PA' | 'AP'): Element[] {
  const viewCode = VIEW_CODES[view];
  return [
    { tag: 0x00080068, vr: 'CS', value: 'FOR PRESENTATION' },
    {
      tag: 0x00082218,
      vr: 'SQ',
      items: [
        [
          { tag: 0x00080100, vr: 'SH', value: '43799004' },
          { tag: 0x00080102, vr: 'SH', value: 'SCT' },
          { tag: 0x00080104, vr: 'LO', value: 'Chest' },
        ],
      ],
    },
    { tag: 0x00181164, vr: 'DS', value: `${spacing}\\${spacing}` },
    { tag: 0x00181508, vr: 'CS', value: '' },
    { tag: 0x00187004, vr: 'CS', value: '' },
    { tag: 0x00200062, vr: 'CS', value: 'U' },
    // Higher values mean less X-ray reached the detector (bone is white in MONOCHROME2), hence sign −1.
    { tag: 0x00281040, vr: 'CS', value: 'LOG' },
    { tag: 0x00281041, vr: 'SS', value: [-1] },
    { tag: 0x00400555, vr: 'SQ', items: [] },
    {
      tag: 0x00540220,
      vr: 'SQ',
      items: [
        [
          { tag: 0x00080100, vr: 'SH', value: viewCode.code },
          { tag: 0x00080102, vr: 'SH', value: 'SCT' },
          { tag: 0x00080104, vr: 'LO', value: viewCode.meaning },
        ],
      ],
    },
    { tag: 0x20500020, vr: 'CS', value: 'IDENTITY' },
  ];
}

/** Grey [0, 1] (clamped) to little-endian 16-bit stored values in [0, maxLevel]. */
function quantise(pixels: Float32Array, maxLevel: number): Uint8Array {
  const out = new Uint8Array(pixels.length * 2);
  for (let i = 0; i < pixels.length; i += 1) {
    const grey = pixels[i] ?? 0;
    const level = Math.round((grey < 0 ? 0 : grey > 1 ? 1 : grey) * maxLevel);
    out[2 * i] = level & 0xff;
    out[2 * i + 1] = level >> 8;
  }
  return out;
}

/** A DS value (at most 16 characters, PS3.5 §6.2). */
function formatDs(value: number): string {
  for (let digits = 10; digits > 1; digits -= 1) {
    const text = String(Number(value.toPrecision(digits)));
    if (text.length <= 16) return text;
  }
  return String(Math.round(value));
}

const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** ISO 8601 to DICOM DA, TM and DT (PS3.5 §6.2); undefined for absent or unparseable input. */
function toDicomDateTime(iso: string | undefined): { date: string; time: string; dateTime: string } | undefined {
  const match = iso === undefined ? null : ISO_PATTERN.exec(iso);
  if (match === null) return undefined;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction, zone] = match;
  const date = `${year}${month}${day}`;
  const time = `${hour}${minute}${second}${fraction === undefined ? '' : `.${fraction}`}`;
  const offset = zone === undefined ? '' : zone === 'Z' ? '+0000' : zone.replace(':', '');
  return { date, time, dateTime: `${date}${time}${offset}` };
}

function encodeAll(elements: readonly Element[]): Uint8Array {
  return concat(elements.map(encodeElement));
}

function encodeElement(element: Element): Uint8Array {
  const value = valueBytes(element);
  const header = new Uint8Array(LONG_VRS.has(element.vr) ? 12 : 8);
  const view = new DataView(header.buffer);
  view.setUint16(0, element.tag >>> 16, true);
  view.setUint16(2, element.tag & 0xffff, true);
  header[4] = element.vr.charCodeAt(0);
  header[5] = element.vr.charCodeAt(1);
  if (LONG_VRS.has(element.vr)) view.setUint32(8, value.length, true);
  else view.setUint16(6, value.length, true);
  return concat([header, value]);
}

function valueBytes(element: Element): Uint8Array {
  switch (element.vr) {
    case 'SQ':
      // Items with defined lengths (PS3.5 §7.5.1): item tag (FFFE,E000), 4-byte length, the item's elements.
      return concat(
        element.items.map((item) => {
          const body = encodeAll(item);
          const header = new Uint8Array(8);
          const view = new DataView(header.buffer);
          view.setUint16(0, 0xfffe, true);
          view.setUint16(2, 0xe000, true);
          view.setUint32(4, body.length, true);
          return concat([header, body]);
        }),
      );
    case 'OB':
    case 'OW':
      return element.value.length % 2 === 0 ? element.value : concat([element.value, new Uint8Array(1)]);
    case 'US':
    case 'SS':
    case 'UL': {
      const size = element.vr === 'UL' ? 4 : 2;
      const out = new Uint8Array(size * element.value.length);
      const view = new DataView(out.buffer);
      element.value.forEach((value, i) => {
        if (element.vr === 'UL') view.setUint32(i * size, value, true);
        else if (element.vr === 'SS') view.setInt16(i * size, value, true);
        else view.setUint16(i * size, value, true);
      });
      return out;
    }
    default: {
      const text = new TextEncoder().encode(element.value);
      // Even length (PS3.5 §7.1): UI is padded with NUL, the other text VRs with a space (§6.2).
      return text.length % 2 === 0 ? text : concat([text, new Uint8Array([element.vr === 'UI' ? 0 : 0x20])]);
    }
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

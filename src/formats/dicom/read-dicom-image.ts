/**
 * Reader for single-frame projection radiographs in DICOM: CR, DX and Secondary Capture, native or JPEG Baseline.
 */
import type { DataSet } from 'dicom-parser';
import type { ChestImage, ChestView } from '../../shared/index';
import { dicomError, parseDicomPart10, readNumber, readString, requireNumber } from './dicom-data-set';
import { readAcquisitionDateTime } from './dicom-date-time';
import {
  applyGreyTransform,
  type GreyTransform,
  type StoredLevelRange,
  type VoiLutFunction,
} from './dicom-grey-transform';
import { nativeStoredRange, readJpegBaselineFrame, readNativeFrame, type PixelFormat } from './dicom-pixel-frame';
import { TAGS } from './dicom-tags';
import {
  ECG_SOP_CLASS_UIDS,
  JPEG_BASELINE_TRANSFER_SYNTAX,
  NATIVE_TRANSFER_SYNTAXES,
  UNSUPPORTED_TRANSFER_SYNTAX_NAMES,
} from './dicom-uids';

const PHOTOMETRICS = ['MONOCHROME1', 'MONOCHROME2', 'RGB', 'YBR_FULL', 'YBR_FULL_422'];

/**
 * Reads the first frame of a DICOM image into a ChestImage: MONOCHROME2 grey in [0, 1] after the rescale and the
 * file's first VOI window (min–max when it has none); MONOCHROME1 is inverted, colour reduced to luma.
 *
 * @param bytes - a DICOM Part-10 file
 * @param source - file name or reference, for provenance and error messages
 * @throws FormatError (format `DICOM`) naming the attribute, or the transfer syntax UID it cannot decode
 */
export function readDicomImage(bytes: Uint8Array, source?: string): ChestImage {
  const dataSet = parseDicomPart10(bytes, source);
  const sopClass = readString(dataSet, TAGS.sopClassUid);
  if (sopClass !== undefined && ECG_SOP_CLASS_UIDS.has(sopClass)) {
    throw dicomError(`${TAGS.sopClassUid.label} ${sopClass} is an ECG waveform, not an image`, source);
  }
  if (dataSet.elements[TAGS.pixelData.key] === undefined) {
    throw dicomError(`${TAGS.pixelData.label} is missing`, source);
  }
  const format = readPixelFormat(dataSet, source);
  const { levels, storedRange } = readFrame(dataSet, format, source);
  const pixels = applyGreyTransform(levels, readGreyTransform(dataSet, format, source), storedRange);
  const view = readView(dataSet);
  const modality = readString(dataSet, TAGS.modality);
  const acquiredAt = readAcquisitionDateTime(dataSet);
  return {
    width: format.columns,
    height: format.rows,
    pixels,
    sourceBitDepth: format.bitsStored,
    sourceFormat: 'dicom',
    ...(view === undefined ? {} : { view }),
    ...(modality === undefined ? {} : { modality }),
    ...(acquiredAt === undefined ? {} : { acquiredAt }),
    provenance: { source: 'file', references: source === undefined ? [] : [source] },
  };
}

function readFrame(
  dataSet: DataSet,
  format: PixelFormat,
  source?: string,
): { levels: Float32Array; storedRange?: StoredLevelRange } {
  // The meta header's TransferSyntaxUID is Type 1; a file without one is read as the default, implicit VR LE.
  const syntax = readString(dataSet, TAGS.transferSyntaxUid) ?? '1.2.840.10008.1.2';
  const native = NATIVE_TRANSFER_SYNTAXES.get(syntax);
  if (native !== undefined) {
    const levels = readNativeFrame(dataSet, format, native.littleEndian, source);
    const storedRange = nativeStoredRange(format);
    return storedRange === undefined ? { levels } : { levels, storedRange };
  }
  if (syntax === JPEG_BASELINE_TRANSFER_SYNTAX) return { levels: readJpegBaselineFrame(dataSet, format, source) };
  const name = UNSUPPORTED_TRANSFER_SYNTAX_NAMES.get(syntax);
  throw dicomError(
    `${TAGS.transferSyntaxUid.label} ${syntax}${name === undefined ? '' : ` (${name})`} is not supported ` +
      `(supported: native little/big endian, JPEG Baseline ${JPEG_BASELINE_TRANSFER_SYNTAX})`,
    source,
  );
}

function readPixelFormat(dataSet: DataSet, source?: string): PixelFormat {
  const rows = requireNumber(dataSet, TAGS.rows, 'US', source);
  const columns = requireNumber(dataSet, TAGS.columns, 'US', source);
  if (rows === 0 || columns === 0) throw dicomError(`${TAGS.rows.label} or ${TAGS.columns.label} is 0`, source);
  const samplesPerPixel = readNumber(dataSet, TAGS.samplesPerPixel, 'US', source) ?? 1;
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) {
    throw dicomError(`${TAGS.samplesPerPixel.label} ${samplesPerPixel} is not supported (1 or 3)`, source);
  }
  const photometric = readString(dataSet, TAGS.photometricInterpretation) ?? 'MONOCHROME2';
  if (!PHOTOMETRICS.includes(photometric)) {
    throw dicomError(`${TAGS.photometricInterpretation.label} ${photometric} is not supported`, source);
  }
  const bitsAllocated = requireNumber(dataSet, TAGS.bitsAllocated, 'US', source);
  const bitsStored = readNumber(dataSet, TAGS.bitsStored, 'US', source) ?? bitsAllocated;
  if (bitsStored < 1 || bitsStored > bitsAllocated) {
    throw dicomError(
      `${TAGS.bitsStored.label} ${bitsStored} does not fit ${TAGS.bitsAllocated.label} ${bitsAllocated}`,
      source,
    );
  }
  return {
    rows,
    columns,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    signed: readNumber(dataSet, TAGS.pixelRepresentation, 'US', source) === 1,
    planarConfiguration: readNumber(dataSet, TAGS.planarConfiguration, 'US', source) === 1 ? 1 : 0,
    photometric,
    frames: readNumber(dataSet, TAGS.numberOfFrames, 'IS', source) ?? 1,
  };
}

function readGreyTransform(dataSet: DataSet, format: PixelFormat, source?: string): GreyTransform {
  const monochrome = format.photometric.startsWith('MONOCHROME');
  // Rescale and VOI apply to monochrome data only (PS3.3 C.11.1, C.11.2); colour is stretched min–max.
  const slope = monochrome ? (readNumber(dataSet, TAGS.rescaleSlope, 'DS', source) ?? 1) : 1;
  const intercept = monochrome ? (readNumber(dataSet, TAGS.rescaleIntercept, 'DS', source) ?? 0) : 0;
  const center = monochrome ? readNumber(dataSet, TAGS.windowCenter, 'DS', source) : undefined;
  const width = monochrome ? readNumber(dataSet, TAGS.windowWidth, 'DS', source) : undefined;
  const voiFunction = readString(dataSet, TAGS.voiLutFunction) ?? 'LINEAR';
  if (!['LINEAR', 'LINEAR_EXACT', 'SIGMOID'].includes(voiFunction)) {
    throw dicomError(`${TAGS.voiLutFunction.label} ${voiFunction} is not supported`, source);
  }
  // LINEAR needs a width of at least 1, the others a positive one (C.11.2.1.2); otherwise the window is unusable.
  const usable = center !== undefined && width !== undefined && (voiFunction === 'LINEAR' ? width >= 1 : width > 0);
  return {
    slope,
    intercept,
    ...(usable ? { window: { center, width, function: voiFunction as VoiLutFunction } } : {}),
    invert: format.photometric === 'MONOCHROME1',
  };
}

/** ViewPosition (0018,5101): PA, AP, and the lateral codes (LL, RL, LATERAL) of CID 4010 used for chest. */
function readView(dataSet: DataSet): ChestView | undefined {
  const position = readString(dataSet, TAGS.viewPosition)?.toUpperCase();
  if (position === undefined) return undefined;
  if (position === 'PA' || position === 'AP') return position;
  if (['LL', 'RL', 'LAT', 'LATERAL'].includes(position)) return 'LATERAL';
  return 'UNKNOWN';
}

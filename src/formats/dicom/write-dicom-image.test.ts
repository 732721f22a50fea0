import { parseDicom } from 'dicom-parser';
import { FormatError, type ChestImage } from '../../shared/index';
import { readPng } from '../image/read-png';
import { describeWithSharedData, readSharedBytes } from '../../../test/support/shared-data';
import { dicomUidFromSeed } from './dicom-uid-from-seed';
import { readDicomImage } from './read-dicom-image';
import { writeDicomImage, type DicomImageWriteOptions } from './write-dicom-image';

/** A 37 × 23 image with a horizontal ramp, a vertical ramp and values outside [0, 1] in the corners. */
function testImage(): ChestImage {
  const width = 37;
  const height = 23;
  const pixels = new Float32Array(width * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) pixels[y * width + x] = 0.5 * (x / (width - 1)) + 0.5 * (y / (height - 1));
  }
  pixels[0] = -0.2;
  pixels[pixels.length - 1] = 1.3;
  return {
    width,
    height,
    pixels,
    sourceBitDepth: 32,
    sourceFormat: 'png',
    provenance: { source: 'synthetic', references: [] },
  };
}

const OPTIONS: DicomImageWriteOptions = {
  studyUid: dicomUidFromSeed('test/study'),
  seriesUid: dicomUidFromSeed('test/series'),
  sopInstanceUid: dicomUidFromSeed('test/instance'),
  patientId: 'SYN-0001',
  modality: 'DX',
  viewPosition: 'PA',
  acquisitionDateTime: '2024-03-01T08:15:30',
};

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function maxError(actual: Float32Array, expected: Float32Array): number {
  let worst = 0;
  expected.forEach((value, i) => (worst = Math.max(worst, Math.abs((actual[i] ?? Number.NaN) - clamp01(value)))));
  return worst;
}

describe('writeDicomImage', () => {
  it.each([
    ['DX', 'PA', 12],
    ['CR', 'AP', 12],
    ['DX', 'AP', 16],
    ['CR', 'PA', 8],
  ] as const)(
    'writes a %s %s image at %i bits that readDicomImage reads back within half a step',
    (modality, view, bits) => {
      const image = testImage();

      const read = readDicomImage(
        writeDicomImage(image, { ...OPTIONS, modality, viewPosition: view, bitsStored: bits }),
      );

      expect([read.width, read.height]).toEqual([37, 23]);
      expect(read.view).toBe(view);
      expect(read.modality).toBe(modality);
      expect(read.sourceBitDepth).toBe(bits);
      expect(read.acquiredAt).toBe('2024-03-01T08:15:30');
      // Half a quantisation step of 2^bits − 1 levels, plus float32 rounding.
      expect(maxError(read.pixels, image.pixels)).toBeLessThanOrEqual(0.5 / (2 ** bits - 1) + 1e-6);
    },
  );

  it('lays out a Part-10 file: zero preamble, DICM, a meta group whose length covers exactly its elements', () => {
    const bytes = writeDicomImage(testImage(), OPTIONS);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

    expect(bytes.subarray(0, 128).every((byte) => byte === 0)).toBe(true);
    expect(String.fromCharCode(...bytes.subarray(128, 132))).toBe('DICM');
    // (0002,0000) UL, length 4, at byte 132 (PS3.10 §7.1); the meta elements then run to 144 + its value.
    expect([view.getUint16(132, true), view.getUint16(134, true)]).toEqual([0x0002, 0x0000]);
    expect(String.fromCharCode(bytes[136] ?? 0, bytes[137] ?? 0)).toBe('UL');
    const metaEnd = 144 + view.getUint32(140, true);
    let offset = 144;
    while (offset < metaEnd) {
      expect(view.getUint16(offset, true)).toBe(0x0002);
      const vr = String.fromCharCode(bytes[offset + 4] ?? 0, bytes[offset + 5] ?? 0);
      offset += vr === 'OB' ? 12 + view.getUint32(offset + 8, true) : 8 + view.getUint16(offset + 6, true);
    }
    expect(offset).toBe(metaEnd);
    expect(view.getUint16(metaEnd, true)).toBe(0x0008);
  });

  it('writes the DX For Presentation attributes with even-length values, as dicom-parser reads them', () => {
    const image = { ...testImage(), width: 512, height: 2, pixels: new Float32Array(1024) };

    const dataSet = parseDicom(writeDicomImage(image, OPTIONS));

    // UIDs and codes from DICOM PS3.6 Annex A and PS3.3 A.26 / C.8.11; the spacing is 430 mm / 512 columns.
    expect(dataSet.string('x00020010')).toBe('1.2.840.10008.1.2.1');
    expect(dataSet.string('x00020002')).toBe('1.2.840.10008.5.1.4.1.1.1.1');
    expect(dataSet.string('x00080016')).toBe('1.2.840.10008.5.1.4.1.1.1.1');
    expect(dataSet.string('x00080018')).toBe(OPTIONS.sopInstanceUid);
    expect(dataSet.string('x0020000d')).toBe(OPTIONS.studyUid);
    expect(dataSet.string('x0020000e')).toBe(OPTIONS.seriesUid);
    expect(dataSet.string('x00080068')).toBe('FOR PRESENTATION');
    expect(dataSet.string('x00280004')).toBe('MONOCHROME2');
    expect([dataSet.uint16('x00280100'), dataSet.uint16('x00280101'), dataSet.uint16('x00280102')]).toEqual([
      16, 12, 11,
    ]);
    expect([dataSet.uint16('x00280010'), dataSet.uint16('x00280011')]).toEqual([2, 512]);
    expect(dataSet.string('x00280030')).toBe('0.83984375\\0.83984375');
    expect(dataSet.string('x00185101')).toBe('PA');
    expect(dataSet.string('x00100020')).toBe('SYN-0001');
    expect(dataSet.elements.x7fe00010?.length).toBe(512 * 2 * 2);
    for (const element of Object.values(dataSet.elements)) expect(element.length % 2).toBe(0);
  });

  it('writes the CR SOP class without the DX-only attributes', () => {
    const dataSet = parseDicom(writeDicomImage(testImage(), { ...OPTIONS, modality: 'CR' }));

    expect(dataSet.string('x00080016')).toBe('1.2.840.10008.5.1.4.1.1.1');
    expect(dataSet.string('x00080060')).toBe('CR');
    expect(dataSet.elements.x00080068).toBeUndefined();
  });

  it('gives byte-identical files for identical input', () => {
    expect(writeDicomImage(testImage(), OPTIONS)).toEqual(writeDicomImage(testImage(), OPTIONS));
  });

  it('refuses a malformed UID and an unsupported BitsStored with a FormatError naming the field', () => {
    const badUid = (): Uint8Array => writeDicomImage(testImage(), { ...OPTIONS, studyUid: '1.02.x' });
    const badBits = (): Uint8Array => writeDicomImage(testImage(), { ...OPTIONS, bitsStored: 20 });

    expect(badUid).toThrow(/studyUid/);
    expect(badBits).toThrow(/bitsStored 20/);
    expect(badBits).toThrow(FormatError);
  });
});

describeWithSharedData('writeDicomImage on a real radiograph', () => {
  it('round-trips the NIH cardiomegaly PNG through a 12-bit DX file within half a step', () => {
    const image = readPng(readSharedBytes('cxr', 'nih-siim', '00000001_000.png'));

    const read = readDicomImage(writeDicomImage(image, OPTIONS));

    expect([read.width, read.height]).toEqual([512, 512]);
    expect(maxError(read.pixels, image.pixels)).toBeLessThanOrEqual(0.5 / 4095 + 1e-6);
  });
});

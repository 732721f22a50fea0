import { isFormatError } from '../../shared/index';
import { readDicomImage } from './read-dicom-image';
import { writeDicomPart10, type DicomTestElement, type TestTransferSyntax } from './testing/write-dicom-part10';

const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
const DX = '1.2.840.10008.5.1.4.1.1.1.1';

function le16(values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  values.forEach((value, i) => new DataView(out.buffer).setUint16(i * 2, value, true));
  return out;
}

interface ImageSpec {
  rows: number;
  columns: number;
  bitsAllocated: 8 | 16;
  bitsStored?: number;
  signed?: boolean;
  photometric: string;
  samplesPerPixel?: 1 | 3;
  planar?: 0 | 1;
  pixels: Uint8Array;
  extra?: DicomTestElement[];
}

/** Image Pixel module attributes in tag order, then any extra attributes, then PixelData. */
function image(spec: ImageSpec, transferSyntax: TestTransferSyntax = 'explicit-le', declared?: string): Uint8Array {
  const elements: DicomTestElement[] = [
    ...(spec.extra ?? []),
    { tag: '00280002', vr: 'US', value: [spec.samplesPerPixel ?? 1] },
    { tag: '00280004', vr: 'CS', value: spec.photometric },
    ...(spec.planar === undefined ? [] : [{ tag: '00280006', vr: 'US', value: [spec.planar] } as const]),
    { tag: '00280010', vr: 'US', value: [spec.rows] },
    { tag: '00280011', vr: 'US', value: [spec.columns] },
    { tag: '00280100', vr: 'US', value: [spec.bitsAllocated] },
    { tag: '00280101', vr: 'US', value: [spec.bitsStored ?? spec.bitsAllocated] },
    { tag: '00280102', vr: 'US', value: [(spec.bitsStored ?? spec.bitsAllocated) - 1] },
    { tag: '00280103', vr: 'US', value: [spec.signed ? 1 : 0] },
  ];
  const sorted = elements.sort((a, b) => a.tag.localeCompare(b.tag));
  const pixelData: DicomTestElement = {
    tag: '7FE00010',
    vr: spec.bitsAllocated === 8 ? 'OB' : 'OW',
    value: spec.pixels,
  };
  return writeDicomPart10([...sorted, pixelData], {
    sopClassUid: SECONDARY_CAPTURE,
    transferSyntax,
    ...(declared === undefined ? {} : { declaredTransferSyntaxUid: declared }),
  });
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error: unknown) {
    return error;
  }
  return undefined;
}

// Expected values below are worked by hand from DICOM PS3.3 C.11.1 (rescale) and C.11.2.1.2.1 (LINEAR window).
describe('readDicomImage', () => {
  it('masks high bits, rescales, windows and inverts a 12-bit MONOCHROME1 image', () => {
    // Stored 0, 1000 (with garbage 0xF000 above bit 11), 2000, 4095; × 2 − 100 → −100, 1900, 3900, 8090.
    // Window C 2000, W 4001: below −0.5 → 0, above 3999.5 → 1, else (x − 1999.5) / 4000 + 0.5:
    // 0, 0.475125, 0.975125, 1; MONOCHROME1 inverts: 1, 0.524875, 0.024875, 0.
    const bytes = image({
      rows: 1,
      columns: 4,
      bitsAllocated: 16,
      bitsStored: 12,
      photometric: 'MONOCHROME1',
      pixels: le16([0, 0xf000 | 1000, 2000, 4095]),
      extra: [
        { tag: '00281050', vr: 'DS', value: '2000' },
        { tag: '00281051', vr: 'DS', value: '4001' },
        { tag: '00281052', vr: 'DS', value: '-100' },
        { tag: '00281053', vr: 'DS', value: '2' },
      ],
    });

    const result = readDicomImage(bytes, 'mono1.dcm');

    expect(result.sourceBitDepth).toBe(12);
    expect(Array.from(result.pixels)).toEqual([1, 0.524875, 0.024875, 0].map(Math.fround));
  });

  it('stretches min–max and then inverts a MONOCHROME1 image without a window', () => {
    const bytes = image({
      rows: 1,
      columns: 3,
      bitsAllocated: 8,
      photometric: 'MONOCHROME1',
      pixels: new Uint8Array([0, 50, 100]),
    });

    expect(Array.from(readDicomImage(bytes).pixels)).toEqual([1, 0.5, 0]);
  });

  it('reads implicit VR little endian 8-bit MONOCHROME2 row by row', () => {
    // Rows 2 × Columns 2, stored 10, 20 / 30, 110 → (v − 10) / 100.
    const bytes = image(
      { rows: 2, columns: 2, bitsAllocated: 8, photometric: 'MONOCHROME2', pixels: new Uint8Array([10, 20, 30, 110]) },
      'implicit-le',
    );

    const result = readDicomImage(bytes);

    expect([result.width, result.height]).toEqual([2, 2]);
    expect(Array.from(result.pixels)).toEqual([0, 0.1, 0.2, 1].map(Math.fround));
  });

  it('sign-extends 12-bit two’s complement samples when PixelRepresentation is 1', () => {
    // 0x0FFF → −1, 0x0800 → −2048, 0x07FF → 2047, 0 → 0; min–max over [−2048, 2047] divides by 4095.
    const bytes = image({
      rows: 1,
      columns: 4,
      bitsAllocated: 16,
      bitsStored: 12,
      signed: true,
      photometric: 'MONOCHROME2',
      pixels: le16([0x0fff, 0x0800, 0x07ff, 0]),
    });

    expect(Array.from(readDicomImage(bytes).pixels)).toEqual([2047 / 4095, 0, 1, 2048 / 4095].map(Math.fround));
  });

  it('reduces planar RGB to luma', () => {
    // Pixels black, white, (200, 100, 50); planar: R plane, G plane, B plane. Luma 0, 255, 124.2 → /255.
    const bytes = image({
      rows: 1,
      columns: 3,
      bitsAllocated: 8,
      photometric: 'RGB',
      samplesPerPixel: 3,
      planar: 1,
      pixels: new Uint8Array([0, 255, 200, 0, 255, 100, 0, 255, 50]),
    });

    const pixels = readDicomImage(bytes).pixels;

    expect(pixels[0]).toBe(0);
    expect(pixels[1]).toBeCloseTo(1, 6);
    expect(pixels[2]).toBeCloseTo(124.2 / 255, 5);
  });

  it('windows a 70×70 12-bit image (more pixels than levels) pixel by pixel as PS3.3 says, from any byte offset', () => {
    // Pixel i stores (37·i) mod 4096, with garbage 0xF000 above bit 11 on every third pixel; × 2 − 100, window C 2000
    // W 4001 (LINEAR), MONOCHROME1. Expected values from numpy (float64 formula of C.11.2.1.2.1 on the rescaled value
    // rounded to float32, result stored as float32), independent of the reader's lookup table.
    const count = 70 * 70;
    const stored = Array.from({ length: count }, (_, i) => ((37 * i) % 4096) | (i % 3 === 0 ? 0xf000 : 0));
    const bytes = image({
      rows: 70,
      columns: 70,
      bitsAllocated: 16,
      bitsStored: 12,
      photometric: 'MONOCHROME1',
      pixels: le16(stored),
      extra: [
        { tag: '00281050', vr: 'DS', value: '2000' },
        { tag: '00281051', vr: 'DS', value: '4001' },
        { tag: '00281052', vr: 'DS', value: '-100' },
        { tag: '00281053', vr: 'DS', value: '2' },
      ],
    });
    // The same file one byte into a buffer: the 16-bit samples are then not aligned for a Uint16Array view.
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);

    for (const input of [bytes, shifted.subarray(1)]) {
      const pixels = readDicomImage(input).pixels;

      expect([0, 1, 55, 56, 1000, 4899].map((i) => pixels[i])).toEqual(
        [1, 1, 0.007375000044703484, 0, 0.9568750262260437, 0.5053750276565552].map(Math.fround),
      );
      expect(pixels.reduce((sum, v) => sum + v, 0)).toBeCloseTo(1271.2468750484404, 6);
    }
  });

  it('stretches a 70×70 signed 12-bit image between its own extremes', () => {
    // Pixel i stores (29·i) mod 4096 as 12-bit two's complement, no window: (v − min) / (max − min) with min −2048
    // and max 2047 present. Expected values from numpy on the same formula, stored as float32.
    const count = 70 * 70;
    const bytes = image({
      rows: 70,
      columns: 70,
      bitsAllocated: 16,
      bitsStored: 12,
      signed: true,
      photometric: 'MONOCHROME2',
      pixels: le16(Array.from({ length: count }, (_, i) => (29 * i) % 4096)),
    });

    const pixels = readDicomImage(bytes).pixels;

    expect([0, 1, 55, 56, 1000, 4899].map((i) => pixels[i])).toEqual(
      [
        0.5001221299171448, 0.5072039365768433, 0.8896214962005615, 0.89670330286026, 0.5802198052406311,
        0.18534798920154572,
      ].map(Math.fround),
    );
    expect(pixels.reduce((sum, v) => sum + v, 0)).toBeCloseTo(2456.5915018454252, 6);
  });

  it('reports view, modality and acquisition time from the header', () => {
    const bytes = image({
      rows: 1,
      columns: 2,
      bitsAllocated: 8,
      photometric: 'MONOCHROME2',
      pixels: new Uint8Array([0, 1]),
      extra: [
        { tag: '00080022', vr: 'DA', value: '20240131' },
        { tag: '00080032', vr: 'TM', value: '081502.5' },
        { tag: '00080060', vr: 'CS', value: 'DX' },
        { tag: '00185101', vr: 'CS', value: 'LL' },
      ],
    });

    const result = readDicomImage(bytes, 'lateral.dcm');

    expect(result.view).toBe('LATERAL');
    expect(result.modality).toBe('DX');
    expect(result.acquiredAt).toBe('2024-01-31T08:15:02.5');
    expect(result.provenance).toEqual({ source: 'file', references: ['lateral.dcm'] });
  });

  it.each([
    ['1.2.840.10008.1.2.4.70', 'JPEG Lossless'],
    ['1.2.840.10008.1.2.4.90', 'JPEG 2000'],
    ['1.2.840.10008.1.2.5', 'RLE'],
  ])('refuses transfer syntax %s (%s) with an error naming its UID', (uid) => {
    const bytes = image(
      { rows: 1, columns: 2, bitsAllocated: 8, photometric: 'MONOCHROME2', pixels: new Uint8Array(2) },
      'explicit-le',
      uid,
    );

    const error = caught(() => readDicomImage(bytes, 'compressed.dcm'));

    expect(isFormatError(error) && error.format === 'DICOM' && error.message.includes(uid)).toBe(true);
  });

  it('names Rows (0028,0010) when it is missing', () => {
    const bytes = writeDicomPart10(
      [
        { tag: '00280011', vr: 'US', value: [2] },
        { tag: '00280100', vr: 'US', value: [8] },
        { tag: '7FE00010', vr: 'OB', value: new Uint8Array(2) },
      ],
      { sopClassUid: DX },
    );

    expect(() => readDicomImage(bytes, 'norows.dcm')).toThrow('DICOM norows.dcm: Rows (0028,0010) is missing');
  });

  it('names PixelData when it holds less than one frame', () => {
    const bytes = image({
      rows: 4,
      columns: 4,
      bitsAllocated: 16,
      photometric: 'MONOCHROME2',
      pixels: le16([1, 2, 3]),
    });

    expect(() => readDicomImage(bytes)).toThrow(
      /PixelData \(7FE0,0010\) holds 6 bytes, fewer than one 4×4 frame needs \(32\)/,
    );
  });
});

import { PNG } from 'pngjs';
import { isFormatError } from '../shared/index';
import { readChestImage, sniffFormat } from './sniff';

function dicmPrefix(): Uint8Array {
  const bytes = new Uint8Array(140);
  bytes.set([0x44, 0x49, 0x43, 0x4d], 128);
  return bytes;
}

function tinyPng(): Buffer {
  const png = new PNG({ width: 1, height: 1 });
  png.data = Buffer.from([10, 10, 10, 255]);
  return PNG.sync.write(png);
}

describe('sniffFormat', () => {
  it('recognises DICM at byte 128, the PNG signature and JPEG SOI', () => {
    expect(sniffFormat(dicmPrefix())).toBe('dicom');
    expect(sniffFormat(tinyPng())).toBe('png');
    expect(sniffFormat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
  });

  it('says unknown for other bytes, short input and DICM at the wrong offset', () => {
    expect(sniffFormat(new Uint8Array())).toBe('unknown');
    expect(sniffFormat(new TextEncoder().encode('DICM and then some text'))).toBe('unknown');
    expect(sniffFormat(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe('unknown');
  });
});

describe('readChestImage', () => {
  it('trusts the magic bytes over a wrong content type', () => {
    const image = readChestImage(tinyPng(), 'image/jpeg', 'mislabelled.png');

    expect(image.sourceFormat).toBe('png');
    expect(image.pixels[0]).toBeCloseTo(10 / 255, 6);
  });

  it.each([
    ['application/dicom', 'DICOM'],
    ['image/png', 'PNG'],
    ['image/jpeg; charset=binary', 'JPEG'],
  ])('routes unrecognised bytes served as %s to the %s reader', (contentType, format) => {
    let thrown: unknown;
    try {
      readChestImage(new Uint8Array([1, 2, 3, 4]), contentType, 'served.bin');
    } catch (error: unknown) {
      thrown = error;
    }

    expect(isFormatError(thrown) && thrown.format).toBe(format);
  });

  it('gives a FormatError naming the content type when neither bytes nor type are an image format', () => {
    expect(() => readChestImage(new Uint8Array([1, 2, 3]), 'application/pdf', 'report.pdf')).toThrow(
      'image report.pdf: not DICOM, PNG or JPEG by its first bytes, and content type application/pdf does not say otherwise',
    );
  });
});

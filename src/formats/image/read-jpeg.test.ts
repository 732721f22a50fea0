import { encode } from 'jpeg-js';
import { isFormatError } from '../../shared/index';
import { readJpeg } from './read-jpeg';

function uniformJpeg(width: number, height: number, rgb: [number, number, number]): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i += 1) data.set([...rgb, 255], i * 4);
  return encode({ width, height, data }, 100).data;
}

describe('readJpeg', () => {
  it('converts a colour JPEG to BT.601 luma', () => {
    // (200, 100, 50) → 0.299·200 + 0.587·100 + 0.114·50 = 124.2; JPEG at quality 100 keeps a flat colour within
    // a couple of levels after the YCbCr round trip.
    const image = readJpeg(uniformJpeg(16, 8, [200, 100, 50]), 'colour.jpg');

    expect([image.width, image.height, image.sourceBitDepth]).toEqual([16, 8, 8]);
    expect(Math.max(...Array.from(image.pixels, (value) => Math.abs(value - 124.2 / 255)))).toBeLessThan(2 / 255);
    expect(image.provenance).toEqual({ source: 'file', references: ['colour.jpg'] });
  });

  it('gives a FormatError naming JPEG and the file for bytes that are not a JPEG', () => {
    let thrown: unknown;
    try {
      readJpeg(new Uint8Array([0xff, 0xd8, 0xff, 0x00, 1, 2, 3]), 'bad.jpg');
    } catch (error: unknown) {
      thrown = error;
    }

    expect(isFormatError(thrown) && thrown.format === 'JPEG' && thrown.message.includes('bad.jpg')).toBe(true);
  });
});

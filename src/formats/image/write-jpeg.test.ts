import type { ChestImage } from '../../shared/index';
import { describeWithSharedData, readSharedBytes } from '../../../test/support/shared-data';
import { readJpeg } from './read-jpeg';
import { readPng } from './read-png';
import { writeJpeg } from './write-jpeg';

/** A smooth 64 × 48 image (two ramps and a soft disc), the kind of content JPEG reproduces closely. */
function testImage(): ChestImage {
  const width = 64;
  const height = 48;
  const pixels = new Float32Array(width * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const disc = Math.exp(-((x - 40) ** 2 + (y - 20) ** 2) / 120);
      pixels[y * width + x] = 0.15 + 0.4 * (x / width) + 0.1 * (y / height) + 0.3 * disc;
    }
  }
  return {
    width,
    height,
    pixels,
    sourceBitDepth: 32,
    sourceFormat: 'png',
    provenance: { source: 'synthetic', references: [] },
  };
}

function errors(actual: Float32Array, expected: Float32Array): { mean: number; max: number } {
  let sum = 0;
  let max = 0;
  expected.forEach((value, i) => {
    const error = Math.abs((actual[i] ?? Number.NaN) - value);
    sum += error;
    max = Math.max(max, error);
  });
  return { mean: sum / expected.length, max };
}

describe('writeJpeg', () => {
  it('writes a baseline 8-bit JPEG of the image size that readJpeg reads back close to the original', () => {
    const image = testImage();

    const bytes = writeJpeg(image, { quality: 95 });
    const read = readJpeg(bytes);

    // SOI marker FFD8 (ITU-T T.81 B.1.1.3), then a baseline SOF0 frame (FFC0) somewhere in the headers.
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
    const sof = bytes.findIndex((byte, i) => byte === 0xff && bytes[i + 1] === 0xc0);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // SOF0 (B.2.2): marker, Lf (2), P = sample precision, Y = lines, X = samples per line.
    expect([bytes[sof + 4], view.getUint16(sof + 5), view.getUint16(sof + 7)]).toEqual([8, 48, 64]);
    expect([read.width, read.height]).toEqual([64, 48]);
    // Bounds: at quality 95 on smooth content, about one 8-bit level on average and a few at worst (ImageMagick's
    // encoder at quality 95 gives the same order on the NIH radiograph: 0.6 levels mean absolute error).
    const { mean, max } = errors(read.pixels, image.pixels);
    expect(mean).toBeLessThan(1.5 / 255);
    expect(max).toBeLessThan(8 / 255);
  });

  it('loses more at low quality than at high quality', () => {
    const image = testImage();

    const low = errors(readJpeg(writeJpeg(image, { quality: 10 })).pixels, image.pixels).mean;
    const high = errors(readJpeg(writeJpeg(image, { quality: 95 })).pixels, image.pixels).mean;

    expect(low).toBeGreaterThan(high * 2);
  });
});

describeWithSharedData('writeJpeg on a real radiograph', () => {
  it('re-encodes the NIH PNG at the default quality with a mean error under two levels', () => {
    // ImageMagick `compare -metric MAE` puts this file's error at 0.81 levels (its own encoder at quality 90: 0.84).
    const image = readPng(readSharedBytes('cxr', 'nih-siim', '00000001_000.png'));

    const read = readJpeg(writeJpeg(image));

    expect(errors(read.pixels, image.pixels).mean).toBeLessThan(2 / 255);
  });
});

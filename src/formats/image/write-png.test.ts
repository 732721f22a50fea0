import type { ChestImage } from '../../shared/index';
import { describeWithSharedData, readSharedBytes } from '../../../test/support/shared-data';
import { readPng } from './read-png';
import { writePng } from './write-png';

/** A 29 × 17 ramp with values outside [0, 1] in two corners (the writer clamps them). */
function testImage(): ChestImage {
  const width = 29;
  const height = 17;
  const pixels = new Float32Array(width * height).map(
    (_, i) => ((i % width) / (width - 1)) * 0.7 + (Math.floor(i / width) / (height - 1)) * 0.3,
  );
  pixels[0] = -0.5;
  pixels[pixels.length - 1] = 2;
  return {
    width,
    height,
    pixels,
    sourceBitDepth: 32,
    sourceFormat: 'png',
    provenance: { source: 'synthetic', references: [] },
  };
}

function maxError(actual: Float32Array, expected: Float32Array): number {
  let worst = 0;
  expected.forEach((value, i) => {
    worst = Math.max(worst, Math.abs((actual[i] ?? Number.NaN) - Math.min(1, Math.max(0, value))));
  });
  return worst;
}

describe('writePng', () => {
  it.each([8, 16] as const)('writes a %i-bit greyscale PNG that readPng reads back within half a level', (bitDepth) => {
    const image = testImage();

    const bytes = writePng(image, { bitDepth });
    const read = readPng(bytes);

    // IHDR (PNG spec §11.2.2) starts at byte 16: width, height (big-endian), bit depth, colour type 0 = greyscale.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect([view.getUint32(16), view.getUint32(20), bytes[24], bytes[25]]).toEqual([29, 17, bitDepth, 0]);
    expect(read.sourceBitDepth).toBe(bitDepth);
    expect(maxError(read.pixels, image.pixels)).toBeLessThanOrEqual(0.5 / (2 ** bitDepth - 1) + 1e-6);
  });

  it('defaults to 8 bits and gives byte-identical files for identical input', () => {
    const first = writePng(testImage());

    expect(first[24]).toBe(8);
    expect(writePng(testImage())).toEqual(first);
  });
});

describeWithSharedData('writePng on a real radiograph', () => {
  it('re-encodes the 8-bit NIH PNG without changing a single level', () => {
    const image = readPng(readSharedBytes('cxr', 'nih-siim', '00027426_000.png'));

    const read = readPng(writePng(image));

    expect(read.pixels).toEqual(image.pixels);
  });
});

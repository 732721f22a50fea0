import { isFormatError } from '../../../src/shared';
import { readPng } from '../../../src/formats/image/index';
import { describeWithSharedData, readSharedBytes } from '../../support/shared-data';

/**
 * Expected values were obtained without this code, and agree between two decoders: ImageMagick
 * (`convert x.png -depth 8 gray:x.raw`, then numpy) and a numpy/zlib unfilter of the IDAT data written for the
 * purpose. Both files are 8-bit greyscale (IHDR colour type 0), 512 × 512.
 */
const CASES = [
  {
    file: '00000001_000.png',
    mean: 128.13616180419922,
    points: [
      [0, 0, 198],
      [256, 256, 198],
      [100, 400, 187],
      [511, 511, 0],
      [300, 50, 123],
    ],
  },
  {
    file: '00027426_000.png',
    mean: 127.39287948608398,
    points: [
      [0, 0, 185],
      [256, 256, 147],
      [100, 400, 175],
      [511, 511, 0],
      [300, 50, 157],
    ],
  },
] as const;

describeWithSharedData('readPng on real NIH ChestX-ray14 images', () => {
  it.each(CASES)('reads $file as 512 × 512 grey levels divided by 255', ({ file, mean, points }) => {
    const image = readPng(readSharedBytes('cxr', 'nih-siim', file), file);
    const actualMean = image.pixels.reduce((sum, value) => sum + value, 0) / image.pixels.length;

    expect([image.width, image.height, image.sourceBitDepth, image.sourceFormat]).toEqual([512, 512, 8, 'png']);
    for (const [x, y, level] of points) expect(image.pixels[y * 512 + x]).toBeCloseTo(level / 255, 6);
    expect(actualMean).toBeCloseTo(mean / 255, 6);
    expect(image.provenance.references).toEqual([file]);
  });

  it('gives a FormatError, never a crash, for a real PNG cut at any of many lengths', () => {
    const bytes = readSharedBytes('cxr', 'nih-siim', '00000001_000.png');

    for (const cut of [0, 7, 8, 20, 33, 60, 5000, 90000, bytes.length - 12, bytes.length - 1]) {
      let thrown: unknown;
      try {
        readPng(bytes.subarray(0, cut), '00000001_000.png');
      } catch (error: unknown) {
        thrown = error;
      }
      expect({ cut, pngError: isFormatError(thrown) && thrown.format === 'PNG' }).toEqual({ cut, pngError: true });
    }
  });
});

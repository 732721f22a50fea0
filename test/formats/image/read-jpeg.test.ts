import { isFormatError } from '../../../src/shared';
import { readJpeg } from '../../../src/formats/image/index';
import { describeWithSharedData, readSharedBytes } from '../../support/shared-data';

const SIIM = ['cxr', 'nih-siim', '1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819.dcm'] as const;

/**
 * The SIIM DICOM's single pixel-data fragment is a complete greyscale (one-component) baseline JFIF stream:
 * dcmtk `dcmdump` shows one item of 126268 bytes starting `ff d8 ff db`. The test cuts it out by those facts.
 * Expected pixels from dcmtk `dcmdjpeg` (IJG) + numpy: (512, 512) = 208, (100, 800) = 176, (700, 300) = 81,
 * mean 160.398; jpeg-js rounds differently by up to 2 levels, hence the tolerances.
 */
function siimJpegStream(): Uint8Array {
  const bytes = readSharedBytes(...SIIM);
  const start = bytes.findIndex((_, i) => bytes[i] === 0xff && bytes[i + 1] === 0xd8 && bytes[i + 2] === 0xff);
  return bytes.subarray(start, start + 126268);
}

describeWithSharedData('readJpeg on a real greyscale chest radiograph JPEG stream', () => {
  const jpeg = siimJpegStream();

  it('decodes 1024 × 1024 pixels scaled by 255 that match an independent decoder', () => {
    const image = readJpeg(jpeg, 'siim.jpg');
    const at = (x: number, y: number): number => image.pixels[y * 1024 + x] ?? Number.NaN;
    const mean = image.pixels.reduce((sum, value) => sum + value, 0) / image.pixels.length;

    expect([image.width, image.height, image.sourceBitDepth, image.sourceFormat]).toEqual([1024, 1024, 8, 'jpeg']);
    expect(Math.abs(at(512, 512) - 208 / 255)).toBeLessThan(3 / 255);
    expect(Math.abs(at(100, 800) - 176 / 255)).toBeLessThan(3 / 255);
    expect(Math.abs(at(700, 300) - 81 / 255)).toBeLessThan(3 / 255);
    expect(Math.abs(mean - 160.398 / 255)).toBeLessThan(0.005);
  });

  it('gives a FormatError naming JPEG for the stream cut short, not a partly grey image', () => {
    for (const cut of [2, 200, 700, 60000, jpeg.length - 100]) {
      let thrown: unknown;
      try {
        readJpeg(jpeg.subarray(0, cut), 'siim.jpg');
      } catch (error: unknown) {
        thrown = error;
      }
      expect({ cut, jpegError: isFormatError(thrown) && thrown.format === 'JPEG' }).toEqual({ cut, jpegError: true });
    }
  });
});

import { isFormatError } from '../../../src/shared';
import { isDicomEcg, readDicomImage } from '../../../src/formats/dicom/index';
import { describeWithSharedData, readSharedBytes } from '../../support/shared-data';

const SIIM = ['cxr', 'nih-siim', '1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819.dcm'] as const;

/**
 * Expected values were obtained without this code:
 * - attributes with dcmtk `dcmdump`: Secondary Capture, JPEG Baseline (1.2.840.10008.1.2.4.50), CR, ViewPosition
 *   PA, MONOCHROME2, 1024 × 1024, BitsStored 8, no window, no rescale, no acquisition date or time;
 * - pixels with dcmtk `dcmdjpeg` (IJG decoder) then numpy on the last 1024² bytes of the decompressed file:
 *   min 0, max 254, mean 160.398; (x 512, y 512) = 208, (100, 800) = 176, (700, 300) = 81, (0, 0) = 0.
 * Without a window the reader stretches min–max. IJG and jpeg-js round the IDCT differently (up to 2 levels here,
 * and jpeg-js reaches 255 where IJG reaches 254), so values are compared within 3 levels and the mean within 0.005.
 */
describeWithSharedData('readDicomImage on a real SIIM chest radiograph (JPEG Baseline)', () => {
  const bytes = readSharedBytes(...SIIM);

  it('decodes the 1024 × 1024 frame with its modality, view and bit depth', () => {
    const image = readDicomImage(bytes, 'siim.dcm');

    expect([image.width, image.height, image.pixels.length]).toEqual([1024, 1024, 1024 * 1024]);
    expect(image.modality).toBe('CR');
    expect(image.view).toBe('PA');
    expect(image.sourceBitDepth).toBe(8);
    expect(image.sourceFormat).toBe('dicom');
    expect(image.acquiredAt).toBeUndefined();
    expect(image.provenance).toEqual({ source: 'file', references: ['siim.dcm'] });
  });

  it('gives pixel values that match an independent JPEG decoder after min–max scaling', () => {
    const image = readDicomImage(bytes, 'siim.dcm');
    const at = (x: number, y: number): number => image.pixels[y * 1024 + x] ?? Number.NaN;
    const mean = image.pixels.reduce((sum, value) => sum + value, 0) / image.pixels.length;

    expect(Math.abs(at(512, 512) - 208 / 254)).toBeLessThan(3 / 254);
    expect(Math.abs(at(100, 800) - 176 / 254)).toBeLessThan(3 / 254);
    expect(Math.abs(at(700, 300) - 81 / 254)).toBeLessThan(3 / 254);
    expect(at(0, 0)).toBe(0);
    expect(Math.abs(mean - 160.398 / 254)).toBeLessThan(0.005);
  });

  it('is not mistaken for an ECG', () => {
    expect(isDicomEcg(bytes)).toBe(false);
  });

  it('gives a FormatError, never a crash, for the file cut at any of many lengths', () => {
    // From the preamble to inside the JPEG fragment (the pixel data item starts near byte 1000).
    const cuts = [0, 64, 132, 300, 800, 1200, 50000, 120000, bytes.length - 4];

    for (const cut of cuts) {
      let thrown: unknown;
      try {
        readDicomImage(bytes.subarray(0, cut), 'siim.dcm');
      } catch (error: unknown) {
        thrown = error;
      }
      expect({ cut, formatError: isFormatError(thrown) }).toEqual({ cut, formatError: true });
    }
  });

  it('refuses an ECG file with an error that says so', () => {
    const ecg = readSharedBytes('ecg-formats', 'dicom-ecg', 'waveform_ecg.dcm');

    expect(() => readDicomImage(ecg, 'waveform_ecg.dcm')).toThrow(/ECG waveform, not an image/);
  });
});

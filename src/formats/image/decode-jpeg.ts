/**
 * The one place jpeg-js is called, shared by the JPEG reader and DICOM's JPEG Baseline transfer syntax.
 */
import { decode } from 'jpeg-js';
import { FormatError } from '../../shared/index';

/** Limits passed to the decoder so that a hostile header cannot make it allocate gigabytes. */
const DECODE_LIMITS = { maxResolutionInMP: 100, maxMemoryUsageInMB: 1024 } as const;

/**
 * Decodes JPEG bytes to 8-bit RGB samples. Strict decoding: a truncated scan is an error, not an image whose
 * lower part is grey.
 *
 * @param options.colorTransform - whether 3-component data is YCbCr; undefined lets the decoder follow the
 *   JFIF/Adobe markers (a DICOM RGB photometric interpretation sets false)
 * @param options.errorFormat - the FormatError's format: `JPEG` for a file, `DICOM` for encapsulated pixel data
 */
export function decodeJpegRgb(
  bytes: Uint8Array,
  options: { source?: string; colorTransform?: boolean; errorFormat?: 'JPEG' | 'DICOM' } = {},
): { width: number; height: number; rgb: Uint8Array } {
  const { source, colorTransform, errorFormat = 'JPEG' } = options;
  try {
    const image = decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      tolerantDecoding: false,
      ...(colorTransform === undefined ? {} : { colorTransform }),
      ...DECODE_LIMITS,
    });
    if (image.width <= 0 || image.height <= 0 || image.data.length < image.width * image.height * 3) {
      throw new Error(`decoder returned ${image.width}×${image.height} with ${image.data.length} samples`);
    }
    return { width: image.width, height: image.height, rgb: image.data };
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    const what = errorFormat === 'JPEG' ? 'cannot decode' : 'cannot decode the JPEG frame';
    throw new FormatError(errorFormat, `${what} (truncated or corrupt): ${reason}`, source, { cause: error });
  }
}

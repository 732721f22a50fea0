/**
 * Retrieval of one chest radiograph over DICOMweb WADO-RS (DICOM PS3.18).
 *
 * First the rendered resource `{base}/studies/{st}/series/{se}/instances/{in}/rendered` with `Accept: image/png`
 * (PS3.18 §9.5): the server applies the VOI window and photometric interpretation, and the result is a small 8-bit
 * PNG. If that fails (not supported, 4xx/5xx, unreadable), the instance itself `{…}/instances/{in}` as DICOM: the
 * Accept header asks for `multipart/related; type="application/dicom"` (what the standard requires servers to
 * support) and also plain `application/dicom` (what many servers answer); a multipart answer is unwrapped to its
 * first part.
 */
import { FhirMappingError, isAppError, type ChestImage } from '../../shared/index';
import { readDicomImage } from '../../formats/dicom/index';
import { readChestImage } from '../../formats/image/index';
import type { FhirGateway } from '../fhir-gateway';
import type { CxrTarget, WadoEndpoint } from './cxr-imaging-study';
import { firstMultipartPart, isMultipart } from './cxr-multipart';

export const RENDERED_ACCEPT = 'image/png';
export const INSTANCE_ACCEPT = 'multipart/related; type="application/dicom", application/dicom;q=0.9';

/** The image and the URL it came from. */
export interface RetrievedImage {
  image: ChestImage;
  url: string;
}

/**
 * Fetches and decodes the target instance, rendered first, DICOM second.
 *
 * @param studyRef - `ImagingStudy/<id>`, for errors
 * @throws FhirMappingError naming the study and `series[i].instance[j]` when both retrievals fail; the DICOM
 *   failure is the cause and the message gives both reasons
 */
export async function retrieveCxrInstance(
  studyRef: string,
  target: CxrTarget,
  endpoint: WadoEndpoint,
  gateway: FhirGateway,
  signal?: AbortSignal,
): Promise<RetrievedImage> {
  const instanceUrl =
    `${endpoint.baseUrl}/studies/${encodeURIComponent(target.studyUid)}` +
    `/series/${encodeURIComponent(target.series.uid)}/instances/${encodeURIComponent(target.instance.uid)}`;
  const common = {
    ...(endpoint.sendToken === undefined ? {} : { sendToken: endpoint.sendToken }),
    ...(signal ? { signal } : {}),
  };
  let renderedError: unknown;
  try {
    const rendered = await gateway.readBytes(`${instanceUrl}/rendered`, { ...common, accept: RENDERED_ACCEPT });
    const url = `${instanceUrl}/rendered`;
    return { image: readChestImage(rendered.data, rendered.contentType, url), url };
  } catch (error) {
    if (!isAppError(error)) throw error;
    renderedError = error;
  }
  try {
    const content = await gateway.readBytes(instanceUrl, { ...common, accept: INSTANCE_ACCEPT });
    let bytes = content.data;
    if (isMultipart(bytes, content.contentType)) {
      const part = firstMultipartPart(bytes, content.contentType);
      if (!part)
        throw new FhirMappingError(studyRef, fieldOf(target), 'multipart response has no complete part', 'cxr');
      bytes = part.bytes;
    }
    return { image: readDicomImage(bytes, instanceUrl), url: instanceUrl };
  } catch (error) {
    if (!isAppError(error)) throw error;
    const renderedReason = renderedError instanceof Error ? renderedError.message : String(renderedError);
    throw new FhirMappingError(
      studyRef,
      fieldOf(target),
      `could not be retrieved over DICOMweb (rendered: ${renderedReason}; instance: ${error.message})`,
      'cxr',
      { cause: error },
    );
  }
}

function fieldOf(target: CxrTarget): string {
  return `series[${target.seriesIndex}].instance[${target.instanceIndex}]`;
}

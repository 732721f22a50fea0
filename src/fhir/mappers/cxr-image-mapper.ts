/**
 * FHIR resources that carry a chest radiograph → ChestImage.
 *
 * - ImagingStudy: the frontal CR/DX instance, retrieved over its DICOMweb Endpoint (cxr-imaging-study.ts,
 *   cxr-dicomweb.ts).
 * - DiagnosticReport: its `imagingStudy`, then its `media[].link`, then image `presentedForm` attachments; the first
 *   that reads wins.
 * - DocumentReference, Media, Binary: the first attachment that is DICOM, PNG or JPEG (by content type or, when the
 *   type is missing or generic, by its bytes).
 *
 * With a DecodedContentCache, an attachment's image is decoded once per distinct file (SHA-1 of the bytes), and an
 * attachment whose url and hash were seen before is not fetched again (decoded-content-cache.ts).
 */
import type {
  Binary,
  DiagnosticReport,
  DocumentReference,
  ImagingStudy,
  Media,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import { FhirMappingError, isAppError, isFormatError, type ChestImage } from '../../shared/index';
import { readChestImage } from '../../formats/image/index';
import { sniffFormat } from '../../formats/sniff';
import type { FhirGateway } from '../fhir-gateway';
import type { ChestImageContent, DecodedContentCache } from './decoded-content-cache';
import { retrieveCxrInstance } from './cxr-dicomweb';
import { resolveWadoEndpoint, selectFrontalInstance } from './cxr-imaging-study';
import {
  attachmentsOf,
  bareContentType,
  readAttachmentBytes,
  referenceOf,
  type AttachmentResource,
} from './ecg-cxr-attachments';

export type ChestImageResource = ImagingStudy | DiagnosticReport | DocumentReference | Media | Binary;

export interface ChestImageOptions {
  /** Resources that came with the search (`_include=ImagingStudy:endpoint`), looked up before reading. */
  included?: readonly Resource[];
  signal?: AbortSignal;
  /** Decoded images by content, shared between reads (none by default). */
  cache?: DecodedContentCache;
}

/** Content types that can hold a radiograph; a missing or generic type is sniffed. */
const IMAGE_TYPES = new Set(['application/dicom', 'image/png', 'image/jpeg', 'image/jpg']);
const SNIFF_TYPES = new Set([undefined, 'application/octet-stream']);

/**
 * Reads the chest radiograph a resource carries or points to.
 *
 * @throws FhirMappingError naming the resource and element (e.g. `content[0].attachment.data`), with the format or
 *   request failure as `cause`; FhirRequestError when a referenced resource cannot be read
 */
export async function mapChestImage(
  resource: ChestImageResource,
  gateway: FhirGateway,
  options: ChestImageOptions = {},
): Promise<ChestImage> {
  switch (resource.resourceType) {
    case 'ImagingStudy':
      return mapImagingStudy(resource, gateway, options);
    case 'DiagnosticReport':
      return mapDiagnosticReport(resource, gateway, options);
    default:
      return mapAttachments(resource, gateway, options);
  }
}

async function mapImagingStudy(
  study: ImagingStudy,
  gateway: FhirGateway,
  options: ChestImageOptions,
): Promise<ChestImage> {
  const ref = referenceOf(study);
  const target = selectFrontalInstance(study);
  const endpoint = await resolveWadoEndpoint(study, target, gateway, options);
  const { image } = await retrieveCxrInstance(ref, target, endpoint, gateway, options.signal);
  const view = image.view && image.view !== 'UNKNOWN' ? image.view : target.view;
  const modality = image.modality ?? target.series.modality?.code;
  const acquiredAt = image.acquiredAt ?? target.series.started ?? study.started;
  return {
    ...image,
    ...(view ? { view } : {}),
    ...(modality ? { modality } : {}),
    ...(acquiredAt ? { acquiredAt } : {}),
    provenance: fhirProvenance(gateway, [ref, endpoint.reference]),
  };
}

async function mapDiagnosticReport(
  report: DiagnosticReport,
  gateway: FhirGateway,
  options: ChestImageOptions,
): Promise<ChestImage> {
  const ref = referenceOf(report);
  const errors: unknown[] = [];
  const attempt = async (read: () => Promise<ChestImage>): Promise<ChestImage | undefined> => {
    try {
      return await read();
    } catch (error) {
      if (!isAppError(error)) throw error;
      errors.push(error);
      return undefined;
    }
  };
  for (const studyRef of report.imagingStudy ?? []) {
    const image = await attempt(async () => {
      const study = await resolveReference<ImagingStudy>(report, studyRef, 'ImagingStudy', gateway, options);
      return mapImagingStudy(study, gateway, options);
    });
    if (image) return withReportReference(image, ref);
  }
  for (const media of report.media ?? []) {
    const image = await attempt(async () => {
      const resource = await resolveReference<Media>(report, media.link, 'Media', gateway, options);
      return mapAttachments(resource, gateway, options);
    });
    if (image) return withReportReference(image, ref);
  }
  if (attachmentsOf(report).some((a) => isCandidateType(a.attachment.contentType))) {
    const image = await attempt(() => mapAttachments(report, gateway, options));
    if (image) return image;
  }
  if (errors[0]) throw errors[0];
  throw new FhirMappingError(ref, 'imagingStudy', 'links no ImagingStudy, Media or image presentedForm', 'cxr');
}

function withReportReference(image: ChestImage, reportRef: string): ChestImage {
  return { ...image, provenance: { ...image.provenance, references: [reportRef, ...image.provenance.references] } };
}

async function resolveReference<T extends Resource>(
  owner: Resource & { contained?: Resource[] },
  reference: Reference,
  type: T['resourceType'],
  gateway: FhirGateway,
  options: ChestImageOptions,
): Promise<T> {
  const value = reference.reference ?? '';
  if (value.startsWith('#')) {
    const contained = (owner.contained ?? []).find((r) => r.resourceType === type && `#${r.id}` === value);
    if (contained) return contained as T;
  }
  const id = new RegExp(`(?:^|/)${type}/([^/?#]+)`).exec(value)?.[1];
  if (!id) {
    throw new FhirMappingError(referenceOf(owner), 'reference', `is not a ${type} reference`, 'cxr');
  }
  const included = options.included?.find((r) => r.resourceType === type && r.id === id);
  if (included) return included as T;
  return gateway.read<T>(type, id, options.signal ? { signal: options.signal } : {});
}

function isCandidateType(contentType: string | undefined): boolean {
  const type = bareContentType(contentType);
  return IMAGE_TYPES.has(type ?? '') || SNIFF_TYPES.has(type);
}

async function mapAttachments(
  resource: AttachmentResource,
  gateway: FhirGateway,
  options: ChestImageOptions,
): Promise<ChestImage> {
  const ref = referenceOf(resource);
  const types: string[] = [];
  for (const located of attachmentsOf(resource)) {
    const type = bareContentType(located.attachment.contentType);
    types.push(type ?? '(none)');
    if (!isCandidateType(type)) continue;
    const cache = options.cache?.enabled ? options.cache : undefined;
    const known = cache?.chestImageAt(gateway.baseUrl, located.attachment);
    if (known) {
      // The same url served bytes with this hash before: the provenance is the one a fetch would have given.
      return { ...known, provenance: fhirProvenance(gateway, [ref, located.attachment.url ?? ref]) };
    }
    const content = await readAttachmentBytes(resource, located, gateway, {
      modality: 'cxr',
      ...(options.signal ? { signal: options.signal } : {}),
      sha1: cache !== undefined,
    });
    if (SNIFF_TYPES.has(type) && sniffFormat(content.bytes) === 'unknown') continue;
    try {
      const decode = (): ChestImageContent => {
        const { provenance: _file, ...image } = readChestImage(content.bytes, content.contentType, content.name ?? ref);
        return image;
      };
      const image =
        cache && content.sha1
          ? cache.chestImage({ sha1: content.sha1, ...withContentType(content.contentType) }, decode)
          : decode();
      if (cache && content.sha1 && content.fetched)
        cache.rememberLocation(gateway.baseUrl, content.fetched, content.sha1);
      const references = content.fetched ? [ref, content.fetched] : [ref];
      return { ...image, provenance: fhirProvenance(gateway, references) };
    } catch (error) {
      if (!isFormatError(error)) throw error;
      throw new FhirMappingError(ref, content.field, `is not a readable image: ${error.reason}`, 'cxr', {
        cause: error,
      });
    }
  }
  throw new FhirMappingError(
    ref,
    resource.resourceType === 'Binary' ? 'contentType' : 'content',
    `holds no DICOM, PNG or JPEG image (attachment content types: ${types.join(', ') || 'none'})`,
    'cxr',
  );
}

function withContentType(contentType: string | undefined): { contentType?: string } {
  return contentType ? { contentType } : {};
}

function fhirProvenance(gateway: FhirGateway, references: string[]): ChestImage['provenance'] {
  return { source: 'fhir', server: gateway.baseUrl, references, retrievedAt: new Date().toISOString() };
}

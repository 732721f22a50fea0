/**
 * Attachments of the resources that carry ECG files and chest images (DocumentReference, Media, Binary,
 * DiagnosticReport.presentedForm) and how to get their bytes: inline base64 `data`, or `url` fetched through the
 * gateway (a relative `Binary/…` reference, an absolute URL, or `#id` of a contained Binary). When the attachment
 * carries `hash` (R4: base64 SHA-1 of the data), the bytes read are checked against it.
 */
import type { Attachment, Binary, DiagnosticReport, DocumentReference, Media, Resource } from '@medplum/fhirtypes';
import { FhirMappingError, isAppError, type Modality } from '../../shared/index';
import type { FhirGateway } from '../fhir-gateway';
import { normaliseAttachmentHash, sha1Base64 } from './attachment-hash';

/** Resources whose attachments may hold an ECG file or a chest image. */
export type AttachmentResource = DocumentReference | Media | Binary | DiagnosticReport;

/** An attachment and the element path it sits at (`content[1].attachment`), for error messages. */
export interface LocatedAttachment {
  attachment: Attachment;
  /** Element path of the attachment, e.g. `content[0].attachment`; empty for a Binary (its fields are top-level). */
  path: string;
}

/** Bytes of an attachment, with the field they came from (`content[0].attachment.data` or `.url`). */
export interface AttachmentBytes {
  bytes: Uint8Array;
  /** Content type of the attachment, or of the response when the attachment had none. */
  contentType?: string;
  /** The file name: `title`, else the last segment of `url`. */
  name?: string;
  field: string;
  /** The FHIR reference fetched (`Binary/7`), when the bytes came by reference. */
  fetched?: string;
  /** SHA-1 of `bytes`, base64: set when the attachment carried a hash (checked) or `sha1` was asked for. */
  sha1?: string;
}

/** `Observation/1`, `DocumentReference/(no id)`. */
export function referenceOf(resource: Resource): string {
  return `${resource.resourceType}/${resource.id ?? '(no id)'}`;
}

/** The attachments of a resource, in element order. */
export function attachmentsOf(resource: AttachmentResource): LocatedAttachment[] {
  switch (resource.resourceType) {
    case 'DocumentReference':
      return (resource.content ?? []).map((content, i) => ({
        attachment: content.attachment,
        path: `content[${i}].attachment`,
      }));
    case 'Media':
      return resource.content ? [{ attachment: resource.content, path: 'content' }] : [];
    case 'DiagnosticReport':
      return (resource.presentedForm ?? []).map((attachment, i) => ({ attachment, path: `presentedForm[${i}]` }));
    case 'Binary':
      return [{ attachment: { contentType: resource.contentType, data: resource.data }, path: '' }];
  }
}

/** The file name of an attachment: its title, else the last path segment of its url. */
export function attachmentName(attachment: Attachment): string | undefined {
  if (attachment.title?.trim()) return attachment.title.trim();
  if (!attachment.url || attachment.url.startsWith('#')) return undefined;
  const segment = attachment.url.split(/[?#]/)[0]?.split('/').pop();
  return segment ? decodeURIComponent(segment) : undefined;
}

/** Content type without parameters, lower case. */
export function bareContentType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * The bytes of one attachment, checked against its `hash` when it has one.
 *
 * @param options - `sha1`: also return the bytes' SHA-1 when the attachment has no hash (for content-keyed caches)
 * @throws FhirMappingError naming the resource and `…data` (not base64, empty) or `…url` (fetch failed, with the
 *   FhirRequestError as cause), `…hash` (the bytes read are not the ones the hash describes), or the attachment
 *   when it has neither data nor url
 */
export async function readAttachmentBytes(
  owner: Resource,
  located: LocatedAttachment,
  gateway: FhirGateway,
  options: { modality: Modality; signal?: AbortSignal; sha1?: boolean },
): Promise<AttachmentBytes> {
  const read = await readUncheckedBytes(owner, located, gateway, options);
  const expected = normaliseAttachmentHash(located.attachment.hash);
  if (!expected && !options.sha1) return read;
  const sha1 = sha1Base64(read.bytes);
  if (expected && sha1 !== expected) {
    const from = read.fetched ? `fetched from ${read.fetched}` : `in ${read.field}`;
    throw new FhirMappingError(
      referenceOf(owner),
      located.path ? `${located.path}.hash` : 'hash',
      `is ${expected} but the SHA-1 of the bytes ${from} is ${sha1}: the file is not the one the resource describes`,
      options.modality,
    );
  }
  return { ...read, sha1 };
}

async function readUncheckedBytes(
  owner: Resource,
  located: LocatedAttachment,
  gateway: FhirGateway,
  options: { modality: Modality; signal?: AbortSignal },
): Promise<AttachmentBytes> {
  const ref = referenceOf(owner);
  const { attachment, path } = located;
  const at = (field: string): string => (path ? `${path}.${field}` : field);
  const name = attachmentName(attachment);
  const named = name ? { name } : {};
  if (attachment.data !== undefined) {
    const text = attachment.data.replace(/\s+/g, '');
    if (text === '') throw new FhirMappingError(ref, at('data'), 'is empty', options.modality);
    if (!BASE64.test(text)) throw new FhirMappingError(ref, at('data'), 'is not valid base64', options.modality);
    const bytes = new Uint8Array(Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64'));
    return { bytes, ...withType(attachment.contentType), ...named, field: at('data') };
  }
  if (attachment.url) {
    if (attachment.url.startsWith('#')) return containedBinary(owner, located, options.modality);
    try {
      const content = await gateway.readBytes(attachment.url, options.signal ? { signal: options.signal } : {});
      return {
        bytes: content.data,
        ...withType(attachment.contentType ?? content.contentType),
        ...named,
        field: at('url'),
        fetched: attachment.url,
      };
    } catch (error) {
      if (!isAppError(error)) throw error;
      throw new FhirMappingError(ref, at('url'), `could not be fetched: ${error.message}`, options.modality, {
        cause: error,
      });
    }
  }
  throw new FhirMappingError(ref, path || 'data', 'has neither data nor url', options.modality);
}

function withType(contentType: string | undefined): { contentType?: string } {
  return contentType ? { contentType } : {};
}

function containedBinary(owner: Resource, located: LocatedAttachment, modality: Modality): AttachmentBytes {
  const id = (located.attachment.url ?? '').slice(1);
  const contained = 'contained' in owner ? (owner.contained ?? []) : [];
  const binary = contained.find((r): r is Binary => r.resourceType === 'Binary' && r.id === id);
  const field = `${located.path}.url`;
  if (!binary?.data) {
    throw new FhirMappingError(referenceOf(owner), field, `points to no contained Binary with data (#${id})`, modality);
  }
  const bytes = new Uint8Array(Buffer.from(binary.data, 'base64'));
  const name = attachmentName(located.attachment);
  return {
    bytes,
    ...withType(located.attachment.contentType ?? binary.contentType),
    ...(name ? { name } : {}),
    field,
  };
}

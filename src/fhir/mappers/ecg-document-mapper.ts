/**
 * ECG files attached to a DocumentReference, Media or Binary → EcgRecording.
 *
 * Accepted conventions:
 * - **DICOM 12-lead ECG waveform**: an attachment with content type `application/dicom`, or with no / a generic
 *   content type (`application/octet-stream`) whose bytes are DICOM (preamble + `DICM`).
 * - **WFDB** (DocumentReference only, since a record is several files): one header attachment, recognised by the
 *   content type `application/x-wfdb-header` or `text/x-wfdb-header`, or by a name ending in `.hea` (any content
 *   type, e.g. `text/plain`); plus one attachment per signal file the header names (`.dat`, `.mat`), matched by
 *   file name: the attachment's `title`, else the last segment of its `url`. A signal file that is not attached
 *   fails the mapping, naming the file.
 * Attachments come inline (base64 `data`) or by `url` (`Binary/…`, absolute, or `#id` of a contained Binary).
 *
 * With a DecodedContentCache, a DICOM ECG is decoded once per distinct file (SHA-1 of the bytes), and an attachment
 * whose url and hash were seen before is not fetched again (decoded-content-cache.ts). WFDB records are not cached.
 */
import type { Binary, DocumentReference, Media } from '@medplum/fhirtypes';
import { FhirMappingError, isFormatError, type EcgRecording } from '../../shared/index';
import { isDicomEcg, readDicomEcg } from '../../formats/dicom/index';
import { sniffFormat } from '../../formats/sniff';
import { readWfdbRecord, wfdbToEcgRecording } from '../../formats/wfdb/index';
import type { FhirGateway } from '../fhir-gateway';
import {
  attachmentName,
  attachmentsOf,
  bareContentType,
  readAttachmentBytes,
  referenceOf,
  type AttachmentBytes,
  type LocatedAttachment,
} from './ecg-cxr-attachments';
import type { DecodedContentCache, EcgContent } from './decoded-content-cache';
import { completeLeads } from './ecg-derived-leads';

/** Content types that mark a WFDB header attachment. */
export const WFDB_HEADER_CONTENT_TYPES: readonly string[] = ['application/x-wfdb-header', 'text/x-wfdb-header'];

/** Content types that may hold DICOM bytes without saying so. */
const MAYBE_DICOM = new Set([undefined, 'application/octet-stream', 'application/dicom']);

/**
 * Reads the ECG file(s) attached to a resource.
 *
 * @param resource - a DocumentReference (DICOM or WFDB), Media or Binary (DICOM)
 * @param gateway - fetches attachments given by url
 * @throws FhirMappingError naming the resource and the attachment element; a format failure is its `cause`
 */
export async function mapEcgDocument(
  resource: DocumentReference | Binary | Media,
  gateway: FhirGateway,
  options: { signal?: AbortSignal; cache?: DecodedContentCache } = {},
): Promise<EcgRecording> {
  const ref = referenceOf(resource);
  const attachments = attachmentsOf(resource);
  const header = attachments.find(isWfdbHeader);
  const cache = options.cache?.enabled ? options.cache : undefined;
  const recording = header
    ? await readWfdb(resource, header, attachments, gateway, options.signal)
    : await readDicom(resource, attachments, gateway, options.signal, cache);
  return {
    ...recording.recording,
    provenance: {
      source: 'fhir',
      server: gateway.baseUrl,
      references: [ref, ...recording.fetched],
      retrievedAt: new Date().toISOString(),
    },
  };
}

function isWfdbHeader(located: LocatedAttachment): boolean {
  const type = bareContentType(located.attachment.contentType);
  if (type && WFDB_HEADER_CONTENT_TYPES.includes(type)) return true;
  return /\.hea$/i.test(attachmentName(located.attachment) ?? '');
}

interface ReadResult {
  /** Leads completed (model order, derived limb leads); provenance is added by the caller. */
  recording: EcgContent;
  fetched: string[];
}

async function readWfdb(
  resource: DocumentReference | Binary | Media,
  header: LocatedAttachment,
  attachments: readonly LocatedAttachment[],
  gateway: FhirGateway,
  signal: AbortSignal | undefined,
): Promise<ReadResult> {
  const ref = referenceOf(resource);
  const headerBytes = await readAttachmentBytes(resource, header, gateway, { modality: 'ecg', signal });
  const headerText = new TextDecoder().decode(headerBytes.bytes);
  const fetched = headerBytes.fetched ? [headerBytes.fetched] : [];
  const files: Record<string, Uint8Array> = {};
  for (const fileName of wfdbSignalFileNames(headerText)) {
    const located = attachments.find((a) => a !== header && attachmentName(a.attachment) === fileName);
    if (!located) {
      throw new FhirMappingError(
        ref,
        'content',
        `WFDB header ${header.path}.data names signal file '${fileName}', but no attachment has that title or url`,
        'ecg',
      );
    }
    const bytes = await readAttachmentBytes(resource, located, gateway, { modality: 'ecg', signal });
    if (bytes.fetched) fetched.push(bytes.fetched);
    files[fileName] = bytes.bytes;
  }
  const source = headerBytes.name ?? ref;
  try {
    const record = readWfdbRecord(headerText, files, source);
    return { recording: complete(wfdbToEcgRecording(record, { source: 'fhir', references: [ref] })), fetched };
  } catch (error) {
    throw wrapFormatError(error, ref, headerBytes.field, 'is not a readable WFDB record');
  }
}

/**
 * The signal file names of a single-segment WFDB header: the first field of each signal line (lines after the
 * record line, skipping `#` comments and blank lines), without duplicates, in order.
 */
export function wfdbSignalFileNames(headerText: string): string[] {
  const lines = headerText
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const names: string[] = [];
  for (const line of lines.slice(1)) {
    const name = line.split(/\s+/)[0];
    if (name && name !== '~' && !names.includes(name)) names.push(name);
  }
  return names;
}

async function readDicom(
  resource: DocumentReference | Binary | Media,
  attachments: readonly LocatedAttachment[],
  gateway: FhirGateway,
  signal: AbortSignal | undefined,
  cache: DecodedContentCache | undefined,
): Promise<ReadResult> {
  const ref = referenceOf(resource);
  const types: string[] = [];
  for (const located of attachments) {
    const type = bareContentType(located.attachment.contentType);
    types.push(type ?? '(none)');
    if (!MAYBE_DICOM.has(type)) continue;
    const known = cache?.ecgFileAt(gateway.baseUrl, located.attachment);
    // The same url served bytes with this hash before: fetched as a read would have.
    if (known && located.attachment.url) return { recording: known, fetched: [located.attachment.url] };
    const content = await readAttachmentBytes(resource, located, gateway, {
      modality: 'ecg',
      signal,
      sha1: cache !== undefined,
    });
    if (type !== 'application/dicom' && !isDicomBytes(content)) continue;
    if (!isDicomEcg(content.bytes)) {
      throw new FhirMappingError(ref, content.field, 'is DICOM but not an ECG waveform object', 'ecg');
    }
    try {
      const decode = () => complete(readDicomEcg(content.bytes, content.name ?? ref));
      const recording =
        cache && content.sha1
          ? cache.ecgFile(
              { sha1: content.sha1, ...(content.contentType ? { contentType: content.contentType } : {}) },
              decode,
            )
          : decode();
      if (cache && content.sha1 && content.fetched)
        cache.rememberLocation(gateway.baseUrl, content.fetched, content.sha1);
      return { recording, fetched: content.fetched ? [content.fetched] : [] };
    } catch (error) {
      throw wrapFormatError(error, ref, content.field, 'is not a readable DICOM ECG');
    }
  }
  throw new FhirMappingError(
    ref,
    attachments.length > 0 ? 'content' : 'content (none)',
    `holds no DICOM or WFDB ECG (attachment content types: ${types.join(', ') || 'none'})`,
    'ecg',
  );
}

function isDicomBytes(content: AttachmentBytes): boolean {
  return sniffFormat(content.bytes) === 'dicom';
}

function wrapFormatError(error: unknown, ref: string, field: string, what: string): unknown {
  if (!isFormatError(error)) return error;
  return new FhirMappingError(ref, field, `${what}: ${error.reason}`, 'ecg', { cause: error });
}

/** Model lead order and missing limb leads derived (and said so); the file's provenance dropped. */
function complete(recording: EcgRecording): EcgContent {
  const { leads, statement } = completeLeads(recording.leads);
  const { provenance: _file, ...content } = recording;
  const result: EcgContent = { ...content, leads };
  if (statement) {
    const statements = [...(recording.measurements?.statements ?? []), statement];
    result.measurements = { ...recording.measurements, statements };
  }
  return result;
}

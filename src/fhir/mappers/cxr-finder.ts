/**
 * Finds and reads the patient's chest radiograph closest to the anchor time.
 *
 * Searched side by side (a failed search is an issue, the others still count):
 * `ImagingStudy?patient=&_include=ImagingStudy:endpoint`, `DiagnosticReport?patient=&code=<chest XR LOINC>`,
 * `DocumentReference?patient=&type=<chest XR LOINC>` and `Media?patient=`. Candidates are ImagingStudies with a
 * CR/DX series, the reports and documents found, and Media whose modality is CR or DX, whose clinical time lies
 * within anchor ± window (ImagingStudy started, DiagnosticReport effective or issued, DocumentReference
 * context.period.start or date, Media created or issued). The closest is read; on a tie an ImagingStudy (full DICOM)
 * goes before a report, a Media, then a document. Up to three are tried, each failure an issue.
 *
 * An ImagingStudy without any Endpoint (study or series) that a found DocumentReference relates to
 * (`context.related`) is not a candidate of its own: it cannot be retrieved, and the document that carries its
 * pixels is (the synthetic cohort and many PACS-less EHRs publish a study this way). Trying it first would only
 * add an `unreadable` issue to a record that reads fine.
 */
import type { DiagnosticReport, DocumentReference, ImagingStudy, Media, Resource } from '@medplum/fhirtypes';
import type { ChestImage, ModalityIssue } from '../../shared/index';
import type { FhirGateway } from '../fhir-gateway';
import { CXR_MODALITIES } from './cxr-imaging-study';
import { mapChestImage, type ChestImageResource } from './cxr-image-mapper';
import type { DecodedContentCache } from './decoded-content-cache';
import {
  closestFirst,
  firstReadable,
  settleSearches,
  timeOf,
  type Candidate,
  type ModalityRead,
  type SearchWindow,
} from './ecg-cxr-candidates';

/**
 * LOINC codes of chest radiograph reports and documents: 30746-2 "Portable XR Chest Views" and 36554-4 "XR Chest
 * Single view" (fhir-facts.md §2); 36643-5 "XR Chest 2 Views" and 24648-8 "XR Chest PA upright" (LOINC, not in
 * fhir-facts.md).
 */
export const CXR_LOINC_CODES: readonly string[] = ['30746-2', '36554-4', '36643-5', '24648-8'];

const WITHDRAWN: readonly string[] = ['entered-in-error', 'cancelled'];

/**
 * @param window - anchor ± window
 * @param cache - decoded images by content, shared between reads
 */
export async function findChestImage(
  gateway: FhirGateway,
  patientId: string,
  window: SearchWindow,
  signal?: AbortSignal,
  cache?: DecodedContentCache,
): Promise<ModalityRead<ChestImage>> {
  const options = signal ? { signal } : {};
  const included: Resource[] = [];
  const codes = CXR_LOINC_CODES.join(',');
  const found = await settleSearches<ChestImageResource>(
    [
      gateway
        .search<ImagingStudy>('ImagingStudy', { patient: patientId, _include: 'ImagingStudy:endpoint' }, options)
        .then((r) => {
          included.push(...r.included);
          return r.resources;
        }),
      gateway
        .search<DiagnosticReport>('DiagnosticReport', { patient: patientId, code: codes }, options)
        .then((r) => r.resources),
      gateway
        .search<DocumentReference>('DocumentReference', { patient: patientId, type: codes }, options)
        .then((r) => r.resources),
      gateway.search<Media>('Media', { patient: patientId }, options).then((r) => r.resources),
    ],
    'cxr',
  );

  const documented = studiesRelatedByDocuments(found.resources);
  const candidates = found.resources.flatMap((resource) => {
    if (resource.resourceType === 'ImagingStudy' && !hasEndpoint(resource) && documented.has(resource.id ?? '')) {
      return [];
    }
    const candidate = toCandidate(resource);
    return candidate ? [candidate] : [];
  });
  const ordered = closestFirst(candidates, window);
  const read = await firstReadable(
    ordered,
    async (resource) => ({
      value: await mapChestImage(resource, gateway, { included, ...options, ...(cache ? { cache } : {}) }),
    }),
    'cxr',
  );
  const issues = [...found.issues.map((i) => (read.value ? { ...i, kind: 'partial' as const } : i)), ...read.issues];
  if (!read.value && ordered.length === 0) issues.push(absentIssue(window, candidates.length));
  return read.value ? { value: read.value, issues } : { issues };
}

function toCandidate(resource: ChestImageResource): Candidate<ChestImageResource> | undefined {
  if ('status' in resource && WITHDRAWN.includes(resource.status ?? '')) return undefined;
  switch (resource.resourceType) {
    case 'ImagingStudy': {
      const isCxr =
        (resource.series ?? []).some((s) => CXR_MODALITIES.includes(s.modality?.code ?? '')) ||
        (resource.modality ?? []).some((m) => CXR_MODALITIES.includes(m.code ?? ''));
      if (!isCxr) return undefined;
      const time = resource.started ?? resource.series?.find((s) => s.started)?.started;
      return { resource, timeMs: timeOf(time), rank: 0 };
    }
    case 'DiagnosticReport': {
      const time = resource.effectiveDateTime ?? resource.effectivePeriod?.start ?? resource.issued;
      return { resource, timeMs: timeOf(time), rank: 1 };
    }
    case 'Media': {
      if (!(resource.modality?.coding ?? []).some((c) => CXR_MODALITIES.includes(c.code ?? ''))) return undefined;
      const time = resource.createdDateTime ?? resource.createdPeriod?.start ?? resource.issued;
      return { resource, timeMs: timeOf(time), rank: 2 };
    }
    case 'DocumentReference':
      return { resource, timeMs: timeOf(resource.context?.period?.start ?? resource.date), rank: 3 };
    default:
      return undefined;
  }
}

/** Ids of the ImagingStudies the DocumentReferences relate to (`ImagingStudy/<id>`, relative or absolute). */
function studiesRelatedByDocuments(resources: readonly ChestImageResource[]): Set<string> {
  const ids = new Set<string>();
  for (const resource of resources) {
    if (resource.resourceType !== 'DocumentReference' || WITHDRAWN.includes(resource.status ?? '')) continue;
    for (const related of resource.context?.related ?? []) {
      const id = /(?:^|\/)ImagingStudy\/([^/?#]+)$/.exec(related.reference ?? '')?.[1];
      if (id) ids.add(id);
    }
  }
  return ids;
}

function hasEndpoint(study: ImagingStudy): boolean {
  return (study.endpoint?.length ?? 0) > 0 || (study.series ?? []).some((s) => (s.endpoint?.length ?? 0) > 0);
}

function absentIssue(window: SearchWindow, outside: number): ModalityIssue {
  const span = `${new Date(window.startMs).toISOString()} to ${new Date(window.endMs).toISOString()}`;
  return {
    modality: 'cxr',
    kind: 'absent',
    message:
      `No chest radiograph (CR/DX ImagingStudy, chest XR DiagnosticReport or DocumentReference, CR/DX Media) ` +
      `from ${span}${outside > 0 ? `; ${outside} outside the window` : ''}`,
  };
}

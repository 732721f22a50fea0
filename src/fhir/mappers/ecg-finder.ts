/**
 * Finds and reads the patient's ECG closest to the anchor time.
 *
 * Searched: `Observation?patient=&code=34534-8,11524-6,131328&date=ge…&date=le…` (waveform Observations, any code
 * system) and `DocumentReference?patient=&type=34534-8,11524-6` (DICOM or WFDB files; filtered by time here, since
 * servers differ in which DocumentReference date they index). Candidates: Observations with SampledData, and
 * DocumentReferences, whose clinical time (Observation effective, DocumentReference context.period.start or date)
 * lies within anchor ± window. The closest is read; on a tie an Observation (no file to fetch) goes first. If it
 * cannot be read, the next is tried (up to three), each failure an issue.
 */
import type { DocumentReference, Observation } from '@medplum/fhirtypes';
import type { EcgRecording, ModalityIssue } from '../../shared/index';
import type { FhirGateway } from '../fhir-gateway';
import {
  closestFirst,
  firstReadable,
  settleSearches,
  timeOf,
  type Candidate,
  type ModalityRead,
  type SearchWindow,
} from './ecg-cxr-candidates';
import { mapEcgDocument } from './ecg-document-mapper';
import {
  ECG_LOINC_CODES,
  effectiveTime,
  hasEcgWaveform,
  isEcgObservation,
  mapEcgObservationWithIssues,
} from './ecg-observation-mapper';
import { referenceOf } from './ecg-cxr-attachments';
import type { DecodedContentCache } from './decoded-content-cache';

const WITHDRAWN: readonly string[] = ['entered-in-error', 'cancelled'];

/**
 * @param window - anchor ± window; the Observation search is bounded by it on the server too
 * @param cache - decoded ECGs by content (DICOM documents, SampledData text), shared between reads
 */
export async function findEcg(
  gateway: FhirGateway,
  patientId: string,
  window: SearchWindow,
  signal?: AbortSignal,
  cache?: DecodedContentCache,
): Promise<ModalityRead<EcgRecording>> {
  const options = signal ? { signal } : {};
  const observations = gateway
    .search<Observation>(
      'Observation',
      {
        patient: patientId,
        code: [...ECG_LOINC_CODES, '131328'].join(','),
        date: [`ge${new Date(window.startMs).toISOString()}`, `le${new Date(window.endMs).toISOString()}`],
      },
      options,
    )
    .then((r) => r.resources as (Observation | DocumentReference)[]);
  const documents = gateway
    .search<DocumentReference>('DocumentReference', { patient: patientId, type: ECG_LOINC_CODES.join(',') }, options)
    .then((r) => r.resources as (Observation | DocumentReference)[]);
  const found = await settleSearches([observations, documents], 'ecg');

  const candidates: Candidate<Observation | DocumentReference>[] = [];
  const reportsWithoutWaveform: string[] = [];
  for (const resource of found.resources) {
    if (WITHDRAWN.includes(resource.status ?? '')) continue;
    if (resource.resourceType === 'Observation') {
      if (!isEcgObservation(resource)) continue;
      if (!hasEcgWaveform(resource)) {
        reportsWithoutWaveform.push(referenceOf(resource));
        continue;
      }
      candidates.push({ resource, timeMs: timeOf(effectiveTime(resource)), rank: 0 });
    } else {
      const time = resource.context?.period?.start ?? resource.date;
      candidates.push({ resource, timeMs: timeOf(time), rank: 1 });
    }
  }

  const ordered = closestFirst(candidates, window);
  const read = await firstReadable(
    ordered,
    async (resource) => {
      if (resource.resourceType === 'DocumentReference') {
        return { value: await mapEcgDocument(resource, gateway, { ...options, ...(cache ? { cache } : {}) }) };
      }
      const { recording, issues } = mapEcgObservationWithIssues(resource, {
        server: gateway.baseUrl,
        ...(cache ? { cache } : {}),
      });
      const partial = issues.map((issue): ModalityIssue => ({
        modality: 'ecg',
        kind: 'partial',
        message: issue.message,
        source: issue.resource,
        field: issue.field,
      }));
      return { value: recording, issues: partial };
    },
    'ecg',
  );
  const issues = [...found.issues.map((i) => (read.value ? { ...i, kind: 'partial' as const } : i)), ...read.issues];
  if (!read.value && ordered.length === 0) issues.push(absentIssue(window, candidates.length, reportsWithoutWaveform));
  return read.value ? { value: read.value, issues } : { issues };
}

function absentIssue(window: SearchWindow, outside: number, reports: readonly string[]): ModalityIssue {
  const span = `${new Date(window.startMs).toISOString()} to ${new Date(window.endMs).toISOString()}`;
  const detail =
    reports.length > 0
      ? `; ${reports.length} ECG report(s) without waveform (${reports.slice(0, 3).join(', ')})`
      : outside > 0
        ? `; ${outside} ECG(s) outside the window`
        : '';
  return {
    modality: 'ecg',
    kind: 'absent',
    message: `No ECG waveform (Observation with SampledData, or DICOM/WFDB DocumentReference) from ${span}${detail}`,
  };
}

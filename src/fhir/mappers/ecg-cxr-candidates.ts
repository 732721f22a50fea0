/**
 * Shared rules for finding one ECG or one chest radiograph of a patient: which candidate is closest to the anchor
 * time, and how a failure becomes a ModalityIssue instead of failing the whole record.
 */
import type { Resource } from '@medplum/fhirtypes';
import {
  isAppError,
  isFhirMappingError,
  isFhirRequestError,
  isFormatError,
  type Modality,
  type ModalityIssue,
} from '../../shared/index';
import { referenceOf } from './ecg-cxr-attachments';

/** What reading one modality gave: the value when something was read, and every issue met on the way. */
export interface ModalityRead<T> {
  value?: T;
  issues: ModalityIssue[];
}

/** A resource that may hold the modality, with its clinical time (epoch ms) and a rank for ties (lower first). */
export interface Candidate<R extends Resource = Resource> {
  resource: R;
  timeMs: number;
  rank: number;
}

/** The search window: anchor ± hours, as epoch ms. */
export interface SearchWindow {
  anchorMs: number;
  startMs: number;
  endMs: number;
}

export function searchWindow(anchorMs: number, hours: number): SearchWindow {
  const half = hours * 3_600_000;
  return { anchorMs, startMs: anchorMs - half, endMs: anchorMs + half };
}

/**
 * Candidates inside the window (ends included), closest to the anchor first; on equal distance the lower rank
 * (the source that needs no further fetch or keeps more detail) and then the later time win. Candidates without a
 * clinical time are left out, as a FHIR date search would leave them out.
 */
export function closestFirst<R extends Resource>(
  candidates: readonly Candidate<R>[],
  window: SearchWindow,
): Candidate<R>[] {
  return candidates
    .filter((c) => Number.isFinite(c.timeMs) && c.timeMs >= window.startMs && c.timeMs <= window.endMs)
    .sort(
      (a, b) =>
        Math.abs(a.timeMs - window.anchorMs) - Math.abs(b.timeMs - window.anchorMs) ||
        a.rank - b.rank ||
        b.timeMs - a.timeMs,
    );
}

/** Epoch ms of an ISO 8601 time, NaN when missing or unparseable. */
export function timeOf(iso: string | undefined): number {
  return iso === undefined ? Number.NaN : Date.parse(iso);
}

/**
 * The ModalityIssue for a failure. Only the product's own errors (FHIR request, mapping, format) become issues;
 * anything else (a cancelled request, a bug) is rethrown.
 */
export function issueFromError(error: unknown, modality: Modality, kind: ModalityIssue['kind']): ModalityIssue {
  if (isFhirMappingError(error)) {
    return { modality, kind, message: error.message, source: error.resource, field: error.field };
  }
  if (isFhirRequestError(error)) return { modality, kind, message: error.message, source: error.url };
  if (isFormatError(error)) {
    return { modality, kind, message: error.message, ...(error.source ? { source: error.source } : {}) };
  }
  if (isAppError(error)) return { modality, kind, message: error.message };
  throw error;
}

/** Runs searches side by side; a failed search becomes an issue, the others' results are kept. */
export async function settleSearches<T>(
  searches: readonly Promise<T[]>[],
  modality: Modality,
): Promise<{ resources: T[]; issues: ModalityIssue[] }> {
  const settled = await Promise.allSettled(searches);
  const resources: T[] = [];
  const issues: ModalityIssue[] = [];
  for (const result of settled) {
    if (result.status === 'fulfilled') resources.push(...result.value);
    else issues.push(issueFromError(result.reason, modality, 'unreadable'));
  }
  return { resources, issues };
}

/**
 * Tries the candidates in order until one reads; each failure is an issue naming the candidate. At most `limit`
 * candidates are tried, so that one broken server cannot hold the record for long.
 */
export async function firstReadable<R extends Resource, T>(
  candidates: readonly Candidate<R>[],
  read: (resource: R) => Promise<{ value: T; issues?: ModalityIssue[] }>,
  modality: Modality,
  limit = 3,
): Promise<ModalityRead<T>> {
  const issues: ModalityIssue[] = [];
  for (const candidate of candidates.slice(0, limit)) {
    try {
      const result = await read(candidate.resource);
      return { value: result.value, issues: [...issues, ...(result.issues ?? [])] };
    } catch (error) {
      const issue = issueFromError(error, modality, 'unreadable');
      issues.push(issue.source ? issue : { ...issue, source: referenceOf(candidate.resource) });
    }
  }
  return { issues };
}

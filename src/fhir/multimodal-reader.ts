/**
 * Reads what the perception model needs of one patient at one time: labs, the ECG and the chest radiograph.
 *
 * The three modalities are read concurrently and independently: whatever fails in one (a FHIR request, a mapping,
 * a file format) becomes a ModalityIssue on the record (`unreadable`, with source and field), and the others are
 * still returned. A modality with nothing in its window gets an `absent` issue, so nothing is ever dropped silently.
 *
 * Time rules:
 * - anchor = `anchorTime`, else the start of `encounterId`'s period, else now;
 * - labs: per catalogue lab the earliest value within anchor ± `windowHours` (default 24, MedTVT-R1's admission
 *   window), as mapLabPanel does;
 * - ECG: the waveform closest to the anchor within anchor ± `windowHours` (ecg-finder.ts);
 * - CXR: the radiograph closest to the anchor within anchor ± `cxrWindowHours` (default 72: chest films are taken
 *   less often than labs, and one from the days around admission still describes it) (cxr-finder.ts).
 */
import type { Encounter, Observation } from '@medplum/fhirtypes';
import {
  allLabLoincCodes,
  LABS,
  MIMIC_LABITEM_SYSTEM,
  type LabPanel,
  type ModalityIssue,
  type MultimodalRecord,
} from '../shared/index';
import type { FhirGateway } from './fhir-gateway';
import { findChestImage } from './mappers/cxr-finder';
import type { DecodedContentCache } from './mappers/decoded-content-cache';
import { issueFromError, searchWindow, type ModalityRead, type SearchWindow } from './mappers/ecg-cxr-candidates';
import { findEcg } from './mappers/ecg-finder';
import { mapLabPanel } from './mappers/lab-panel-mapper';

export interface ReadMultimodalOptions {
  /** ISO 8601 time the record is anchored on (admission, or the assessment time). */
  anchorTime?: string;
  /** Half-width of the labs and ECG window, hours (default 24). */
  windowHours?: number;
  /** Half-width of the chest radiograph window, hours (default 72). */
  cxrWindowHours?: number;
  /** Encounter whose period start anchors the record when `anchorTime` is not given. */
  encounterId?: string;
  signal?: AbortSignal;
  /** Decoded ECG files and chest images by content, shared between reads (none by default). */
  cache?: DecodedContentCache;
}

export const DEFAULT_WINDOW_HOURS = 24;
export const DEFAULT_CXR_WINDOW_HOURS = 72;

/**
 * Reads labs, ECG and CXR of a patient around an anchor time.
 *
 * @param gateway - the FHIR server
 * @param patientId - FHIR logical id of the Patient
 * @throws FhirRequestError only when the encounter that should anchor the record cannot be read; modality failures
 *   are issues on the record
 */
export async function readMultimodalRecord(
  gateway: FhirGateway,
  patientId: string,
  options: ReadMultimodalOptions = {},
): Promise<MultimodalRecord> {
  const signal = options.signal;
  const anchorTime = await resolveAnchor(gateway, options);
  const anchorMs = Date.parse(anchorTime);
  if (Number.isNaN(anchorMs)) throw new RangeError(`readMultimodalRecord: anchorTime is not an ISO 8601 date-time`);
  const window = searchWindow(anchorMs, options.windowHours ?? DEFAULT_WINDOW_HOURS);
  const cxrWindow = searchWindow(anchorMs, options.cxrWindowHours ?? DEFAULT_CXR_WINDOW_HOURS);

  const [labs, ecg, cxr] = await Promise.all([
    guard('labs', () => readLabs(gateway, patientId, window, signal)),
    guard('ecg', () => findEcg(gateway, patientId, window, signal, options.cache)),
    guard('cxr', () => findChestImage(gateway, patientId, cxrWindow, signal, options.cache)),
  ]);

  const references = [
    ...(labs.value?.provenance.references ?? []),
    ...(ecg.value?.provenance.references ?? []),
    ...(cxr.value?.provenance.references ?? []),
  ];
  const record: MultimodalRecord = {
    patientId,
    anchorTime,
    issues: [...labs.issues, ...ecg.issues, ...cxr.issues],
    provenance: {
      source: 'fhir',
      server: gateway.baseUrl,
      references: [...new Set(references)],
      retrievedAt: new Date().toISOString(),
    },
  };
  if (options.encounterId) record.encounterId = options.encounterId;
  if (labs.value) record.labs = labs.value;
  if (ecg.value) record.ecg = ecg.value;
  if (cxr.value) record.cxr = cxr.value;
  return record;
}

async function resolveAnchor(gateway: FhirGateway, options: ReadMultimodalOptions): Promise<string> {
  if (options.anchorTime) return options.anchorTime;
  if (options.encounterId) {
    const encounter = await gateway.read<Encounter>(
      'Encounter',
      options.encounterId,
      options.signal ? { signal: options.signal } : {},
    );
    if (encounter.period?.start) return encounter.period.start;
  }
  return new Date().toISOString();
}

/** A modality's read, with any unexpected-but-typed failure turned into an `unreadable` issue. */
async function guard<T>(
  modality: ModalityIssue['modality'],
  read: () => Promise<ModalityRead<T>>,
): Promise<ModalityRead<T>> {
  try {
    return await read();
  } catch (error) {
    return { issues: [issueFromError(error, modality, 'unreadable')] };
  }
}

async function readLabs(
  gateway: FhirGateway,
  patientId: string,
  window: SearchWindow,
  signal: AbortSignal | undefined,
): Promise<ModalityRead<LabPanel>> {
  const span = { start: new Date(window.startMs).toISOString(), end: new Date(window.endMs).toISOString() };
  const result = await gateway.search<Observation>(
    'Observation',
    { patient: patientId, code: labSearchCodes().join(','), date: [`ge${span.start}`, `le${span.end}`] },
    signal ? { signal } : {},
  );
  const { panel, issues } = mapLabPanel(result.resources, { window: span, server: gateway.baseUrl });
  const hasValues = Object.keys(panel.values).length > 0;
  const mapped = issues.map((issue): ModalityIssue => ({
    modality: 'labs',
    kind: hasValues ? 'partial' : 'unreadable',
    message: issue.message,
    source: issue.resource,
    field: issue.field,
  }));
  if (!hasValues) {
    if (mapped.length > 0) return { issues: mapped };
    mapped.push({
      modality: 'labs',
      kind: 'absent',
      message: `No readable result of the catalogue's labs from ${span.start} to ${span.end}`,
    });
    return { issues: mapped };
  }
  return { value: panel, issues: mapped };
}

/**
 * Codes of the lab search: every LOINC code the catalogue accepts, plus the MIMIC-IV itemid (system-qualified) of
 * the labs that have no LOINC code (the hemolysis, icterus and lipemia indices), which would otherwise never be
 * fetched although mapLabPanel reads them.
 */
function labSearchCodes(): string[] {
  const itemids = LABS.filter((lab) => !lab.loinc).map((lab) => `${MIMIC_LABITEM_SYSTEM}|${lab.itemid}`);
  return [...allLabLoincCodes(), ...itemids];
}

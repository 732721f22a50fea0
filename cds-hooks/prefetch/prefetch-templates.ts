/**
 * The prefetch templates of the comorbidity service (https://cds-hooks.hl7.org/2.0/#prefetch-template) and, for
 * each, which of src/fhir's searches it can answer.
 *
 * Prefetch tokens can only name context fields (`{{context.patientId}}`), so a template cannot say "the last 24
 * hours": there is no token for a computed date. The templates therefore ask for the most recent results
 * (`_sort=-date&_count=N`, both in the spec's recommended query subset) and the service applies the look-back
 * window itself (CDS_LOOKBACK_HOURS, CDS_CXR_LOOKBACK_HOURS) when it answers src/fhir's searches from the prefetch.
 * A Bundle that came back with N matches may have been cut short by `_count`; the service then asks the FHIR
 * server for the exact window when it may, and otherwise uses what it has.
 *
 * The encounter named in context is prefetched too: it anchors the look-back window on the admission.
 *
 * `_include` is not in the spec's recommended subset, so the ImagingStudy template does not include Endpoints;
 * an Endpoint a study names is read from the FHIR server when one may be contacted.
 */
import type { ResourceType } from '@medplum/fhirtypes';
import { ECG_LOINC_CODES } from '../../src/fhir/mappers/ecg-observation-mapper';
import { CXR_LOINC_CODES } from '../../src/fhir/mappers/cxr-finder';
import { allLabLoincCodes, LABS, MIMIC_LABITEM_SYSTEM, type Modality } from '../../src/shared/index';

/** One prefetch template and what it covers. */
export interface PrefetchTemplate {
  /** The prefetch key, as listed in discovery and sent back in `prefetch`. */
  key: string;
  resourceType: ResourceType;
  /** `read`: `Type/{{context.<readField>}}`; `search`: a type-level search for the patient in context. */
  interaction: 'read' | 'search';
  /** The context field a read names (default `patientId`). */
  readField?: 'patientId' | 'encounterId';
  /** The search's token parameter and the codes it lists (a search by a subset of them is covered). */
  token?: { param: 'code' | 'type'; codes: readonly string[] };
  /** Other filter parameters, applied by the client and again by the service (e.g. `clinical-status=active`). */
  filters?: Readonly<Record<string, string>>;
  /** Sort parameter value (`-date`), most recent first. */
  sort?: string;
  /** `_count`: a Bundle with this many matches may have been cut short. */
  count?: number;
  /** The modality whose data the template carries, if any. */
  modality?: Modality;
}

/** Page sizes. A 12-lead 10 s ECG Observation at 500 Hz is ~0.4 MB of JSON: three stay well under CDS_BODY_LIMIT. */
export const PREFETCH_COUNTS = { labs: 1000, ecg: 3, ecgDocuments: 5, imaging: 10, conditions: 500 } as const;

/**
 * Codes of src/fhir's lab search, in the same order: every LOINC code of the catalogue, then the MIMIC-IV itemid
 * (system-qualified) of the labs without a LOINC code (multimodal-reader.ts `labSearchCodes`).
 */
export function labTemplateCodes(): string[] {
  const itemids = LABS.filter((lab) => !lab.loinc).map((lab) => `${MIMIC_LABITEM_SYSTEM}|${lab.itemid}`);
  return [...allLabLoincCodes(), ...itemids];
}

/** Codes of src/fhir's ECG Observation search: the ECG LOINC codes and MDC 131328 (MDC_ECG_ELEC_POTL). */
export const ECG_OBSERVATION_CODES: readonly string[] = [...ECG_LOINC_CODES, '131328'];

/** The templates, in discovery order. */
export function comorbidityPrefetchTemplates(): PrefetchTemplate[] {
  return [
    { key: 'patient', resourceType: 'Patient', interaction: 'read' },
    // patient-view's encounterId is optional but a prefetch token: a client without one leaves the key out.
    { key: 'encounter', resourceType: 'Encounter', interaction: 'read', readField: 'encounterId' },
    {
      key: 'labs',
      resourceType: 'Observation',
      interaction: 'search',
      token: { param: 'code', codes: labTemplateCodes() },
      sort: '-date',
      count: PREFETCH_COUNTS.labs,
      modality: 'labs',
    },
    {
      key: 'ecg',
      resourceType: 'Observation',
      interaction: 'search',
      token: { param: 'code', codes: ECG_OBSERVATION_CODES },
      sort: '-date',
      count: PREFETCH_COUNTS.ecg,
      modality: 'ecg',
    },
    {
      key: 'ecgDocuments',
      resourceType: 'DocumentReference',
      interaction: 'search',
      token: { param: 'type', codes: ECG_LOINC_CODES },
      sort: '-date',
      count: PREFETCH_COUNTS.ecgDocuments,
      modality: 'ecg',
    },
    {
      key: 'imagingStudies',
      resourceType: 'ImagingStudy',
      interaction: 'search',
      sort: '-started',
      count: PREFETCH_COUNTS.imaging,
      modality: 'cxr',
    },
    {
      key: 'cxrReports',
      resourceType: 'DiagnosticReport',
      interaction: 'search',
      token: { param: 'code', codes: CXR_LOINC_CODES },
      sort: '-date',
      count: PREFETCH_COUNTS.imaging,
      modality: 'cxr',
    },
    {
      key: 'cxrDocuments',
      resourceType: 'DocumentReference',
      interaction: 'search',
      token: { param: 'type', codes: CXR_LOINC_CODES },
      sort: '-date',
      count: PREFETCH_COUNTS.imaging,
      modality: 'cxr',
    },
    {
      key: 'media',
      resourceType: 'Media',
      interaction: 'search',
      sort: '-created',
      count: PREFETCH_COUNTS.imaging,
      modality: 'cxr',
    },
    {
      key: 'conditions',
      resourceType: 'Condition',
      interaction: 'search',
      filters: { 'clinical-status': 'active' },
      count: PREFETCH_COUNTS.conditions,
    },
  ];
}

/**
 * The template's FHIR query with its prefetch token, as listed in discovery. Parameter values are percent-encoded
 * (a system-qualified token's `|`, `:` and `/`) except the commas that separate alternatives and the token itself.
 */
export function templateQuery(template: PrefetchTemplate): string {
  if (template.interaction === 'read') {
    return `${template.resourceType}/{{context.${template.readField ?? 'patientId'}}}`;
  }
  const params: string[] = ['patient={{context.patientId}}'];
  if (template.token) params.push(`${template.token.param}=${encodeCodes(template.token.codes)}`);
  for (const [name, value] of Object.entries(template.filters ?? {})) params.push(`${name}=${encodeCodes([value])}`);
  if (template.sort) params.push(`_sort=${template.sort}`);
  if (template.count !== undefined) params.push(`_count=${template.count}`);
  return `${template.resourceType}?${params.join('&')}`;
}

/** The discovery `prefetch` object: key → query. */
export function discoveryPrefetch(templates: readonly PrefetchTemplate[]): Record<string, string> {
  return Object.fromEntries(templates.map((t) => [t.key, templateQuery(t)]));
}

function encodeCodes(codes: readonly string[]): string {
  return codes.map((code) => encodeURIComponent(code)).join(',');
}

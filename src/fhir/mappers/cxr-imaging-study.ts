/**
 * What to retrieve for a chest radiograph described by an ImagingStudy: the Study Instance UID, the frontal CR/DX
 * series and instance, and the DICOMweb (WADO-RS) Endpoint that serves it.
 *
 * Sources: ../shared/reference/fhir-facts.md §2 (ImagingStudy identifier `urn:dicom:uid` / `urn:oid:…`, modalities
 * CR and DX, Endpoint connection type `dicom-wado-rs` in two code systems) and the SMART Imaging Access IG
 * (`requires-access-token` extension on the Endpoint: true = send the SMART token, false = the URL is a capability
 * and the token must not be sent).
 */
import type {
  Endpoint,
  ImagingStudy,
  ImagingStudySeries,
  ImagingStudySeriesInstance,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import { FhirMappingError, type ChestView } from '../../shared/index';
import type { FhirGateway } from '../fhir-gateway';
import { referenceOf } from './ecg-cxr-attachments';

/** DICOM modalities of a plain chest radiograph: Computed Radiography and Digital X-Ray. */
export const CXR_MODALITIES: readonly string[] = ['CR', 'DX'];

const WADO_RS_SYSTEMS = [
  'http://terminology.hl7.org/CodeSystem/endpoint-connection-type',
  'http://hl7.org/fhir/endpoint-connection-type',
];

/** The instance to fetch and where from. */
export interface CxrTarget {
  studyUid: string;
  series: ImagingStudySeries;
  seriesIndex: number;
  instance: ImagingStudySeriesInstance;
  instanceIndex: number;
  /** View read from the series description / instance title, when they say. */
  view?: ChestView;
}

/** A WADO-RS endpoint with its base URL (no trailing slash) and the token rule. */
export interface WadoEndpoint {
  reference: string;
  baseUrl: string;
  /** From `requires-access-token`; undefined leaves the decision to the gateway (token to its own origin only). */
  sendToken?: boolean;
}

/** The Study Instance UID: identifier `urn:dicom:uid` (`urn:oid:` prefix removed), else any `urn:oid:` value. */
export function studyInstanceUid(study: ImagingStudy): string {
  const identifiers = study.identifier ?? [];
  const dicom = identifiers.find((id) => id.system === 'urn:dicom:uid' && id.value);
  const oid = dicom ?? identifiers.find((id) => id.value?.startsWith('urn:oid:'));
  const uid = oid?.value?.replace(/^urn:oid:/, '').trim();
  if (uid && /^[0-9.]+$/.test(uid)) return uid;
  // STU3 ImagingStudy carried the UID in `uid`; some servers still send it.
  const legacy = (study as unknown as { uid?: unknown }).uid;
  if (typeof legacy === 'string' && /^(urn:oid:)?[0-9.]+$/.test(legacy)) return legacy.replace(/^urn:oid:/, '');
  throw new FhirMappingError(
    referenceOf(study),
    'identifier',
    'has no DICOM Study Instance UID (system urn:dicom:uid, value urn:oid:…)',
    'cxr',
  );
}

const FRONTAL = /\b(PA|AP|frontal|postero-?anterior|antero-?posterior)\b/i;
const LATERAL = /\b(LAT|LATERAL|LL|RL|LLD|RLD)\b/i;

function viewOf(text: string | undefined): ChestView | undefined {
  if (!text) return undefined;
  if (LATERAL.test(text)) return 'LATERAL';
  const frontal = FRONTAL.exec(text)?.[1]?.toUpperCase();
  if (!frontal) return undefined;
  return frontal.startsWith('A') ? 'AP' : 'PA';
}

function score(view: ChestView | undefined): number {
  if (view === 'PA') return 3;
  if (view === 'AP') return 2;
  if (view === 'LATERAL') return -1;
  return 0;
}

/**
 * The frontal CR/DX instance of a study. Every instance of a CR/DX series is a candidate (a series without modality
 * counts when the study lists CR or DX); its view is what its title says, else what its series description says.
 * PA goes first, then AP, then unspecified, lateral last; ties go to the first in study order.
 *
 * @throws FhirMappingError when the study has no CR/DX series or none of them lists an instance
 */
export function selectFrontalInstance(study: ImagingStudy): CxrTarget {
  const studyUid = studyInstanceUid(study);
  const studyIsCxr = (study.modality ?? []).some((m) => CXR_MODALITIES.includes(m.code ?? ''));
  const cxrSeries = (study.series ?? [])
    .map((series, seriesIndex) => ({ series, seriesIndex }))
    .filter(({ series }) => (series.modality?.code ? CXR_MODALITIES.includes(series.modality.code) : studyIsCxr));
  if (cxrSeries.length === 0) {
    const found = (study.series ?? []).map((s) => s.modality?.code ?? '?').join(', ') || 'no series';
    throw new FhirMappingError(referenceOf(study), 'series', `has no CR or DX series (found: ${found})`, 'cxr');
  }
  const candidates = cxrSeries.flatMap(({ series, seriesIndex }) =>
    (series.instance ?? []).map((instance, instanceIndex) => ({
      series,
      seriesIndex,
      instance,
      instanceIndex,
      view: viewOf(instance.title) ?? viewOf(series.description),
    })),
  );
  const first = candidates[0];
  if (!first) {
    throw new FhirMappingError(
      referenceOf(study),
      `series[${(cxrSeries[0] as { seriesIndex: number }).seriesIndex}].instance`,
      'lists no instance to retrieve',
      'cxr',
    );
  }
  const { view, ...chosen } = candidates.reduce((a, b) => (score(b.view) > score(a.view) ? b : a), first);
  return { studyUid, ...chosen, ...(view ? { view } : {}) };
}

/**
 * The WADO-RS endpoint of the chosen series (its own `endpoint`, else the study's), resolved from contained
 * resources, the search's `_include`d resources, or by reading it.
 *
 * @throws FhirMappingError when no referenced Endpoint is an active dicom-wado-rs one
 */
export async function resolveWadoEndpoint(
  study: ImagingStudy,
  target: CxrTarget,
  gateway: FhirGateway,
  options: { included?: readonly Resource[]; signal?: AbortSignal } = {},
): Promise<WadoEndpoint> {
  const refs = target.series.endpoint?.length ? target.series.endpoint : (study.endpoint ?? []);
  const field = target.series.endpoint?.length ? `series[${target.seriesIndex}].endpoint` : 'endpoint';
  const seen: string[] = [];
  for (const ref of refs) {
    const endpoint = await resolveEndpoint(study, ref, gateway, options);
    if (!endpoint) continue;
    seen.push(endpoint.connectionType?.code ?? '?');
    if (!isWadoRs(endpoint) || endpoint.status === 'off' || endpoint.status === 'error' || !endpoint.address) continue;
    const token = endpoint.extension?.find((e) => e.url.endsWith('/requires-access-token'))?.valueBoolean;
    return {
      reference: ref.reference?.startsWith('#') ? `${referenceOf(study)}${ref.reference}` : referenceOf(endpoint),
      baseUrl: endpoint.address.replace(/\/+$/, ''),
      ...(token === undefined ? {} : { sendToken: token }),
    };
  }
  throw new FhirMappingError(
    referenceOf(study),
    field,
    `references no active dicom-wado-rs Endpoint with an address (found: ${seen.join(', ') || 'none'})`,
    'cxr',
  );
}

function isWadoRs(endpoint: Endpoint): boolean {
  const type = endpoint.connectionType;
  return type?.code === 'dicom-wado-rs' && (type.system === undefined || WADO_RS_SYSTEMS.includes(type.system));
}

async function resolveEndpoint(
  study: ImagingStudy,
  ref: Reference,
  gateway: FhirGateway,
  options: { included?: readonly Resource[]; signal?: AbortSignal },
): Promise<Endpoint | undefined> {
  const reference = ref.reference;
  if (!reference) return undefined;
  if (reference.startsWith('#')) {
    return (study.contained ?? []).find(
      (r): r is Endpoint => r.resourceType === 'Endpoint' && `#${r.id}` === reference,
    );
  }
  // `Endpoint/1`, or an absolute URL ending in `/Endpoint/1`.
  const match = /(?:^|\/)Endpoint\/([^/?#]+)(?:\/_history\/[^/?#]+)?$/.exec(reference);
  if (!match?.[1]) return undefined;
  const id = match[1];
  const included = options.included?.find((r): r is Endpoint => r.resourceType === 'Endpoint' && r.id === id);
  if (included) return included;
  return gateway.read<Endpoint>('Endpoint', id, options.signal ? { signal: options.signal } : {});
}

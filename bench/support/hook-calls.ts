/**
 * The hook calls the CDS Hooks load bench sends: per synthetic patient a patient-view request body, either with the
 * full prefetch (every discovery template filled in for the patient's context and fetched from the sandbox's /fhir,
 * as an EHR does before calling) or without prefetch. Both name the sandbox's /fhir as fhirServer with a bearer
 * token: with prefetch the service reads from it only what a prefetch cannot carry (the X-ray's Binary, and a
 * window a capped prefetch Bundle may have cut short); without it, everything.
 *
 * Bodies are serialised once; each call gets its own hookInstance (a UUID, as the spec asks) spliced in.
 */
import { randomUUID } from 'node:crypto';
import type { Bundle, Encounter } from '@medplum/fhirtypes';
import { COMORBIDITY_SERVICE_ID } from '../../cds-hooks/services/comorbidity-service';
import { resolvePrefetchTemplate } from '../../cds-hooks/prefetch/prefetch-tokens';
import type { BenchServer } from './bench-server';

/** One patient's call, ready to send. */
export interface HookCall {
  patientId: string;
  /** The JSON body for a fresh hookInstance. */
  body(): string;
  /** Body size in bytes, for the output. */
  bytes: number;
}

/** The opaque access token the EHR hands the service for its fhirServer (the sandbox does not check it). */
const ACCESS_TOKEN = 'bench-opaque-access-token';
const HOOK_INSTANCE = '00000000-0000-4000-8000-000000000000';

/** The URL a hook call posts to (and the JWT's `aud`). */
export function hookUrl(server: BenchServer): string {
  return `${server.baseUrl}/cds-services/${COMORBIDITY_SERVICE_ID}`;
}

/**
 * Builds the calls for every synthetic patient.
 * @param withPrefetch - fill in every prefetch template from discovery
 */
export async function buildHookCalls(server: BenchServer, withPrefetch: boolean): Promise<HookCall[]> {
  const templates = withPrefetch ? await discoveryTemplates(server) : {};
  const fhir = `${server.baseUrl}/fhir`;
  const calls: HookCall[] = [];
  for (const patientId of server.patientIds) {
    const encounterId = await latestEncounterId(fhir, patientId);
    const context = {
      userId: 'Practitioner/bench-clinician',
      patientId,
      ...(encounterId ? { encounterId } : {}),
    };
    const prefetch: Record<string, unknown> = {};
    for (const [key, template] of Object.entries(templates)) {
      const url = resolvePrefetchTemplate(template, context);
      if (url === undefined) continue;
      prefetch[key] = await getJson(`${fhir}/${url}`, key);
    }
    const json = JSON.stringify({
      hook: 'patient-view',
      hookInstance: HOOK_INSTANCE,
      context,
      fhirServer: fhir,
      fhirAuthorization: {
        access_token: ACCESS_TOKEN,
        token_type: 'Bearer',
        expires_in: 3600,
        scope: 'user/*.read',
        subject: 'medtvt-bench',
      },
      ...(withPrefetch ? { prefetch } : {}),
    });
    const at = json.indexOf(HOOK_INSTANCE);
    const head = json.slice(0, at);
    const tail = json.slice(at + HOOK_INSTANCE.length);
    calls.push({ patientId, body: () => `${head}${randomUUID()}${tail}`, bytes: Buffer.byteLength(json) });
  }
  return calls;
}

async function discoveryTemplates(server: BenchServer): Promise<Record<string, string>> {
  const url = `${server.baseUrl}/cds-services`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${await server.sign(url)}` } });
  if (!response.ok) throw new Error(`discovery: HTTP ${response.status}`);
  const discovery = (await response.json()) as { services: { id: string; prefetch?: Record<string, string> }[] };
  const service = discovery.services.find((s) => s.id === COMORBIDITY_SERVICE_ID);
  if (!service?.prefetch) throw new Error(`discovery lists no prefetch for ${COMORBIDITY_SERVICE_ID}`);
  return service.prefetch;
}

/** The patient's most recent encounter (synthetic admissions have one), which anchors the look-back window. */
async function latestEncounterId(fhir: string, patientId: string): Promise<string | undefined> {
  const bundle = (await getJson(
    `${fhir}/Encounter?patient=${encodeURIComponent(patientId)}&_sort=-date&_count=1`,
    'Encounter search',
  )) as Bundle<Encounter>;
  return bundle.entry?.[0]?.resource?.id;
}

async function getJson(url: string, what: string): Promise<unknown> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${ACCESS_TOKEN}` } });
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status}`);
  return response.json();
}

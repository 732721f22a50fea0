/**
 * The patient-view comorbidity service: its discovery entry, and one hook call from a validated request to cards.
 *
 * Data: the prefetch first, then the CDS client's fhirServer with the hook's bearer token, but only a fhirServer in
 * the allowlist (PrefetchFhirGateway). When neither can provide any modality, the answer is 412
 * (https://cds-hooks.hl7.org/2.0/#http-status-codes-1), without contacting anything outside the allowlist. Partial
 * data still gives an assessment from the modalities present; the cards say which are missing and why.
 *
 * Time: the record is anchored on the encounter's start when the context names an encounter that can be read, else
 * on the call's time; labs and ECG are taken from anchor ± CDS_LOOKBACK_HOURS and the chest X-ray from anchor ±
 * CDS_CXR_LOOKBACK_HOURS (with a "now" anchor only the look-back half holds data).
 *
 * Upstream failures: when the FHIR server fails every request and nothing was read, the answer is 412 naming the
 * status; when some modalities were read, the cards say which could not be fetched. A record with no data at all
 * in the window gives `{"cards": []}` (the spec's "no decision support").
 */
import type { Condition, Encounter } from '@medplum/fhirtypes';
import { DecodedContentCache } from '../../src/fhir/mappers/decoded-content-cache';
import { readMultimodalRecord } from '../../src/fhir/multimodal-reader';
import {
  isModelInputError,
  MODALITIES,
  type Assessment,
  type Modality,
  type MultimodalRecord,
} from '../../src/shared/index';
import type { CdsDeps, HookOutcome } from '../deps';
import { httpGatewayFactory } from '../deps';
import { parsePrefetch, type PrefetchData } from '../prefetch/prefetch-data';
import { PrefetchFhirGateway } from '../prefetch/prefetch-fhir-gateway';
import { comorbidityPrefetchTemplates, discoveryPrefetch, type PrefetchTemplate } from '../prefetch/prefetch-templates';
import { cdsServiceResponseSchema, type Card, type CdsServiceResponse } from '../cards/card-schema';
import type { CdsServiceDefinition } from './discovery-schema';
import { FhirServerAllowlist } from './fhir-server-allowlist';
import { HookError } from './hook-error';
import {
  describeZodError,
  patientViewContextSchema,
  type CdsHookRequest,
  type PatientViewContext,
} from './hook-request-schema';
import { problemListDiseases } from './problem-list';

export const COMORBIDITY_SERVICE_ID = 'medtvt-comorbidity';

/** The discovery entry. */
export function comorbidityServiceDefinition(config: CdsDeps['config']): CdsServiceDefinition {
  return {
    hook: 'patient-view',
    id: COMORBIDITY_SERVICE_ID,
    title: 'MedTVT comorbidity reasoning',
    description:
      'Assesses seven comorbidities (coronary artery disease, acute renal failure, hypertension, atrial ' +
      'fibrillation, pneumonia, diabetes mellitus, sepsis) from the labs, 12-lead ECG and chest X-ray with a ' +
      'multimodal model, and shows the evidence behind each likely one.',
    prefetch: discoveryPrefetch(comorbidityPrefetchTemplates()),
    usageRequirements:
      `Labs and ECG are taken from ±${config.CDS_LOOKBACK_HOURS} h and the chest X-ray from ` +
      `±${config.CDS_CXR_LOOKBACK_HOURS} h around the encounter start (context.encounterId) or the call. Prefetch ` +
      'holds the most recent results; ECG and X-ray files (Binary, DICOMweb) are read from fhirServer with ' +
      'fhirAuthorization, which must be a FHIR server this service is configured to trust.',
  };
}

/** One hook call of the comorbidity service. Created once per app; `handle` is called per request. */
export class ComorbidityService {
  readonly definition: CdsServiceDefinition;
  private readonly templates: PrefetchTemplate[] = comorbidityPrefetchTemplates();
  private readonly allowlist: FhirServerAllowlist;
  private readonly modalityKeys: string[];
  private readonly decodedCache: DecodedContentCache | undefined;

  constructor(private readonly deps: CdsDeps) {
    this.decodedCache = deps.cache ? new DecodedContentCache(deps.cache) : undefined;
    this.definition = comorbidityServiceDefinition(deps.config);
    this.allowlist = FhirServerAllowlist.fromConfig(
      deps.config.CDS_FHIR_ALLOWLIST,
      deps.sandboxFhirBaseUrl ? [deps.sandboxFhirBaseUrl] : [],
    );
    this.modalityKeys = this.templates.filter((t) => t.modality !== undefined).map((t) => t.key);
  }

  /**
   * @param request - a request that passed cdsHookRequestSchema
   * @throws HookError 400 (wrong hook, context, prefetch), 412 (no data source), 503 (no model)
   */
  async handle(request: CdsHookRequest): Promise<{ response: CdsServiceResponse; outcome: HookOutcome }> {
    const started = performance.now();
    const context = this.parseContext(request);
    const prefetch = parsePrefetch(request.prefetch, this.templates);
    const state = this.deps.assessor();
    if (state.status !== 'ready') {
      throw new HookError(
        503,
        state.status === 'loading'
          ? 'the comorbidity model is still loading; try again shortly'
          : `no comorbidity model is loaded (${state.reason})`,
      );
    }
    const gateway = this.gatewayFor(request, context, prefetch);

    const fetchStarted = performance.now();
    const [record, problemList] = await Promise.all([
      this.anchorTime(gateway, context).then((anchorTime) =>
        readMultimodalRecord(gateway, context.patientId, {
          anchorTime,
          windowHours: this.deps.config.CDS_LOOKBACK_HOURS,
          cxrWindowHours: this.deps.config.CDS_CXR_LOOKBACK_HOURS,
          ...(context.encounterId ? { encounterId: context.encounterId } : {}),
          ...(this.decodedCache ? { cache: this.decodedCache } : {}),
        }),
      ),
      this.problemList(gateway, context.patientId),
    ]);
    const fetchMs = performance.now() - fetchStarted;

    const base = {
      serviceId: COMORBIDITY_SERVICE_ID,
      hookInstance: request.hookInstance,
      patientId: context.patientId,
      ...(context.encounterId ? { encounterId: context.encounterId } : {}),
      dataSource: {
        prefetchKeys: [...gateway.stats.prefetchKeysUsed],
        serverRequests: gateway.stats.serverRequests,
        serverFailures: gateway.stats.serverFailures,
      },
    };
    const present = presentModalities(record);
    if (present.length === 0) this.failIfUpstreamDown(gateway);

    let assessment;
    try {
      assessment =
        present.length > 0
          ? await state.assessor.assess(record, {
              fetchMs,
              ...(problemList ? { problemList } : {}),
              ...(context.encounterId ? { encounterId: context.encounterId } : {}),
            })
          : undefined;
    } catch (error) {
      if (!isModelInputError(error)) throw error;
      this.deps.logger.info({ reason: error.reason, modality: error.modality }, 'record not assessable');
    }
    const cards = assessment
      ? this.deps.renderCards(assessment, {
          serviceId: COMORBIDITY_SERVICE_ID,
          patientId: context.patientId,
          ...(context.encounterId ? { encounterId: context.encounterId } : {}),
          ...(problemList ? { problemList } : {}),
          smartLaunchUrl: this.deps.config.CDS_SMART_LAUNCH_URL,
          publicBaseUrl: this.deps.config.PUBLIC_BASE_URL,
        })
      : [];
    const response = checkedResponse({ cards });
    if (assessment) this.audit(assessment, response.cards, request, context);
    const outcome: HookOutcome = {
      ...base,
      status: 200,
      ...(assessment ? { assessment } : {}),
      cards: response.cards,
      modalitiesUsed: assessment?.modalities.used ?? [],
      modalitiesMissing: assessment?.modalities.missing ?? MODALITIES.filter((m) => !present.includes(m)),
      timings: { fetchMs, totalMs: performance.now() - started },
    };
    return { response, outcome };
  }

  /**
   * Records the assessment and its cards (ids, probabilities, timings; no evidence values). A store failure is
   * logged and the cards are still returned: the clinician's view does not wait on the audit database.
   */
  private audit(assessment: Assessment, cards: readonly Card[], request: CdsHookRequest, context: PatientViewContext) {
    const store = this.deps.store;
    if (!store) return;
    try {
      store.recordAssessment(assessment, {
        source: COMORBIDITY_SERVICE_ID,
        hookInstance: request.hookInstance,
        ...(request.fhirServer ? { fhirServer: request.fhirServer.replace(/[?#].*$/, '') } : {}),
        userRef: context.userId,
      });
      store.recordCards(
        assessment.id,
        cards.flatMap((card) => (card.uuid ? [{ uuid: card.uuid }] : [])),
      );
    } catch (error) {
      this.deps.logger.error(
        { assessmentId: assessment.id, error: error instanceof Error ? error.message : String(error) },
        'audit of an assessment failed',
      );
    }
  }

  private parseContext(request: CdsHookRequest): PatientViewContext {
    if (request.hook !== 'patient-view') {
      throw new HookError(400, `hook: ${COMORBIDITY_SERVICE_ID} answers patient-view, not this hook`);
    }
    const context = patientViewContextSchema.safeParse(request.context);
    if (!context.success) throw new HookError(400, describeZodError(context.error, 'context'));
    return context.data;
  }

  /** The prefetch-first gateway, with the fhirServer behind it when it is allowed; 412 when there is no data at all. */
  private gatewayFor(
    request: CdsHookRequest,
    context: PatientViewContext,
    prefetch: PrefetchData,
  ): PrefetchFhirGateway {
    const fhirServer = request.fhirServer?.replace(/\/+$/, '');
    const allowed = fhirServer !== undefined && this.allowlist.allows(fhirServer);
    const noFallbackReason =
      fhirServer === undefined ? 'the request has no fhirServer' : allowed ? undefined : 'fhirServer is not allowed';
    const hasModalityPrefetch = this.modalityKeys.some((key) => prefetch.entry(key).kind !== 'absent');
    if (!allowed && !hasModalityPrefetch) {
      if (fhirServer !== undefined) {
        this.deps.logger.warn({ fhirServerOrigin: safeOrigin(fhirServer) }, 'fhirServer outside CDS_FHIR_ALLOWLIST');
      }
      throw new HookError(
        412,
        `no data: the prefetch holds none of ${this.modalityKeys.join(', ')}, and ${noFallbackReason}` +
          (fhirServer !== undefined ? ' (CDS_FHIR_ALLOWLIST)' : ''),
      );
    }
    const factory = this.deps.gatewayFactory ?? httpGatewayFactory(this.deps.config, this.deps.logger);
    return new PrefetchFhirGateway({
      prefetch,
      templates: this.templates,
      patientId: context.patientId,
      ...(allowed ? { fallback: factory(fhirServer, request.fhirAuthorization?.access_token) } : {}),
      baseUrl: fhirServer ?? 'urn:cds-hooks:prefetch',
      ...(noFallbackReason ? { noFallbackReason } : {}),
    });
  }

  /** The encounter's start when the context names one that can be read, else the call's time. */
  private async anchorTime(gateway: PrefetchFhirGateway, context: PatientViewContext): Promise<string> {
    const now = (this.deps.now?.() ?? new Date()).toISOString();
    if (!context.encounterId) return now;
    try {
      const encounter = await gateway.read<Encounter>('Encounter', context.encounterId);
      return encounter.period?.start ?? now;
    } catch (error) {
      this.deps.logger.info(
        { error: error instanceof Error ? error.message : String(error) },
        'encounter unreadable; anchored on the call time',
      );
      return now;
    }
  }

  /** Active Conditions as disease ids, or undefined when they cannot be read. */
  private async problemList(gateway: PrefetchFhirGateway, patientId: string) {
    try {
      const result = await gateway.search<Condition>('Condition', {
        patient: patientId,
        'clinical-status': 'active',
      });
      return problemListDiseases(result.resources);
    } catch (error) {
      this.deps.logger.info(
        { error: error instanceof Error ? error.message : String(error) },
        'problem list unreadable; cards will not say what is on it',
      );
      return undefined;
    }
  }

  /** Nothing was read: when that is because the FHIR server failed every request, the data was unobtainable (412). */
  private failIfUpstreamDown(gateway: PrefetchFhirGateway): void {
    const { serverRequests, serverFailures, lastFailureStatus, prefetchKeysUsed } = gateway.stats;
    const usedModalityPrefetch = this.modalityKeys.some((key) => prefetchKeysUsed.has(key));
    if (serverRequests > 0 && serverFailures === serverRequests && !usedModalityPrefetch) {
      const status = lastFailureStatus ? `HTTP ${lastFailureStatus}` : 'no response';
      throw new HookError(412, `no data: the FHIR server could not be read (${status})`);
    }
  }
}

function presentModalities(record: MultimodalRecord): Modality[] {
  return MODALITIES.filter((m) => record[m] !== undefined);
}

/** The response, checked against the spec's schema: a card that breaks it is a bug here, never sent. */
function checkedResponse(response: CdsServiceResponse): CdsServiceResponse {
  const checked = cdsServiceResponseSchema.safeParse(response);
  if (!checked.success) {
    throw new Error(`the rendered cards break the CDS Hooks response schema: ${describeZodError(checked.error)}`);
  }
  return response;
}

function safeOrigin(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : '(invalid URL)';
}

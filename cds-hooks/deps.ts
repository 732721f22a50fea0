/**
 * What createApp needs, as ports, so that tests inject doubles and `npm start` the real things: the assessor
 * (model + evidence), the card renderer, how to reach a CDS client's FHIR server, client authentication and the
 * cross-cutting middleware, the audit store, and where to report each hook's outcome (metrics).
 */
import type { RequestHandler, Router } from 'express';
import type { FhirGateway } from '../src/fhir/fhir-gateway';
import { HttpFhirGateway } from '../src/fhir/http-fhir-gateway';
import type { Assessor } from '../src/model/assessment/create-assessor';
import type { AppConfig, Assessment, DiseaseId, Logger, LruByteCache, Modality } from '../src/shared/index';
import type { Card } from './cards/card-schema';
import type { CdsStore } from './store/cds-store';

export type { Assessor, AssessmentOptions } from '../src/model/assessment/create-assessor';

/** Whether a model is there to assess with: `npm start` loads it after listening, and may not find it. */
export type AssessorState =
  { status: 'ready'; assessor: Assessor } | { status: 'loading' } | { status: 'unavailable'; reason: string };

/** What the card renderer knows besides the assessment. */
export interface CardContext {
  serviceId: string;
  patientId: string;
  encounterId?: string;
  /** Diseases on the patient's active problem list; undefined when the problem list could not be read. */
  problemList?: readonly DiseaseId[];
  /** SMART app launch URL for the card's smart link (CDS_SMART_LAUNCH_URL). */
  smartLaunchUrl: string;
  /** Public base URL of this server, for links such as the model card. */
  publicBaseUrl: string;
}

export type RenderCards = (assessment: Assessment, context: CardContext) => Card[];

/** A gateway to the CDS client's FHIR server, with the hook's bearer token when it sent one. */
export type GatewayFactory = (fhirServer: string, accessToken: string | undefined) => FhirGateway;

/** How one hook call ended, for metrics and logs: ids, counts and timings only, never PHI values. */
export interface HookOutcome {
  serviceId: string;
  hookInstance: string;
  patientId: string;
  encounterId?: string;
  status: number;
  /** Set when an assessment was made. */
  assessment?: Assessment;
  cards: Card[];
  modalitiesUsed: Modality[];
  modalitiesMissing: Modality[];
  /** Prefetch keys whose data was used, and whether the FHIR server was asked. */
  dataSource: { prefetchKeys: string[]; serverRequests: number; serverFailures: number };
  timings: { fetchMs?: number; totalMs: number };
}

export interface CdsDeps {
  config: AppConfig;
  logger: Logger;
  /** Asked on every hook call. */
  assessor: () => AssessorState;
  renderCards: RenderCards;
  /** Default: HttpFhirGateway with FHIR_TIMEOUT_MS and at most one retry. */
  gatewayFactory?: GatewayFactory;
  /** The embedded sandbox's FHIR base URL: always allowed as fhirServer, beside CDS_FHIR_ALLOWLIST. */
  sandboxFhirBaseUrl?: string;
  /**
   * Verifies the CDS client's JWT (https://cds-hooks.hl7.org/2.0/#trusting-cds-clients) on every /cds-services
   * route (security/createCdsClientAuth); required when CDS_AUTH is `jwt`, not used when it is `none`.
   */
  authenticate?: RequestHandler;
  /** Run before authentication on every /cds-services route, in order (CORS, rate limiting). */
  middleware?: RequestHandler[];
  /** Audit of each assessment and its cards, and the feedback endpoint's store; no audit and no feedback without. */
  store?: CdsStore;
  /** Extra routes beside the CDS ones (assessment API, health, metrics). */
  routes?: (router: Router) => void;
  /** Called once per hook call that passed authentication, whatever its status. Must not throw. */
  onHookOutcome?: (outcome: HookOutcome) => void;
  /** Clock, for tests. */
  now?: () => Date;
  /**
   * The derived-data cache (CDS_CACHE_MB): decoded ECG files and chest images by content, and no re-fetch of an
   * attachment whose url and hash were seen before. The model's caches share it (model-loader.ts).
   */
  cache?: LruByteCache;
}

/** The default GatewayFactory: HttpFhirGateway with the configured timeout and at most one retry. */
export function httpGatewayFactory(config: AppConfig, logger: Logger): GatewayFactory {
  return (fhirServer, accessToken) =>
    new HttpFhirGateway({
      baseUrl: fhirServer,
      ...(accessToken !== undefined ? { accessToken } : {}),
      timeoutMs: config.FHIR_TIMEOUT_MS,
      // A hook answers within about 500 ms (the spec's order of magnitude): one retry at most, soon.
      maxRetries: Math.min(config.FHIR_MAX_RETRIES, 1),
      retryBaseMs: 100,
      logger,
    });
}

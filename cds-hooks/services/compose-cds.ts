/**
 * Builds the CDS Hooks service from the configuration with its real parts: the model loaded in the background
 * (MODEL_DIR), the audit store (CDS_DB_PATH), client JWT authentication over CDS_TRUSTED_CLIENTS (plus the embedded
 * sandbox's development client), CORS, rate limiting, and metrics with /healthz, /readyz and /metrics. Shared by
 * server.ts (the service alone) and src/main.ts (beside the sandbox).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import express from 'express';
import type { Request, Response, Router } from 'express';
import { LruByteCache, type AppConfig, type Logger } from '../../src/shared/index';
import { DecodedContentCache } from '../../src/fhir/mappers/decoded-content-cache';
import { assessWhenReady, createAssessmentApiRouter } from '../api/index';
import { createApp } from '../app';
import { renderComorbidityCards } from '../cards/render-comorbidity-cards';
import { httpGatewayFactory, type CdsDeps, type HookOutcome, type RenderCards } from '../deps';
import { createObservability, registerCacheMetrics, storeReadiness, type Observability } from '../observability/index';
import {
  cdsCors,
  createAudienceResolver,
  createCdsClientAuth,
  createRateLimiter,
  parseTrustedClients,
} from '../security/index';
import { openCdsStore, type CdsStore } from '../store/index';
import { createDevelopmentCdsClient, type DevelopmentCdsClient } from './development-client';
import { FhirServerAllowlist } from './fhir-server-allowlist';
import { loadModelInBackground, type BackgroundModel } from './model-loader';

export interface ComposeCdsOptions {
  /** Default: the comorbidity cards (cards/) with the model card served at `/model-card`. */
  renderCards?: RenderCards;
  /** The embedded sandbox's FHIR base: always allowed as fhirServer. */
  sandboxFhirBaseUrl?: string;
  /** Make and trust a development CDS client (ES384, iss = PUBLIC_BASE_URL) for the sandbox's EHR page. */
  developmentClient?: boolean;
}

export interface CdsComposition {
  /** Mount at the server's root: /cds-services, /healthz, /readyz, /metrics. */
  router: Router;
  model: BackgroundModel;
  store: CdsStore;
  observability: Observability;
  developmentClient?: DevelopmentCdsClient;
  close(): Promise<void>;
}

/**
 * @param config - from loadConfig
 * @throws ConfigError for a bad CDS_TRUSTED_CLIENTS; StoreError when CDS_DB_PATH cannot be opened
 */
export async function composeCds(
  config: AppConfig,
  logger: Logger,
  options: ComposeCdsOptions,
): Promise<CdsComposition> {
  const trustedClients = parseTrustedClients(config.CDS_TRUSTED_CLIENTS);
  const developmentClient = options.developmentClient
    ? await createDevelopmentCdsClient(config.PUBLIC_BASE_URL)
    : undefined;
  if (developmentClient) {
    trustedClients.push(developmentClient.trustedClient);
    logger.info(
      { iss: config.PUBLIC_BASE_URL, kid: developmentClient.kid, alg: 'ES384' },
      'development CDS client created and trusted (for the sandbox EHR page)',
    );
  }
  // One byte budget for every derived-data cache: decoded files (src/fhir), tensors and ECG measurements (src/model).
  const cache = new LruByteCache(config.CDS_CACHE_MB * 1024 * 1024);
  const model = loadModelInBackground(config, logger, cache);
  const store = openCdsStore(config.CDS_DB_PATH, {
    // A failed group commit (the audit rows of one event-loop turn, lost) or background checkpoints that stopped.
    onCommitError: (error) => logger.error({ error: error.message }, 'audit store failure after the call returned'),
  });
  const observability = createObservability({
    readiness: {
      model: () => {
        const state = model.state();
        return state.status === 'ready'
          ? undefined
          : state.status === 'loading'
            ? 'the model is loading'
            : state.reason;
      },
      store: storeReadiness(store),
    },
    logger,
  });
  registerCacheMetrics(observability.registry, cache);

  const deps: CdsDeps = {
    config,
    logger,
    assessor: () => model.state(),
    renderCards: options.renderCards ?? comorbidityCardRenderer(`${config.PUBLIC_BASE_URL}${MODEL_CARD_PATH}`),
    ...(options.sandboxFhirBaseUrl ? { sandboxFhirBaseUrl: options.sandboxFhirBaseUrl } : {}),
    authenticate: createCdsClientAuth({
      trustedClients,
      audienceFor: createAudienceResolver(config.PUBLIC_BASE_URL),
      mode: config.CDS_AUTH,
      logger,
    }),
    middleware: [cdsCors(config.CDS_CORS_ORIGINS), createRateLimiter({ perMinute: config.CDS_RATE_LIMIT_PER_MINUTE })],
    store,
    onHookOutcome: (outcome) => recordMetrics(observability, outcome),
    cache,
  };
  const router = express.Router();
  router.use(observability.observeRequest);
  router.use(createApp(deps));
  router.get(MODEL_CARD_PATH, (_req: Request, res: Response) => {
    sendModelCard(config, res, logger);
  });
  router.use(observability.router);
  router.use(
    assessmentApi(
      config,
      logger,
      model,
      store,
      observability,
      options.sandboxFhirBaseUrl,
      new DecodedContentCache(cache),
    ),
  );
  return {
    router,
    model,
    store,
    observability,
    ...(developmentClient ? { developmentClient } : {}),
    async close() {
      await model.close();
      store.close();
    },
  };
}

/**
 * POST /api/assessments (and its OpenAPI document) for the product's own clients, reading from FHIR_BASE_URL or
 * the embedded sandbox, or from an allowlisted fhirServer with the caller's token. CORS and the rate limit apply as
 * on the hooks, since the SMART app calls it from the browser.
 */
function assessmentApi(
  config: AppConfig,
  logger: Logger,
  model: BackgroundModel,
  store: CdsStore,
  observability: Observability,
  sandboxFhirBaseUrl: string | undefined,
  decodedCache: DecodedContentCache,
): Router {
  const gateways = httpGatewayFactory(config, logger);
  const defaultBase = config.FHIR_BASE_URL ?? sandboxFhirBaseUrl;
  const router = express.Router();
  router.use(
    '/api',
    cdsCors(config.CDS_CORS_ORIGINS),
    createRateLimiter({ perMinute: config.CDS_RATE_LIMIT_PER_MINUTE }),
  );
  if (!defaultBase) {
    logger.warn('assessment API not served: neither FHIR_BASE_URL nor the embedded sandbox is configured');
    return router;
  }
  router.use(
    createAssessmentApiRouter({
      assess: assessWhenReady(() => model.state()),
      defaultGateway: gateways(defaultBase, undefined),
      defaultGatewayIsOpen: !config.FHIR_BASE_URL,
      gatewayFactory: gateways,
      allowlist: FhirServerAllowlist.fromConfig(
        config.CDS_FHIR_ALLOWLIST,
        sandboxFhirBaseUrl ? [sandboxFhirBaseUrl] : [],
      ),
      store,
      logger,
      metrics: observability,
      window: { hours: config.CDS_LOOKBACK_HOURS, cxrHours: config.CDS_CXR_LOOKBACK_HOURS },
      publicBaseUrl: config.PUBLIC_BASE_URL,
      decodedCache,
    }),
  );
  return router;
}

/** Where the model card (the package's MODEL_CARD.md) is served, for the cards' source link. */
export const MODEL_CARD_PATH = '/model-card';

/**
 * The product's card renderer behind the RenderCards port. An unreadable problem list is passed on as empty: the
 * cards then treat every likely disease as not yet recognised, which errs towards showing it.
 */
export function comorbidityCardRenderer(modelCardUrl: string): RenderCards {
  return (assessment, context) =>
    renderComorbidityCards(assessment, {
      problemList: context.problemList ?? [],
      smartLaunchUrl: context.smartLaunchUrl,
      modelCardUrl,
      patientId: context.patientId,
      ...(context.encounterId ? { encounterId: context.encounterId } : {}),
    });
}

function sendModelCard(config: AppConfig, res: Response, logger: Logger): void {
  readFile(join(config.MODEL_DIR, 'MODEL_CARD.md'), 'utf8').then(
    (text) => {
      res.type('text/markdown; charset=utf-8').send(text);
    },
    (error: unknown) => {
      logger.info({ error: error instanceof Error ? error.message : String(error) }, 'model card unavailable');
      res.status(404).json({ error: `no model card in ${config.MODEL_DIR}` });
    },
  );
}

function recordMetrics(observability: Observability, outcome: HookOutcome): void {
  const assessment = outcome.assessment;
  if (!assessment) return;
  observability.observeModelMs((assessment.timings.preprocessMs ?? 0) + (assessment.timings.inferenceMs ?? 0));
  if (outcome.timings.fetchMs !== undefined) observability.observeFhirMs(outcome.timings.fetchMs);
  observability.countAssessment(assessment.modalities.used, outcome.serviceId);
}

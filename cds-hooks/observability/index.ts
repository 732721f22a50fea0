/** Metrics (prom-client), liveness and readiness of the CDS service and the assessment API. */
export * from './create-observability';
export * from './store-readiness';
export * from './cache-metrics';

/** The CDS Hooks 2.0 service: createApp (no listen), its ports, the comorbidity service and its parts. */
export * from './app';
export * from './deps';
export * from './server';
export * from './services/comorbidity-service';
export * from './services/compose-cds';
export * from './services/development-client';
export * from './services/discovery-schema';
export * from './services/fhir-server-allowlist';
export * from './services/hook-error';
export * from './services/hook-request-schema';
export * from './services/model-loader';
export * from './services/problem-list';
export * from './prefetch/prefetch-data';
export * from './prefetch/prefetch-fhir-gateway';
export * from './prefetch/prefetch-templates';
export * from './prefetch/prefetch-tokens';
export * from './conformance/assert-cds-conforms';

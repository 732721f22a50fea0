/** The OpenAPI 3.1 document of the assessment API, generated from its zod schemas. */
export * from './assessment-schema';
export * from './audit-record-schema';
export * from './operation-outcome-schema';
export * from './build-openapi-document';

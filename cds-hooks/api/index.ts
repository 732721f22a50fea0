/** The assessment API: POST /api/assessments, GET /api/assessments/{id}, GET /api/openapi.json. */
export * from './api-error';
export * from './assessment-request-schema';
export * from './describe-zod-error';
export * from './resolve-fhir-access';
export * from './to-api-error';
export * from './create-assessment-api-router';
export * from './assess-when-ready';

/** The audit, card and feedback store of the CDS service and the assessment API. */
export * from './cds-store';
export * from './store-error';
export * from './migrations';
export * from './to-fhir-id-reference';
export * from './sqlite-cds-store';

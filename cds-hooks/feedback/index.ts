/** The CDS Hooks feedback endpoint. */
export * from './feedback-schema';
export * from './create-feedback-router';

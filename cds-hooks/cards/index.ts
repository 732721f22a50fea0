/** Comorbidity cards: the CDS Hooks 2.0 card schema and the pure rendering of an Assessment as cards. */
export * from './card-schema';
export * from './card-uuid';
export * from './comorbidity-indicator';
export * from './modality-phrase';
export * from './card-summary';
export * from './evidence-markdown';
export * from './override-reasons';
export * from './provisional-condition';
export * from './render-comorbidity-cards';

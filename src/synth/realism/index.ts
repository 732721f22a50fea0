/** The realism report: the synthetic cohort against real data, and the ECG generator against src/signal. */
export { buildRealismReport, REALISM_DEFAULTS } from './build-realism-report';
export { formatRealismReport } from './format-realism-report';
export type * from './realism-report-types';
export type { QuantileSummary } from './summary-stats';

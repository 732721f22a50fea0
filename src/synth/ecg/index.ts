/** The synthetic 12-lead ECG generator and the parts the realism report and tests reuse. */
export { generateEcg } from './generate-ecg';
export type { EcgGenerationOptions } from './generate-ecg';
export { LEAD_VECTORS, INDEPENDENT_LEADS } from './lead-vectors';
export { TERRITORY_LEADS } from './ischaemia-signs';

import type { CdsStore } from '../store/cds-store';
import type { ReadinessCheck } from './create-observability';

/**
 * Readiness of the audit store: not ready once it is closed (the service would answer hooks it cannot audit).
 *
 * @param store - the CDS store
 */
export function storeReadiness(store: Pick<CdsStore, 'open'>): ReadinessCheck {
  return () => (store.open ? undefined : 'the audit store is closed');
}

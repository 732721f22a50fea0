/**
 * The derived-data cache (src/shared/lru-byte-cache.ts) on /metrics: hits, misses and evictions per region as
 * counters, entries and bytes per region and the budget as gauges. Read from the cache's own counters at scrape
 * time, so the hot path does no metrics work.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { LruByteCache, LruByteCacheStats } from '../../src/shared/index';

/** Metric names, for tests and dashboards. */
export const CACHE_METRICS = {
  hits: 'cds_cache_hits_total',
  misses: 'cds_cache_misses_total',
  evictions: 'cds_cache_evictions_total',
  entries: 'cds_cache_entries',
  bytes: 'cds_cache_bytes',
  budget: 'cds_cache_budget_bytes',
} as const;

/**
 * Registers the cache's metrics in `registry`.
 *
 * @param registry - where /metrics reads from (Observability.registry)
 * @param cache - the process's derived-data cache
 */
export function registerCacheMetrics(registry: Registry, cache: LruByteCache): void {
  const registers = [registry];
  const perRegion = (set: (region: string, stats: LruByteCacheStats) => void) => {
    for (const [region, stats] of Object.entries(cache.stats().regions)) set(region, stats);
  };
  // Counters that mirror monotonic totals kept elsewhere: reset and re-add the current value at each scrape.
  const counter = (name: string, help: string, field: 'hits' | 'misses' | 'evictions') =>
    new Counter({
      name,
      help,
      labelNames: ['region'] as const,
      registers,
      collect() {
        this.reset();
        perRegion((region, stats) => this.inc({ region }, stats[field]));
      },
    });
  counter(CACHE_METRICS.hits, 'Derived-data cache lookups that found an entry, by region.', 'hits');
  counter(CACHE_METRICS.misses, 'Derived-data cache lookups that found none, by region.', 'misses');
  counter(
    CACHE_METRICS.evictions,
    'Entries dropped to stay within CDS_CACHE_MB, by the region they were in.',
    'evictions',
  );
  const gauge = (name: string, help: string, field: 'entries' | 'bytes') =>
    new Gauge({
      name,
      help,
      labelNames: ['region'] as const,
      registers,
      collect() {
        this.reset();
        perRegion((region, stats) => this.set({ region }, stats[field]));
      },
    });
  gauge(CACHE_METRICS.entries, 'Entries in the derived-data cache, by region.', 'entries');
  gauge(
    CACHE_METRICS.bytes,
    'Bytes held by the derived-data cache (reported sizes plus overhead), by region.',
    'bytes',
  );
  new Gauge({
    name: CACHE_METRICS.budget,
    help: 'Byte budget of the derived-data cache (CDS_CACHE_MB); 0 when it is disabled.',
    registers,
    collect() {
      this.set(cache.budgetBytes);
    },
  });
}

/**
 * The derived-data cache's hit ratios over a phase of the CDS Hooks bench, from the server's own /metrics
 * (cds-hooks/observability/cache-metrics.ts): counters scraped at the start and the end of the phase, per region.
 */
import { CACHE_METRICS } from '../../cds-hooks/observability/cache-metrics';

/** One region's counters (and current bytes and entries) at a scrape. */
export interface RegionCounters {
  hits: number;
  misses: number;
  evictions: number;
  bytes: number;
  entries: number;
}

/** What a scrape found: per region, and the budget. */
export interface CacheScrape {
  regions: Map<string, RegionCounters>;
  budgetBytes: number;
}

const LINE = /^([a-z_]+)(?:\{region="([^"]*)"\})? ([0-9.e+-]+)$/;

/** Reads the cache metrics from `${baseUrl}/metrics`. */
export async function scrapeCache(baseUrl: string): Promise<CacheScrape> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`GET ${baseUrl}/metrics answered ${response.status}`);
  const scrape: CacheScrape = { regions: new Map(), budgetBytes: 0 };
  const fields: Record<string, keyof RegionCounters> = {
    [CACHE_METRICS.hits]: 'hits',
    [CACHE_METRICS.misses]: 'misses',
    [CACHE_METRICS.evictions]: 'evictions',
    [CACHE_METRICS.bytes]: 'bytes',
    [CACHE_METRICS.entries]: 'entries',
  };
  for (const line of (await response.text()).split('\n')) {
    const match = LINE.exec(line);
    if (!match) continue;
    const [, name = '', region, value = '0'] = match;
    if (name === CACHE_METRICS.budget) scrape.budgetBytes = Number(value);
    const field = fields[name];
    if (!field || region === undefined) continue;
    const counters = scrape.regions.get(region) ?? { hits: 0, misses: 0, evictions: 0, bytes: 0, entries: 0 };
    counters[field] = Number(value);
    scrape.regions.set(region, counters);
  }
  return scrape;
}

const MB = 1024 * 1024;

/** Lines for the bench's output: each region's hit ratio between two scrapes, evictions, and what it holds now. */
export function describeCacheRatios(before: CacheScrape, after: CacheScrape, calls: number): string[] {
  if (after.budgetBytes === 0) return ['derived-data cache off (CDS_CACHE_MB=0)'];
  const lines: string[] = [];
  let heldBytes = 0;
  for (const [region, end] of [...after.regions].sort((a, b) => a[0].localeCompare(b[0]))) {
    const start = before.regions.get(region) ?? { hits: 0, misses: 0, evictions: 0, bytes: 0, entries: 0 };
    const hits = end.hits - start.hits;
    const lookups = hits + end.misses - start.misses;
    heldBytes += end.bytes;
    const ratio = lookups === 0 ? 'no lookups' : `hit ratio ${((100 * hits) / lookups).toFixed(1)} %`;
    lines.push(
      `${region}: ${ratio} (${hits}/${lookups}, ${(lookups / Math.max(1, calls)).toFixed(2)} per call), ` +
        `${end.evictions - start.evictions} evictions; holds ${end.entries} entries, ${(end.bytes / MB).toFixed(1)} MB`,
    );
  }
  lines.unshift(
    `derived-data cache: ${(heldBytes / MB).toFixed(1)} of ${(after.budgetBytes / MB).toFixed(0)} MB used at the end`,
  );
  return lines;
}

import { Registry } from 'prom-client';
import { LruByteCache, LRU_ENTRY_OVERHEAD_BYTES } from '../../src/shared/index';
import { registerCacheMetrics } from './cache-metrics';

describe('registerCacheMetrics', () => {
  it('exports hits, misses, evictions, entries and bytes per region and the budget, as of the scrape', async () => {
    // Budget for one 100-byte entry: storing a second evicts the first.
    const cache = new LruByteCache(100 + LRU_ENTRY_OVERHEAD_BYTES);
    const registry = new Registry();
    registerCacheMetrics(registry, cache);
    const region = cache.region('model-ecg-tensor', (v: Uint8Array) => v.byteLength);
    region.set('a', new Uint8Array(100));
    region.get('a');
    region.get('b');
    region.set('c', new Uint8Array(100));

    const text = await registry.metrics();

    expect(text).toContain('cds_cache_hits_total{region="model-ecg-tensor"} 1');
    expect(text).toContain('cds_cache_misses_total{region="model-ecg-tensor"} 1');
    expect(text).toContain('cds_cache_evictions_total{region="model-ecg-tensor"} 1');
    expect(text).toContain('cds_cache_entries{region="model-ecg-tensor"} 1');
    expect(text).toContain(`cds_cache_bytes{region="model-ecg-tensor"} ${100 + LRU_ENTRY_OVERHEAD_BYTES}`);
    expect(text).toContain(`cds_cache_budget_bytes ${100 + LRU_ENTRY_OVERHEAD_BYTES}`);
  });

  it('follows the counters between scrapes instead of adding them up', async () => {
    const cache = new LruByteCache(10_000);
    const registry = new Registry();
    registerCacheMetrics(registry, cache);
    const region = cache.region('fhir-cxr-image', (v: Uint8Array) => v.byteLength);
    region.get('x');
    await registry.metrics();
    region.get('y');

    const text = await registry.metrics();

    expect(text).toContain('cds_cache_misses_total{region="fhir-cxr-image"} 2');
  });
});

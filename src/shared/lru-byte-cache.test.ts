import { LRU_ENTRY_OVERHEAD_BYTES, LruByteCache } from './lru-byte-cache';

// Sizes below are worked out by hand: each entry costs its reported size plus LRU_ENTRY_OVERHEAD_BYTES.
const O = LRU_ENTRY_OVERHEAD_BYTES;
const bytesOf = (value: Uint8Array) => value.byteLength;

describe('LruByteCache', () => {
  it('returns what was stored and counts hits and misses per region', () => {
    const cache = new LruByteCache(10_000);
    const a = cache.region('a', bytesOf);
    const value = new Uint8Array(100);

    a.set('k', value);
    const hit = a.get('k');
    const miss = a.get('other');

    expect(hit).toBe(value);
    expect(miss).toBeUndefined();
    expect(cache.stats().regions.a).toEqual({ hits: 1, misses: 1, evictions: 0, entries: 1, bytes: 100 + O });
  });

  it('keeps regions apart: the same key in two regions is two entries', () => {
    const cache = new LruByteCache(10_000);
    const a = cache.region('a', bytesOf);
    const b = cache.region('b', bytesOf);

    a.set('k', new Uint8Array(1));
    const fromB = b.get('k');

    expect(fromB).toBeUndefined();
    expect(cache.stats().regions.b?.misses).toBe(1);
  });

  it('evicts the least recently used entry, not the oldest stored, when over budget', () => {
    // Budget for exactly three entries of 100 bytes.
    const cache = new LruByteCache(3 * (100 + O));
    const r = cache.region('r', bytesOf);
    r.set('1', new Uint8Array(100));
    r.set('2', new Uint8Array(100));
    r.set('3', new Uint8Array(100));

    r.get('1'); // 1 becomes the most recent; 2 is now the least recent
    r.set('4', new Uint8Array(100));

    expect(r.get('2')).toBeUndefined();
    expect(r.get('1')).toBeDefined();
    expect(r.get('3')).toBeDefined();
    expect(r.get('4')).toBeDefined();
    expect(cache.stats().total).toMatchObject({ evictions: 1, entries: 3, bytes: 3 * (100 + O) });
  });

  it('evicts as many entries as a large one needs and charges the eviction to the evicted region', () => {
    const cache = new LruByteCache(3 * (100 + O));
    const small = cache.region('small', bytesOf);
    const large = cache.region('large', bytesOf);
    small.set('1', new Uint8Array(100));
    small.set('2', new Uint8Array(100));
    small.set('3', new Uint8Array(100));

    large.set('big', new Uint8Array(2 * 100 + O));

    const stats = cache.stats();
    expect(stats.regions.small).toMatchObject({ evictions: 2, entries: 1 });
    expect(stats.regions.large).toMatchObject({ evictions: 0, entries: 1 });
    expect(stats.total.bytes).toBe(3 * (100 + O));
  });

  it('replacing a key updates its size instead of adding a second entry', () => {
    const cache = new LruByteCache(10_000);
    const r = cache.region('r', bytesOf);

    r.set('k', new Uint8Array(100));
    r.set('k', new Uint8Array(300));

    expect(cache.stats().regions.r).toMatchObject({ entries: 1, bytes: 300 + O });
  });

  it('does not store an entry larger than the whole budget, and keeps the others', () => {
    const cache = new LruByteCache(1000);
    const r = cache.region('r', bytesOf);
    r.set('small', new Uint8Array(10));

    r.set('huge', new Uint8Array(5000));

    expect(r.get('huge')).toBeUndefined();
    expect(r.get('small')).toBeDefined();
  });

  it('with a budget of 0 stores nothing and every lookup misses', () => {
    const cache = new LruByteCache(0);
    const r = cache.region('r', bytesOf);

    r.set('k', new Uint8Array(1));

    expect(cache.enabled).toBe(false);
    expect(r.get('k')).toBeUndefined();
    expect(cache.stats().regions.r).toEqual({ hits: 0, misses: 1, evictions: 0, entries: 0, bytes: 0 });
  });

  it('gives the same counters to the same region name asked for twice', () => {
    const cache = new LruByteCache(10_000);
    cache.region('r', bytesOf).set('k', new Uint8Array(1));

    const again = cache.region('r', bytesOf).get('k');

    expect(again).toBeDefined();
    expect(cache.stats().regions.r?.hits).toBe(1);
  });

  it('clear drops the entries and their bytes but keeps the hit and miss counts', () => {
    const cache = new LruByteCache(10_000);
    const r = cache.region('r', bytesOf);
    r.set('k', new Uint8Array(10));
    r.get('k');

    cache.clear();

    expect(r.get('k')).toBeUndefined();
    expect(cache.stats().regions.r).toEqual({ hits: 1, misses: 1, evictions: 0, entries: 0, bytes: 0 });
  });

  it('rejects a negative budget', () => {
    expect(() => new LruByteCache(-1)).toThrow(RangeError);
  });
});

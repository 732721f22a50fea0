/**
 * A bounded least-recently-used cache with a byte budget, shared by named regions (the ECG tensor, the ECG
 * measurements, a decoded chest image, …). One budget for the whole process: a region that is used a lot takes the
 * room a quiet one leaves, and eviction is by least-recent use across all regions. Each region counts its own hits,
 * misses, evictions, entries and bytes, so that /metrics and the bench can say which cache pays.
 *
 * Values are kept by reference: a region's users must not mutate what they put in or get out (copy first).
 */

/** Counters of one region (or of the whole cache). */
export interface LruByteCacheStats {
  hits: number;
  misses: number;
  /** Entries dropped to stay within the budget. */
  evictions: number;
  entries: number;
  /** Sum of the entries' reported sizes. */
  bytes: number;
}

/** A typed view of the cache under one name; keys of different regions never collide. */
export interface CacheRegion<V> {
  readonly name: string;
  /** The value under `key`, made the most recently used; counts a hit or a miss. */
  get(key: string): V | undefined;
  /** Stores `value` (replacing any under `key`) and evicts least-recently-used entries until within budget. */
  set(key: string, value: V): void;
}

interface Entry {
  region: RegionState;
  value: unknown;
  size: number;
}

interface RegionState {
  name: string;
  stats: LruByteCacheStats;
}

/** Fixed per-entry overhead added to every reported size (the Map entry, the key string, the wrapper object). */
export const LRU_ENTRY_OVERHEAD_BYTES = 128;

/**
 * The cache. A budget of 0 disables it: nothing is stored and every lookup is a miss.
 */
export class LruByteCache {
  /** Insertion order of a Map is the recency order: a hit deletes and re-inserts its entry at the end. */
  private readonly entries = new Map<string, Entry>();
  private readonly regions = new Map<string, RegionState>();
  private bytes = 0;

  /**
   * @param budgetBytes - most bytes kept (sum of the entries' sizes plus {@link LRU_ENTRY_OVERHEAD_BYTES} each); 0
   *   disables the cache
   * @throws RangeError when the budget is negative or not finite
   */
  constructor(readonly budgetBytes: number) {
    if (!(budgetBytes >= 0) || !Number.isFinite(budgetBytes)) {
      throw new RangeError(`LruByteCache: budget must be a finite number of bytes ≥ 0, got ${budgetBytes}`);
    }
  }

  /** Whether anything can be stored (budget above 0). */
  get enabled(): boolean {
    return this.budgetBytes > 0;
  }

  /**
   * The region called `name`; the same name gives the same region (and counters) every time.
   *
   * @param name - region name, e.g. `ecg-tensor` (also the metrics label)
   * @param sizeOf - bytes one value holds (typed arrays' byteLength plus an estimate for the rest)
   */
  region<V>(name: string, sizeOf: (value: V) => number): CacheRegion<V> {
    const state = this.regionState(name);
    const prefix = `${name}\u0000`;
    return {
      name,
      get: (key) => this.get(state, prefix + key) as V | undefined,
      set: (key, value) => this.set(state, prefix + key, value, sizeOf(value)),
    };
  }

  /** Counters per region, by name, and over all regions. */
  stats(): { total: LruByteCacheStats; regions: Record<string, LruByteCacheStats> } {
    const total: LruByteCacheStats = { hits: 0, misses: 0, evictions: 0, entries: 0, bytes: 0 };
    const regions: Record<string, LruByteCacheStats> = {};
    for (const [name, { stats }] of this.regions) {
      regions[name] = { ...stats };
      total.hits += stats.hits;
      total.misses += stats.misses;
      total.evictions += stats.evictions;
      total.entries += stats.entries;
      total.bytes += stats.bytes;
    }
    return { total, regions };
  }

  /** Drops every entry (counters of hits, misses and evictions stay). */
  clear(): void {
    for (const entry of this.entries.values()) {
      entry.region.stats.entries = 0;
      entry.region.stats.bytes = 0;
    }
    this.entries.clear();
    this.bytes = 0;
  }

  private regionState(name: string): RegionState {
    let state = this.regions.get(name);
    if (!state) {
      state = { name, stats: { hits: 0, misses: 0, evictions: 0, entries: 0, bytes: 0 } };
      this.regions.set(name, state);
    }
    return state;
  }

  private get(region: RegionState, key: string): unknown {
    const entry = this.entries.get(key);
    if (!entry) {
      region.stats.misses++;
      return undefined;
    }
    region.stats.hits++;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  private set(region: RegionState, key: string, value: unknown, valueBytes: number): void {
    const size = Math.max(0, Math.ceil(valueBytes)) + LRU_ENTRY_OVERHEAD_BYTES;
    this.remove(key);
    // An entry that alone exceeds the budget would evict everything and then itself: keep nothing instead.
    if (size > this.budgetBytes) return;
    this.entries.set(key, { region, value, size });
    region.stats.entries++;
    region.stats.bytes += size;
    this.bytes += size;
    for (const [oldKey, oldest] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.remove(oldKey);
      oldest.region.stats.evictions++;
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    entry.region.stats.entries--;
    entry.region.stats.bytes -= entry.size;
    this.bytes -= entry.size;
  }
}

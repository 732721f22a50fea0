/**
 * The `jti` replay cache: a JWT id seen once is refused until the token expires (CDS Hooks best practices: "store
 * the jti for the maximum lifetime of the JWT"). The port lets a shared store (Redis, SQLite) replace the in-memory
 * one when the service runs as several processes.
 */

/** Remembers token ids until they expire. */
export interface ReplayCache {
  /**
   * Records `key` until `expiresAtMs` (ms since the epoch).
   *
   * @returns true when the key was new (or its earlier record had expired); false when it is a replay.
   */
  markUsed(key: string, expiresAtMs: number): boolean | Promise<boolean>;
}

/** Options of {@link InMemoryReplayCache}. */
export interface InMemoryReplayCacheOptions {
  /** Size bound; the oldest entries are dropped beyond it. Default 100,000 (~10 MB). */
  maxEntries?: number;
  /** ms since the epoch; defaults to Date.now. */
  clock?: () => number;
}

/**
 * A process-local {@link ReplayCache}: a Map used as an LRU in insertion order. Tokens live at most an hour, so
 * insertion order is close to expiry order and sweeping expired entries from the head keeps the map small. When
 * more than `maxEntries` unexpired ids arrive within their lifetime the oldest are forgotten, which re-opens a replay
 * window only for those; size the bound above the rate limit times the token lifetime.
 */
export class InMemoryReplayCache implements ReplayCache {
  private readonly entries = new Map<string, number>();
  private readonly maxEntries: number;
  private readonly clock: () => number;

  constructor(options: InMemoryReplayCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 100_000;
    this.clock = options.clock ?? Date.now;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) {
      throw new RangeError(`InMemoryReplayCache maxEntries must be a positive integer, got ${this.maxEntries}`);
    }
  }

  /** Number of ids currently remembered (expired ones may linger until swept). */
  get size(): number {
    return this.entries.size;
  }

  markUsed(key: string, expiresAtMs: number): boolean {
    const now = this.clock();
    this.sweepExpired(now);
    const existing = this.entries.get(key);
    if (existing !== undefined && existing > now) return false;
    this.entries.delete(key);
    this.entries.set(key, expiresAtMs);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    return true;
  }

  /** Drops expired entries at the head; bounded work per call keeps markUsed O(1) amortised. */
  private sweepExpired(now: number): void {
    for (let swept = 0; swept < 16; swept++) {
      const head = this.entries.entries().next();
      if (head.done || head.value[1] > now) return;
      this.entries.delete(head.value[0]);
    }
  }
}

import { InMemoryReplayCache } from './replay-cache';

describe('InMemoryReplayCache', () => {
  it('accepts a key once and refuses it until it expires', () => {
    let now = 1_000_000;
    const cache = new InMemoryReplayCache({ clock: () => now });

    const first = cache.markUsed('iss\njti-1', now + 60_000);
    const again = cache.markUsed('iss\njti-1', now + 60_000);
    now += 60_001;
    const afterExpiry = cache.markUsed('iss\njti-1', now + 60_000);

    expect([first, again, afterExpiry]).toEqual([true, false, true]);
  });

  it('keeps keys of different issuers apart', () => {
    const cache = new InMemoryReplayCache({ clock: () => 0 });

    expect([cache.markUsed('a\nj', 10_000), cache.markUsed('b\nj', 10_000)]).toEqual([true, true]);
  });

  it('stays within its size bound by dropping the oldest entries', () => {
    const cache = new InMemoryReplayCache({ maxEntries: 3, clock: () => 0 });

    for (const key of ['k1', 'k2', 'k3', 'k4']) cache.markUsed(key, 10_000);

    expect(cache.size).toBe(3);
    // k1 was dropped, so it reads as new; k4 is remembered.
    expect([cache.markUsed('k4', 10_000), cache.markUsed('k1', 10_000)]).toEqual([false, true]);
  });

  it('sweeps expired entries as new ones arrive', () => {
    let now = 0;
    const cache = new InMemoryReplayCache({ clock: () => now });
    for (let i = 0; i < 10; i++) cache.markUsed(`old-${i}`, 1_000);

    now = 2_000;
    cache.markUsed('new', 5_000);

    expect(cache.size).toBe(1);
  });
});

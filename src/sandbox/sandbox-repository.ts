/**
 * MemoryRepository with atomic transactions and indexed search.
 *
 * Transactions: Medplum 4.5.2's MemoryRepository runs `withTransaction` callbacks without isolation or rollback, so
 * a transaction Bundle that fails at entry 300 would leave 299 resources behind; R4 requires all-or-nothing
 * (https://hl7.org/fhir/R4/http.html#trules). Here a transaction takes a lock (transactions run one at a time),
 * journals the prior state of every resource it writes, and restores it if the callback throws. Reads and single
 * writes from other requests are not blocked; a request that writes the same resource while a transaction on it is
 * failing can be overwritten by the rollback, which is acceptable for a development sandbox.
 *
 * Search: MemoryRepository scans every resource of the type with Medplum's FHIRPath matcher and deep-copies each
 * match. Here a SearchIndex narrows the scan to the resources that can match (same matcher, same results, same
 * order), and `searchStored` hands the stored resources to the sandbox's own search without copying them: they are
 * frozen when stored, so a caller cannot change the store through them.
 */
import { deepClone, matchesSearchRequest } from '@medplum/core';
import type { SearchRequest, WithId } from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { AppError } from '../shared/errors';
import { SearchIndex } from './search-index';

interface JournalEntry {
  resourceType: string;
  id: string;
  /** The resource before the transaction first touched it; undefined when it did not exist. */
  before: Resource | undefined;
}

/** Current versions, resourceType → id → resource, as MemoryRepository keeps them. */
type Store = Map<string, Map<string, Resource>>;

export class SandboxRepository extends MemoryRepository {
  /** Keyed `Type/id`, in the order first touched; set only while a transaction runs. */
  private journal: Map<string, JournalEntry> | undefined;
  private lock: Promise<unknown> = Promise.resolve();
  private readonly store: Store;
  private readonly index: SearchIndex;

  constructor() {
    super();
    this.store = storeOf(this);
    this.index = new SearchIndex((resourceType) => this.store.get(resourceType)?.values() ?? []);
  }

  override async createResource<T extends Resource>(resource: T): Promise<WithId<T>> {
    if (this.journal && resource.id) {
      this.remember(resource.resourceType, resource.id);
    }
    const created = await this.storeVersion(resource);
    const key = `${created.resourceType}/${created.id}`;
    if (this.journal && !this.journal.has(key)) {
      this.journal.set(key, { resourceType: created.resourceType, id: created.id, before: undefined });
    }
    return created;
  }

  override async deleteResource(resourceType: string, id: string): Promise<void> {
    if (this.journal) {
      this.remember(resourceType, id);
    }
    await this.removeStored(resourceType, id);
  }

  override clear(): void {
    super.clear();
    this.index.clear();
  }

  /**
   * MemoryRepository's search (same matches, order, `total`, offset and count, deep copies) over the index's
   * candidates; with sort rules it is MemoryRepository's own.
   */
  override async search<T extends Resource>(searchRequest: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    if (searchRequest.sortRules && searchRequest.sortRules.length > 0) {
      return super.search(searchRequest);
    }
    const matches = this.searchStored(searchRequest) as WithId<T>[];
    const start = searchRequest.offset ?? 0;
    const end = searchRequest.count === undefined ? undefined : start + searchRequest.count;
    const entry = matches.slice(start, end).map((resource) => ({ resource: deepClone(resource) }));
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      ...(entry.length > 0 ? { entry } : {}),
      total: matches.length,
    };
  }

  /**
   * The stored resources that match the request's filters, in the repository's order; sort rules, offset and
   * count are not applied. The resources are the store's own, frozen: copy one before changing it.
   */
  searchStored(searchRequest: SearchRequest): readonly Resource[] {
    const resources = this.store.get(searchRequest.resourceType);
    if (!resources) {
      return [];
    }
    const candidates = this.index.candidates(searchRequest);
    const matches: Resource[] = [];
    if (candidates) {
      // The filters the index decided exactly are not evaluated again (each evaluation parses its FHIRPath).
      const rest = { ...searchRequest, filters: searchRequest.filters?.filter((f) => !candidates.decided.has(f)) };
      for (const id of candidates.ids) {
        const resource = resources.get(id);
        if (resource && matchesSearchRequest(resource, rest)) {
          matches.push(resource);
        }
      }
    } else {
      for (const resource of resources.values()) {
        if (matchesSearchRequest(resource, searchRequest)) {
          matches.push(resource);
        }
      }
    }
    return matches;
  }

  /** The stored (frozen) current version of a resource, or undefined; copy it before changing it. */
  readStored(resourceType: string, id: string): Resource | undefined {
    return this.store.get(resourceType)?.get(id);
  }

  override withTransaction<TResult>(callback: (client: undefined) => Promise<TResult>): Promise<TResult> {
    const run = this.lock.then(() => this.runJournaled(callback));
    // The next transaction waits for this one whether it succeeds or fails; the caller still sees the failure.
    this.lock = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Every write of a version goes through here (updates and patches reach it through createResource). */
  private async storeVersion<T extends Resource>(resource: T): Promise<WithId<T>> {
    const created = await super.createResource(resource);
    const stored = this.store.get(created.resourceType)?.get(created.id);
    if (stored) {
      deepFreeze(stored);
      this.index.put(created.resourceType, created.id, stored);
    }
    return created;
  }

  private async removeStored(resourceType: string, id: string): Promise<void> {
    await super.deleteResource(resourceType, id);
    this.index.remove(resourceType, id);
  }

  private async runJournaled<TResult>(callback: (client: undefined) => Promise<TResult>): Promise<TResult> {
    this.journal = new Map();
    try {
      const result = await callback(undefined);
      this.journal = undefined;
      return result;
    } catch (err) {
      const journal = this.journal;
      this.journal = undefined;
      await this.rollback(journal);
      throw err;
    }
  }

  private remember(resourceType: string, id: string): void {
    const journal = this.journal;
    const key = `${resourceType}/${id}`;
    if (!journal || journal.has(key)) {
      return;
    }
    // The stored version is frozen and replaced, never changed, on a later write: keeping it is keeping a snapshot.
    journal.set(key, { resourceType, id, before: this.readStored(resourceType, id) });
  }

  private async rollback(journal: Map<string, JournalEntry> | undefined): Promise<void> {
    for (const entry of [...(journal?.values() ?? [])].reverse()) {
      if (entry.before) {
        // createResource keeps the stored meta.versionId/lastUpdated, so the prior version comes back as it was.
        await this.storeVersion(entry.before);
      } else if (this.readStored(entry.resourceType, entry.id)) {
        await this.removeStored(entry.resourceType, entry.id);
      }
    }
  }
}

/**
 * MemoryRepository 4.5.2 keeps the current versions in its private `resources` map. The index and `searchStored`
 * read that map rather than a second copy of every resource (ECG waveforms and DICOM Binaries run to megabytes);
 * an upgrade that changes the field fails here, at construction, rather than with wrong search results.
 */
function storeOf(repo: MemoryRepository): Store {
  const store: unknown = (repo as unknown as { resources?: unknown }).resources;
  if (!(store instanceof Map)) {
    throw new AppError(
      'sandbox-store',
      'MemoryRepository has no `resources` map (changed @medplum/fhir-router?): SandboxRepository cannot index it',
    );
  }
  return store as Store;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) {
    return;
  }
  Object.freeze(value);
  for (const item of Object.values(value)) {
    deepFreeze(item);
  }
}

/**
 * MemoryRepository with atomic transactions. Medplum 4.5.2's MemoryRepository runs `withTransaction` callbacks
 * without isolation or rollback, so a transaction Bundle that fails at entry 300 would leave 299 resources behind;
 * R4 requires all-or-nothing (https://hl7.org/fhir/R4/http.html#trules).
 *
 * Here a transaction takes a lock (transactions run one at a time), journals the prior state of every resource it
 * writes, and restores it if the callback throws. Reads and single writes from other requests are not blocked; a
 * request that writes the same resource while a transaction on it is failing can be overwritten by the rollback,
 * which is acceptable for a development sandbox.
 */
import { isNotFound, OperationOutcomeError } from '@medplum/core';
import type { WithId } from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Resource } from '@medplum/fhirtypes';

interface JournalEntry {
  resourceType: string;
  id: string;
  /** The resource before the transaction first touched it; undefined when it did not exist. */
  before: Resource | undefined;
}

export class SandboxRepository extends MemoryRepository {
  /** Keyed `Type/id`, in the order first touched; set only while a transaction runs. */
  private journal: Map<string, JournalEntry> | undefined;
  private lock: Promise<unknown> = Promise.resolve();

  override async createResource<T extends Resource>(resource: T): Promise<WithId<T>> {
    if (this.journal && resource.id) {
      await this.remember(resource.resourceType, resource.id);
    }
    const created = await super.createResource(resource);
    const key = `${created.resourceType}/${created.id}`;
    if (this.journal && !this.journal.has(key)) {
      this.journal.set(key, { resourceType: created.resourceType, id: created.id, before: undefined });
    }
    return created;
  }

  override async deleteResource(resourceType: string, id: string): Promise<void> {
    if (this.journal) {
      await this.remember(resourceType, id);
    }
    await super.deleteResource(resourceType, id);
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

  private async remember(resourceType: string, id: string): Promise<void> {
    const journal = this.journal;
    const key = `${resourceType}/${id}`;
    if (!journal || journal.has(key)) {
      return;
    }
    journal.set(key, { resourceType, id, before: await this.readOrUndefined(resourceType, id) });
  }

  private async rollback(journal: Map<string, JournalEntry> | undefined): Promise<void> {
    for (const entry of [...(journal?.values() ?? [])].reverse()) {
      if (entry.before) {
        // createResource keeps the stored meta.versionId/lastUpdated, so the prior version comes back as it was.
        await super.createResource(entry.before);
      } else if (await this.readOrUndefined(entry.resourceType, entry.id)) {
        await super.deleteResource(entry.resourceType, entry.id);
      }
    }
  }

  private async readOrUndefined(resourceType: string, id: string): Promise<Resource | undefined> {
    try {
      return await this.readResource(resourceType, id);
    } catch (err) {
      if (err instanceof OperationOutcomeError && isNotFound(err.outcome)) {
        return undefined;
      }
      throw err;
    }
  }
}

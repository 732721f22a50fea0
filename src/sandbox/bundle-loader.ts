/**
 * Loads FHIR Bundle files into the sandbox repository at start: transaction, batch and collection Bundles (Synthea
 * writes transactions of POSTs linked by `urn:uuid:` fullUrls).
 *
 * Unlike a POST through the API, loading keeps the ids the files give (`resource.id`, else the uuid of a
 * `urn:uuid:` fullUrl, else the id in a PUT url), so that patient ids stay the same from one start to the next;
 * `urn:uuid:` references are rewritten to `Type/id`. A file that cannot be read is reported by name and loads
 * nothing; the other files still load.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { generateId, isResourceType } from '@medplum/core';
import type { MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { AppError } from '../shared/errors';
import type { Logger } from '../shared/logger';

const LOADABLE_TYPES = new Set(['transaction', 'batch', 'collection']);

export interface LoadedFile {
  file: string;
  resources: number;
  ms: number;
}

export interface LoadReport {
  files: LoadedFile[];
  /** Files that failed, with the reason (no resource content). */
  failures: { file: string; reason: string }[];
  /** Resources loaded per resource type, over all files. */
  counts: Record<string, number>;
  total: number;
  ms: number;
}

/** A Bundle file is not a loadable Bundle: names the file and what is wrong. */
export class BundleLoadError extends AppError {
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('bundle-load', `${file}: ${reason}`, options);
  }
}

/**
 * Loads every `*.json` file in a folder (sorted by name) as a FHIR Bundle.
 * @param repo - The repository to load into.
 * @param dir - The folder.
 * @param logger - Receives one line per file and a summary (counts and timings only).
 */
export async function loadBundlesFromDir(repo: MemoryRepository, dir: string, logger: Logger): Promise<LoadReport> {
  const start = performance.now();
  const names = (await readdir(dir)).filter((name) => name.toLowerCase().endsWith('.json')).sort();
  const report: LoadReport = { files: [], failures: [], counts: {}, total: 0, ms: 0 };
  for (const name of names) {
    const fileStart = performance.now();
    try {
      const bundle = parseBundle(name, await readFile(path.join(dir, name), 'utf8'));
      const resources = await loadBundle(repo, bundle, name);
      for (const resource of resources) {
        report.counts[resource.resourceType] = (report.counts[resource.resourceType] ?? 0) + 1;
      }
      const loaded = { file: name, resources: resources.length, ms: Math.round(performance.now() - fileStart) };
      report.files.push(loaded);
      report.total += resources.length;
      // Debug only: bundle file names often carry patient names (Synthea writes First_Last_uuid.json).
      logger.debug({ fileIndex: report.files.length - 1, resources: loaded.resources, ms: loaded.ms }, 'loaded bundle');
    } catch (err) {
      const reason = err instanceof BundleLoadError ? err.reason : err instanceof Error ? err.message : String(err);
      report.failures.push({ file: name, reason });
      logger.error({ file: name, reason }, 'bundle not loaded');
    }
  }
  report.ms = Math.round(performance.now() - start);
  logger.info(
    { dir, files: report.files.length, failures: report.failures.length, total: report.total, ms: report.ms },
    'bundles loaded',
  );
  return report;
}

/** Parses and checks a Bundle file's text; throws BundleLoadError naming the file. */
export function parseBundle(file: string, text: string): Bundle {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new BundleLoadError(file, `not valid JSON (${err instanceof Error ? err.message : String(err)})`, {
      cause: err,
    });
  }
  if (typeof json !== 'object' || json === null || (json as { resourceType?: unknown }).resourceType !== 'Bundle') {
    throw new BundleLoadError(file, 'resourceType is not "Bundle"');
  }
  const bundle = json as Bundle;
  if (!bundle.type || !LOADABLE_TYPES.has(bundle.type)) {
    throw new BundleLoadError(file, `Bundle.type "${String(bundle.type)}" is not transaction, batch or collection`);
  }
  bundle.entry?.forEach((entry, i) => {
    const type = entry.resource?.resourceType;
    if (entry.resource && (typeof type !== 'string' || !isResourceType(type))) {
      throw new BundleLoadError(file, `Bundle.entry[${i}].resource.resourceType "${String(type)}" is not an R4 type`);
    }
  });
  return bundle;
}

/**
 * Writes a checked Bundle's resources, keeping their ids and resolving `urn:uuid:` references. Entries without a
 * resource (DELETE, GET) are skipped. Runs inside `withTransaction`, so with a SandboxRepository a failure leaves
 * nothing behind.
 * @returns The stored resources.
 */
export async function loadBundle(repo: MemoryRepository, bundle: Bundle, file: string): Promise<Resource[]> {
  const planned = (bundle.entry ?? []).flatMap((entry) => {
    if (!entry.resource) {
      return [];
    }
    const id = entry.resource.id ?? idFromUrl(entry.request?.url) ?? uuidOf(entry.fullUrl) ?? generateId();
    return [{ fullUrl: entry.fullUrl, resource: { ...entry.resource, id } }];
  });
  const targets = new Map<string, string>();
  for (const { fullUrl, resource } of planned) {
    if (fullUrl) {
      targets.set(fullUrl, `${resource.resourceType}/${resource.id}`);
    }
  }
  return repo.withTransaction(async () => {
    const stored: Resource[] = [];
    for (const [i, { resource }] of planned.entries()) {
      try {
        stored.push(await repo.createResource(rewriteReferences(resource, targets)));
      } catch (err) {
        throw new BundleLoadError(file, `Bundle entry ${i} (${resource.resourceType}) could not be stored`, {
          cause: err,
        });
      }
    }
    return stored;
  });
}

/** The id in a PUT url `Type/id` (not a conditional `Type?…`). */
function idFromUrl(url: string | undefined): string | undefined {
  const match = /^[A-Za-z]+\/([A-Za-z0-9\-.]{1,64})$/.exec(url ?? '');
  return match?.[1];
}

function uuidOf(fullUrl: string | undefined): string | undefined {
  return fullUrl?.startsWith('urn:uuid:') ? fullUrl.slice('urn:uuid:'.length) : undefined;
}

/** Copies the resource with every `reference` (and Attachment `url`) naming a Bundle fullUrl replaced by `Type/id`. */
function rewriteReferences<T>(value: T, targets: Map<string, string>): T {
  if (Array.isArray(value)) {
    return value.map((item: unknown) => rewriteReferences(item, targets)) as T;
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const target = (key === 'reference' || key === 'url') && typeof item === 'string' ? targets.get(item) : undefined;
    copy[key] = target ?? rewriteReferences(item, targets);
  }
  return copy as T;
}

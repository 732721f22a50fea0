import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { DISEASE_IDS, getDisease, LABS, MODEL_LEAD_ORDER, type Modality } from '../../shared';
import { fileSha256 } from './file-sha256';
import { modelManifestSchema, type ModelManifest } from './manifest-schema';
import { ModelPackageError } from './model-package-error';

export const MANIFEST_FILE = 'manifest.json';

/** A validated model package: its manifest and the absolute paths of the files it names. */
export interface ModelPackage {
  /** Absolute path of the package folder. */
  dir: string;
  manifest: ModelManifest;
  paths: {
    perception: string;
    ecdf: string;
    modelCard: string;
    encoders: Partial<Record<Modality, string>>;
    fusion?: string;
    decoder?: string;
  };
}

/**
 * Reads and validates a model package folder: the manifest's schema; that the lead order, diseases (ids, order and
 * the paper's answer strings) and labs (LABS order, itemid, LOINC, unit) match the catalogues; that every file the
 * manifest names has a checksum, exists and matches it. Graphs are not opened here (the runtime checks their inputs
 * and outputs when it creates a session).
 *
 * @param dir - the package folder
 * @throws ModelPackageError naming the file and the field at fault
 */
export async function loadModelPackage(dir: string): Promise<ModelPackage> {
  const root = resolve(dir);
  const manifest = await readManifest(root);
  checkAgainstCatalogues(root, manifest);
  await checkFiles(root, manifest);
  const { graphs } = manifest;
  const at = (file: string) => join(root, file);
  return {
    dir: root,
    manifest,
    paths: {
      perception: at(graphs.perception),
      ecdf: at(manifest.inputs.labs.ecdf),
      modelCard: at(manifest.modelCard),
      encoders: Object.fromEntries(
        Object.entries(graphs.encoders ?? {}).flatMap(([modality, file]) => (file ? [[modality, at(file)]] : [])),
      ),
      ...(graphs.fusion ? { fusion: at(graphs.fusion) } : {}),
      ...(graphs.decoder ? { decoder: at(graphs.decoder) } : {}),
    },
  };
}

async function readManifest(root: string): Promise<ModelManifest> {
  let text: string;
  try {
    text = await readFile(join(root, MANIFEST_FILE), 'utf8');
  } catch (error) {
    throw new ModelPackageError(root, MANIFEST_FILE, '(file)', 'cannot be read', { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelPackageError(root, MANIFEST_FILE, '(json)', `is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const parsed = modelManifestSchema.safeParse(json);
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues;
    const more = rest.length > 0 ? ` (and ${rest.length} more: ${rest.map((i) => fieldOf(i.path)).join(', ')})` : '';
    throw new ModelPackageError(
      root,
      MANIFEST_FILE,
      fieldOf(first?.path ?? []),
      `${first?.message ?? 'invalid'}${more}`,
    );
  }
  return parsed.data;
}

/** `inputs.ecg.leads[4]`, `files["perception.onnx"]`. */
function fieldOf(path: z.core.$ZodIssue['path']): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || '(root)';
}

function checkAgainstCatalogues(root: string, manifest: ModelManifest): void {
  const fail = (field: string, reason: string) => new ModelPackageError(root, MANIFEST_FILE, field, reason);
  manifest.inputs.ecg.leads.forEach((lead, i) => {
    const expected = MODEL_LEAD_ORDER[i];
    if (lead !== expected) {
      throw fail(
        `inputs.ecg.leads[${i}]`,
        `expected "${expected}" (model lead order ${MODEL_LEAD_ORDER.join(', ')}), found "${lead}"`,
      );
    }
  });
  manifest.diseases.forEach((disease, i) => {
    const expected = DISEASE_IDS[i];
    if (disease.id !== expected) {
      throw fail(`diseases[${i}].id`, `expected "${expected}" (DISEASE_IDS order), found "${disease.id}"`);
    }
    const answer = getDisease(disease.id).answer;
    if (disease.display !== answer) {
      throw fail(
        `diseases[${i}].display`,
        `expected the paper's answer string "${answer}", found "${disease.display}"`,
      );
    }
  });
  manifest.inputs.labs.labs.forEach((lab, i) => {
    const expected = LABS[i];
    if (!expected) return;
    for (const key of ['id', 'itemid', 'loinc', 'unit'] as const) {
      if (lab[key] !== expected[key]) {
        throw fail(
          `inputs.labs.labs[${i}].${key}`,
          `expected ${JSON.stringify(expected[key])} (lab catalogue, LABS order), found ${JSON.stringify(lab[key])}`,
        );
      }
    }
  });
}

/** Every file the manifest names, with the manifest field that names it. */
function namedFiles(manifest: ModelManifest): Array<{ file: string; field: string }> {
  const { graphs } = manifest;
  const named = [
    { file: graphs.perception, field: 'graphs.perception' },
    { file: manifest.inputs.labs.ecdf, field: 'inputs.labs.ecdf' },
    { file: manifest.modelCard, field: 'modelCard' },
  ];
  for (const [modality, file] of Object.entries(graphs.encoders ?? {})) {
    if (file) named.push({ file, field: `graphs.encoders.${modality}` });
  }
  if (graphs.fusion) named.push({ file: graphs.fusion, field: 'graphs.fusion' });
  if (graphs.decoder) named.push({ file: graphs.decoder, field: 'graphs.decoder' });
  return named;
}

async function checkFiles(root: string, manifest: ModelManifest): Promise<void> {
  for (const { file, field } of namedFiles(manifest)) {
    if (!(file in manifest.files)) {
      throw new ModelPackageError(
        root,
        MANIFEST_FILE,
        `files[${JSON.stringify(file)}]`,
        `no SHA-256 for ${file}, named by ${field}`,
      );
    }
  }
  for (const [file, expected] of Object.entries(manifest.files)) {
    const path = join(root, file);
    const field = `${MANIFEST_FILE} files[${JSON.stringify(file)}]`;
    const info = await stat(path).catch((error: unknown) => {
      throw new ModelPackageError(root, file, field, 'file not found in the package', { cause: error });
    });
    if (!info.isFile()) throw new ModelPackageError(root, file, field, 'is not a regular file');
    const actual = await fileSha256(path);
    if (actual !== expected) {
      throw new ModelPackageError(root, file, field, `SHA-256 mismatch: manifest has ${expected}, file has ${actual}`);
    }
  }
}

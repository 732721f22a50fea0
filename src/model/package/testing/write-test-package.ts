/**
 * Writes a complete, valid model package around the tiny perception graph into a folder, for tests of the loader and
 * the runtime. Checksums are computed with node:crypto over the written bytes, independently of the loader.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DISEASES, LABS, MODEL_LEAD_ORDER } from '../../../shared';
import type { ModelManifest } from '../manifest-schema';
import { buildTinyPerceptionGraph, type TinyPerceptionGraphOptions } from './tiny-perception-graph';

export interface TestPackageOptions {
  graph?: TinyPerceptionGraphOptions;
  /** Changes the manifest after checksums are filled in (to corrupt it on purpose). */
  editManifest?: (manifest: ModelManifest) => void;
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** A manifest for the tiny graph; `files` is filled in by {@link writeTestPackage}. */
export function testManifest(): ModelManifest {
  return {
    name: 'tiny-test-perception',
    version: '0.0.1',
    createdAt: '2025-01-01T00:00:00Z',
    intendedUse: 'Runtime tests only; random weights, no clinical meaning.',
    trainingData: { source: 'none (random weights)', size: 0, splits: { train: 0, validation: 0, test: 0 } },
    metrics: { validation: { macro: {}, perDisease: {} }, test: { macro: {}, perDisease: {} } },
    // Temperatures ≠ 1 so that calibration is visible in results.
    diseases: DISEASES.map((d, i) => ({
      id: d.id,
      display: d.answer,
      threshold: 0.3 + 0.05 * i,
      temperature: 0.5 + 0.25 * i,
    })),
    inputs: {
      ecg: { leads: [...MODEL_LEAD_ORDER], sampleRateHz: 100, samples: 1000, unit: 'mV' },
      cxr: {
        resizeShortSide: 400,
        crop: 224,
        channels: 3,
        mean: [0.485, 0.456, 0.406],
        std: [0.229, 0.224, 0.225],
      },
      labs: {
        labs: LABS.map((l) => ({ id: l.id, itemid: l.itemid, loinc: l.loinc, unit: l.unit })),
        ecdf: 'lab-ecdf.json',
        presenceFlag: 'present=1',
      },
    },
    graphs: { perception: 'perception.onnx' },
    modelCard: 'MODEL_CARD.md',
    files: {},
  };
}

/**
 * Writes `manifest.json`, `perception.onnx`, `lab-ecdf.json` and `MODEL_CARD.md` into `dir`.
 *
 * @param dir - target folder (created)
 * @param options - graph options and a manifest edit
 * @returns `dir`
 */
export async function writeTestPackage(dir: string, options: TestPackageOptions = {}): Promise<string> {
  await mkdir(dir, { recursive: true });
  const graph = buildTinyPerceptionGraph(options.graph);
  // Percentiles 0, 0.25, 0.5, 0.75, 1 of each lab on a made-up scale: enough for a loader that only checks files.
  const ecdf = JSON.stringify({ labs: Object.fromEntries(LABS.map((l) => [l.id, [0, 1, 2, 3, 4]])) });
  const card = '# tiny-test-perception\n\nRandom weights for runtime tests. Not for any clinical use.\n';
  const manifest = testManifest();
  manifest.files = {
    'perception.onnx': sha256(graph),
    'lab-ecdf.json': sha256(ecdf),
    'MODEL_CARD.md': sha256(card),
  };
  options.editManifest?.(manifest);
  await writeFile(join(dir, 'perception.onnx'), graph);
  await writeFile(join(dir, 'lab-ecdf.json'), ecdf);
  await writeFile(join(dir, 'MODEL_CARD.md'), card);
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

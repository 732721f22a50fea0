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
  /** Content of the lab ECDF file instead of {@link testLabEcdfJson} (checksummed like any other). */
  ecdf?: unknown;
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
 * A lab ECDF file in the `medtvt-lab-ecdf` v1 layout (src/model/preprocess/lab-ecdf-json.ts), written by hand: five
 * training values per lab, evenly over its typical range (1–5 where it has none), one per knot, so the ECDF is
 * 0.2, 0.4, … 1.0 at the knots and the mean training percentile is (0.2 + … + 1.0) / 5 = 0.6.
 */
export function testLabEcdfJson(): unknown {
  return {
    format: 'medtvt-lab-ecdf',
    version: 1,
    maxError: 0,
    labs: LABS.map((lab, index) => {
      const low = lab.typicalRange?.low ?? 1;
      const high = lab.typicalRange?.high ?? 5;
      const knots = [0, 1, 2, 3, 4].map((k) => low + ((high - low) * k) / 4);
      return {
        index,
        id: lab.id,
        itemid: lab.itemid,
        loinc: lab.loinc,
        unit: lab.unit,
        n: 5,
        meanPercentile: 0.6,
        knots,
        counts: [1, 1, 1, 1, 1],
      };
    }),
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
  const ecdf = JSON.stringify(options.ecdf ?? testLabEcdfJson());
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

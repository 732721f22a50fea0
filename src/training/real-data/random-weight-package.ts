/**
 * A complete model package with randomly initialised weights, for benchmarks and tests that need the real graph
 * layout before (or without) a trained package: the preset's parameters drawn by `initialiseParams`, exported with
 * `exportPerceptionGraphs`, a manifest that follows the package contract, and the hand-written test lab ECDF
 * (five evenly spaced training values per lab over its typical range). Its outputs mean nothing.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DISEASES } from '../../shared';
import { testLabEcdfJson, testManifest } from '../../model/package/testing/write-test-package';
import { initialiseParams } from '../engine/initialisers';
import { perceptionConfig, type PERCEPTION_PRESETS } from '../model/perception-config';
import { perceptionSpecs } from '../model/perception-model';
import { exportPerceptionGraphs } from '../onnx/export-perception-onnx';

/** Options of {@link writeRandomWeightPackage}. */
export interface RandomWeightPackageOptions {
  /** Model preset (default `default`). */
  preset?: keyof typeof PERCEPTION_PRESETS;
  /** Seed of the weights (default 1). */
  seed?: number;
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/**
 * Writes `manifest.json`, `perception.onnx`, the three encoder graphs, `fusion.onnx`, `lab-ecdf.json` and
 * `MODEL_CARD.md` into `dir`. Thresholds are 0.5 and temperatures 1 (no calibration was done).
 *
 * @param dir - target folder (created)
 * @param options - preset and seed
 * @returns `dir`
 */
export async function writeRandomWeightPackage(dir: string, options: RandomWeightPackageOptions = {}): Promise<string> {
  const preset = options.preset ?? 'default';
  const seed = options.seed ?? 1;
  const config = perceptionConfig(preset);
  const graphs = exportPerceptionGraphs(initialiseParams(perceptionSpecs(config), seed), config);
  const files: Record<string, Uint8Array | string> = {
    'perception.onnx': graphs.perception,
    'ecg-encoder.onnx': graphs.ecgEncoder,
    'cxr-encoder.onnx': graphs.cxrEncoder,
    'lab-encoder.onnx': graphs.labEncoder,
    'fusion.onnx': graphs.fusion,
    'lab-ecdf.json': JSON.stringify(testLabEcdfJson()),
    'MODEL_CARD.md':
      `# random-weight-${preset}\n\nThe ${preset} preset with random weights (seed ${seed}) for benchmarks and tests. ` +
      'Its outputs mean nothing; not for any use beyond measuring the runtime.\n',
  };
  const manifest = testManifest();
  manifest.name = `random-weight-${preset}`;
  manifest.intendedUse = 'Benchmarks and tests only; random weights, no clinical meaning.';
  manifest.trainingData = {
    source: `none (random weights, seed ${seed})`,
    size: 0,
    splits: { train: 0, validation: 0, test: 0 },
  };
  manifest.diseases = DISEASES.map((d) => ({ id: d.id, display: d.answer, threshold: 0.5, temperature: 1 }));
  manifest.graphs = {
    perception: 'perception.onnx',
    encoders: { ecg: 'ecg-encoder.onnx', cxr: 'cxr-encoder.onnx', labs: 'lab-encoder.onnx' },
    fusion: 'fusion.onnx',
  };
  manifest.files = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, sha256(bytes)]));
  await mkdir(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes);
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

/**
 * Shared pieces of the model benchmarks: which model package to measure (the trained default when it is there, a
 * random-weight package of the default preset otherwise: same graph, same cost), percentiles, a 2× upscaled CXR, and
 * the machine line every bench prints.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import type { ChestImage } from '../src/shared';
import { writeRandomWeightPackage } from '../src/training/real-data/random-weight-package';

/** The trained default package, relative to the repository root. */
export const DEFAULT_PACKAGE_DIR = path.resolve(__dirname, '..', 'models', 'default');

/** A package folder to benchmark, what it is, and how to clean up after it. */
export interface BenchPackage {
  dir: string;
  /** Printed in the bench's output: which package was measured. */
  description: string;
  dispose(): void;
}

/**
 * `dir` when given, else models/default when it holds a manifest, else a temporary random-weight package of the
 * default preset (exportPerceptionGraphs on initialiseParams, seed 1), removed by `dispose`.
 */
export async function benchPackage(dir?: string): Promise<BenchPackage> {
  const chosen = dir ?? DEFAULT_PACKAGE_DIR;
  if (existsSync(path.join(chosen, 'manifest.json'))) {
    return {
      dir: chosen,
      description: `model package ${path.relative(process.cwd(), chosen) || chosen}`,
      dispose() {},
    };
  }
  if (dir !== undefined) throw new Error(`no manifest.json in ${dir}`);
  const temp = mkdtempSync(path.join(tmpdir(), 'medtvt-bench-package-'));
  await writeRandomWeightPackage(temp, { preset: 'default', seed: 1 });
  return {
    dir: temp,
    description: 'temporary random-weight package of the default preset (models/default not found)',
    dispose: () => rmSync(temp, { recursive: true, force: true }),
  };
}

/** The q-quantile (0–1) of `values` by linear interpolation between order statistics (numpy's default). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.min(sorted.length - 1, low + 1);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (at - low);
}

/** `p50 1.23  p90 1.50  p99 2.01 ms`. */
export function formatPercentiles(ms: readonly number[], qs: readonly number[] = [0.5, 0.9, 0.99]): string {
  return `${qs.map((q) => `p${Math.round(q * 100)} ${quantile(ms, q).toFixed(2)}`).join('  ')} ms`;
}

/** The same image at twice the side, each pixel repeated 2 × 2 (preprocessing cost depends on size, not content). */
export function upscale2x(image: ChestImage): ChestImage {
  const width = image.width * 2;
  const height = image.height * 2;
  const pixels = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = (y >> 1) * image.width;
    for (let x = 0; x < width; x++) pixels[y * width + x] = image.pixels[row + (x >> 1)] as number;
  }
  return { ...image, width, height, pixels };
}

/** `machine: <CPU model>, N cores (available parallelism)`. */
export function machineLine(): string {
  return `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores; Node ${process.version}`;
}

/** The value after `--name` on the command line, if any. */
export function argValue(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

/**
 * Preprocessing throughput, one item at a time on the main thread, as `assess` does it:
 *
 * - ECG: 12 leads × 5000 samples at 500 Hz (synthetic) → [12, 1000] at 100 Hz by FFT resampling (preprocessEcg);
 * - CXR: 512² 8-bit (synthetic), 1024² 8-bit (the same films upscaled 2×) and 1024² as a 12-bit source (float
 *   resize path) → [3, 224, 224] (preprocessCxr: resize short side 400, centre crop 224, ImageNet normalisation);
 * - labs: a synthetic panel → [100] (vectoriseLabs with the package's train-split ECDF).
 *
 * Each is printed in items/s and ms per item, with its share of issue 4's 50 ms end-to-end floor for one patient
 * (preprocessing + inference, p50, 2 cores), and the sum for one patient with all three modalities.
 *
 * Run: `npm run bench:preprocess [-- --patients N] [--model DIR]`.
 */
import { readFileSync } from 'node:fs';
import { loadModelPackage } from '../src/model/package/load-model-package';
import { labEcdfFromJson } from '../src/model/preprocess/lab-ecdf-json';
import { preprocessCxr } from '../src/model/preprocess/preprocess-cxr';
import { preprocessEcg } from '../src/model/preprocess/preprocess-ecg';
import { vectoriseLabs } from '../src/model/preprocess/vectorise-labs';
import type { ChestImage, EcgRecording, LabPanel } from '../src/shared';
import { generateAdmission } from '../src/synth/admission/generate-admission';
import { argValue, benchPackage, machineLine, quantile, upscale2x } from './bench-support';

const ASSESS_FLOOR_MS = 50;

/** Runs `fn` on every item (after a warm-up pass over the first 10) and returns ms per item (p50). */
function timeEach<T>(items: readonly T[], fn: (item: T) => unknown): { p50: number; perSecond: number } {
  for (const item of items.slice(0, 10)) fn(item);
  const ms: number[] = [];
  for (const item of items) {
    const started = performance.now();
    fn(item);
    ms.push(performance.now() - started);
  }
  return { p50: quantile(ms, 0.5), perSecond: (1000 * ms.length) / ms.reduce((a, b) => a + b, 0) };
}

function line(name: string, result: { p50: number; perSecond: number }): string {
  const share = ((100 * result.p50) / ASSESS_FLOOR_MS).toFixed(1);
  return (
    `  ${name.padEnd(34)} ${result.perSecond.toFixed(0).padStart(6)} /s   p50 ${result.p50.toFixed(2).padStart(6)} ms` +
    `   ${share.padStart(5)} % of the ${ASSESS_FLOOR_MS} ms floor`
  );
}

async function main(): Promise<void> {
  const patients = Number(argValue('patients') ?? 100);
  const pkg = await benchPackage(argValue('model'));
  try {
    const modelPackage = await loadModelPackage(pkg.dir);
    const ecdf = labEcdfFromJson(JSON.parse(readFileSync(modelPackage.paths.ecdf, 'utf8')), modelPackage.paths.ecdf);
    const ecgs: EcgRecording[] = [];
    const cxrs: ChestImage[] = [];
    const panels: LabPanel[] = [];
    for (let i = 0; i < patients; i++) {
      const { record } = generateAdmission('preprocess-bench', i, { allModalities: true });
      if (record.ecg) ecgs.push(record.ecg);
      if (record.cxr) cxrs.push(record.cxr);
      if (record.labs) panels.push(record.labs);
    }
    const large = cxrs.map(upscale2x);
    const deep = large.map((image) => ({ ...image, sourceBitDepth: 12 }));

    console.log(`preprocess bench: ${patients} synthetic admissions; lab ECDF from ${pkg.description}`);
    console.log(`  ${machineLine()}; one item at a time, main thread`);
    const ecg = timeEach(ecgs, (r) => preprocessEcg(r));
    const cxr512 = timeEach(cxrs, (image) => preprocessCxr(image));
    const cxr1024 = timeEach(large, (image) => preprocessCxr(image));
    const cxr1024deep = timeEach(deep, (image) => preprocessCxr(image));
    const labs = timeEach(panels, (panel) => vectoriseLabs(panel, ecdf));
    console.log(line('ECG 12 × 5000 @ 500 Hz → 12 × 1000', ecg));
    console.log(line('CXR 512² 8-bit → 3 × 224²', cxr512));
    console.log(line('CXR 1024² 8-bit → 3 × 224²', cxr1024));
    console.log(line('CXR 1024² 12-bit (float path)', cxr1024deep));
    console.log(line('labs panel → 100', labs));
    for (const [name, cxr] of [
      ['512²', cxr512],
      ['1024²', cxr1024],
    ] as const) {
      const sum = ecg.p50 + cxr.p50 + labs.p50;
      console.log(
        `  one patient, CXR ${name}: ${sum.toFixed(2)} ms of preprocessing (sum of p50s) = ` +
          `${((100 * sum) / ASSESS_FLOOR_MS).toFixed(1)} % of the ${ASSESS_FLOOR_MS} ms floor`,
      );
    }
  } finally {
    pkg.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

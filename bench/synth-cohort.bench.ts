/**
 * Synthetic cohort throughput: 1,000 patients with all three modalities (labs, 12-lead ECG 500 Hz × 10 s, DICOM
 * chest X-ray), each written as a transaction Bundle JSON file to a temporary folder, through the same worker pool
 * as `npm run synth`. The floor is issue 3's Done-when: 1,000 patients in 120 s on 2 cores, i.e. 8.33 patients/s.
 *
 * Run: `npm run bench:synth` (or `npx tsx bench/synth-cohort.bench.ts [patients] [workers]`).
 */
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { generateCohort } from '../src/synth/records/cohort-runner';

const FLOOR_PATIENTS_PER_S = 1000 / 120;

async function main(): Promise<void> {
  const patients = Number(process.argv[2] ?? 1000);
  const workers = Number(process.argv[3] ?? availableParallelism());
  const dir = mkdtempSync(path.join(tmpdir(), 'medtvt-synth-bench-'));
  try {
    const run = await generateCohort({
      seed: 'bench',
      patients,
      workers,
      allModalities: true,
      output: { kind: 'fhir', dir },
    });
    const seconds = run.ms / 1000;
    const rate = patients / seconds;
    const bytes = readdirSync(dir).reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0);
    console.log(`synth-cohort: ${patients} patients, all modalities, FHIR Bundles with DICOM CXR`);
    console.log(
      `  machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores; ${run.workers} workers`,
    );
    console.log(
      `  time: ${seconds.toFixed(1)} s, ${rate.toFixed(2)} patients/s, ${(bytes / patients / 1e6).toFixed(2)} MB/patient`,
    );
    console.log(
      `  floor: ${FLOOR_PATIENTS_PER_S.toFixed(2)} patients/s (1,000 in 120 s); ratio ${(rate / FLOOR_PATIENTS_PER_S).toFixed(2)}×`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

/**
 * The uncached per-call CPU of a CDS hook call's signal and image work, one step at a time on the main thread, on
 * synthetic admissions written out as the sandbox serves them (FHIR R4 ECG Observation with 12 SampledData
 * components at 500 Hz × 5000, DICOM DX Binary of 512² 12-bit):
 *
 * - decodeSampledData over the 12 components (the ECG Observation's text → numbers);
 * - mapEcgObservation (decoding plus lead mapping and mV scaling);
 * - readDicomImage (parse, native frame, grey transform);
 * - measureEcg (band-pass, QRS detection, median beat, delineation);
 * - preprocessEcg (FFT resampling to 12 × 1000) and preprocessCxr (Pillow bilinear → 3 × 224²).
 *
 * Each is printed as ms per call (p50 and mean over every item, after a warm-up pass), and their sum, against the
 * ~5 ms of main-thread CPU per request that issue 5's p50 < 100 ms at 20 clients allows on 2 cores.
 *
 * Run: `npx tsx bench/hot-path.bench.ts [--patients N] [--rounds N]`, under the shared CPU lock
 * (`flock /tmp/cpu.lock …`) so that it does not overlap training or another bench.
 */
import type { Binary, Observation } from '@medplum/fhirtypes';
import { mapEcgObservation } from '../src/fhir/mappers/ecg-observation-mapper';
import { decodeSampledData } from '../src/fhir/mappers/sampled-data';
import { readDicomImage } from '../src/formats/dicom/read-dicom-image';
import { preprocessCxr } from '../src/model/preprocess/preprocess-cxr';
import { preprocessEcg } from '../src/model/preprocess/preprocess-ecg';
import type { ChestImage, EcgRecording } from '../src/shared';
import { measureEcg } from '../src/signal/ecg/measure-ecg';
import { generateAdmission } from '../src/synth/admission/generate-admission';
import { admissionToBundle } from '../src/synth/fhir/admission-to-bundle';
import { argValue, machineLine, quantile } from './bench-support';

/** Main-thread CPU per request that 200 req/s on 2 cores leaves (issue 5's performance round). */
const REQUEST_BUDGET_MS = 5;

interface Timing {
  p50: number;
  mean: number;
}

/** Runs `fn` on every item `rounds` times (after one warm-up pass) and returns ms per call. */
function timeEach<T>(items: readonly T[], rounds: number, fn: (item: T) => unknown): Timing {
  for (const item of items) fn(item);
  const ms: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const item of items) {
      const started = performance.now();
      fn(item);
      ms.push(performance.now() - started);
    }
  }
  return { p50: quantile(ms, 0.5), mean: ms.reduce((a, b) => a + b, 0) / ms.length };
}

function isWaveformObservation(resource: unknown): resource is Observation {
  const observation = resource as Observation | undefined;
  return (
    observation?.resourceType === 'Observation' &&
    (observation.component ?? []).some((c) => c.valueSampledData !== undefined)
  );
}

function main(): void {
  const patients = Number(argValue('patients') ?? 40);
  const rounds = Number(argValue('rounds') ?? 5);
  const observations: Observation[] = [];
  const dicoms: Uint8Array[] = [];
  for (let i = 0; i < patients; i++) {
    const bundle = admissionToBundle(generateAdmission('hot-path-bench', i, { allModalities: true }));
    for (const { resource } of bundle.entry ?? []) {
      // Through JSON, as a request body arrives: plain objects, no shared structure with the generator.
      if (isWaveformObservation(resource)) observations.push(JSON.parse(JSON.stringify(resource)) as Observation);
      if (resource?.resourceType === 'Binary') dicoms.push(Buffer.from((resource as Binary).data ?? '', 'base64'));
    }
  }
  const recordings: EcgRecording[] = observations.map((o) => mapEcgObservation(o));
  const images: ChestImage[] = dicoms.map((bytes) => readDicomImage(bytes));
  const first = images[0];

  console.log(`hot-path bench: ${observations.length} ECG Observations, ${images.length} DICOM images`);
  console.log(
    `  ${machineLine()}; ECG ${recordings[0]?.leads.length ?? 0} leads × ${recordings[0]?.leads[0]?.samples.length ?? 0}` +
      ` @ ${recordings[0]?.samplingRateHz ?? 0} Hz, CXR ${first?.width ?? 0}×${first?.height ?? 0}` +
      ` ${first?.sourceBitDepth ?? 0}-bit; ${rounds} rounds, main thread`,
  );
  const steps: [string, Timing][] = [
    [
      'decodeSampledData × 12 components',
      timeEach(observations, rounds, (o) => {
        for (const c of o.component ?? []) {
          if (c.valueSampledData) decodeSampledData(c.valueSampledData, { resource: 'Observation/x', field: 'c' });
        }
      }),
    ],
    ['mapEcgObservation', timeEach(observations, rounds, (o) => mapEcgObservation(o))],
    ['readDicomImage', timeEach(dicoms, rounds, (bytes) => readDicomImage(bytes))],
    ['measureEcg', timeEach(recordings, rounds, (r) => measureEcg(r))],
    ['preprocessEcg', timeEach(recordings, rounds, (r) => preprocessEcg(r))],
    ['preprocessCxr', timeEach(images, rounds, (image) => preprocessCxr(image))],
  ];
  for (const [name, t] of steps) {
    console.log(
      `  ${name.padEnd(34)} p50 ${t.p50.toFixed(2).padStart(6)} ms   mean ${t.mean.toFixed(2).padStart(6)} ms`,
    );
  }
  // mapEcgObservation includes the decoding, so the decoding line is left out of the sum.
  const sum = steps.slice(1).reduce((total, [, t]) => total + t.p50, 0);
  console.log(
    `  one call (map + DICOM + measure + preprocess, sum of p50s): ${sum.toFixed(2)} ms = ` +
      `${(sum / REQUEST_BUDGET_MS).toFixed(2)} of the ~${REQUEST_BUDGET_MS} ms per-request CPU budget`,
  );
}

main();

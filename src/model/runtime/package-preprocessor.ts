/**
 * The default record preprocessor: src/model/preprocess driven by the model package's `inputs` (ECG window and
 * samples, CXR resize/crop/mean/std, the package's lab ECDF file), with the ECG and CXR tensors cached by content
 * (src/model/cache) when a cache is given: a chart opened again does not resample or resize again.
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import {
  isFormatError,
  isModelInputError,
  MODEL_LEAD_ORDER,
  type LruByteCache,
  type ChestImage,
  type EcgRecording,
  type Modality,
  type ModalityIssue,
  type MultimodalRecord,
} from '../../shared';
import { cxrContentKey, ecgContentKey } from '../cache/content-keys';
import { cxrTensorRegion, ecgTensorRegion } from '../cache/model-cache-regions';
import type { ModelPackage } from '../package/load-model-package';
import { ModelPackageError } from '../package/model-package-error';
import type { LabEcdf } from '../preprocess/lab-ecdf';
import { labEcdfFromJson } from '../preprocess/lab-ecdf-json';
import { modalityMask } from '../preprocess/modality-mask';
import { preprocessCxr, type CxrPreprocessing } from '../preprocess/preprocess-cxr';
import { preprocessEcg, type EcgPreprocessing } from '../preprocess/preprocess-ecg';
import { vectoriseLabs } from '../preprocess/vectorise-labs';
import type { RecordPreprocessor, RecordTensors } from './record-preprocessor';

/** Options of {@link createPackagePreprocessor}. */
export interface PackagePreprocessorOptions {
  /**
   * Derived-data cache for the ECG and CXR tensors, keyed by a hash of the samples or pixels and the settings. A
   * preprocessing failure is not cached (it is computed, and reported, again). Cached tensors are never handed out:
   * each call gets its own copy, so nothing downstream can change a cached one.
   */
  cache?: LruByteCache;
}

/**
 * Reads the package's lab ECDF and returns a preprocessor that follows the package's input settings.
 *
 * A modality whose data cannot be used (an ECG without any of the twelve leads or with a bad sampling rate, an image
 * whose size and pixel count disagree, a lab panel without a finite value or in a wrong unit) is left out with an issue
 * saying why, so that the other modalities are still assessed.
 *
 * @param modelPackage - a validated model package
 * @param options - the derived-data cache, if any
 * @throws ModelPackageError naming the ECDF file when it cannot be read or is malformed
 */
export async function createPackagePreprocessor(
  modelPackage: ModelPackage,
  options: PackagePreprocessorOptions = {},
): Promise<RecordPreprocessor> {
  const ecdf = await readLabEcdf(modelPackage);
  const { ecg, cxr } = modelPackage.manifest.inputs;
  const ecgOptions: EcgPreprocessing = { windowSeconds: ecg.samples / ecg.sampleRateHz, samples: ecg.samples };
  const cxrOptions: CxrPreprocessing = {
    resizeShortSide: cxr.resizeShortSide,
    cropSize: cxr.crop,
    mean: cxr.mean,
    std: cxr.std,
  };
  const prepareEcg = cachedEcg(ecgOptions, options.cache);
  const prepareCxr = cachedCxr(cxrOptions, options.cache);
  return {
    preprocess(record: MultimodalRecord, modalities: readonly Modality[]): RecordTensors {
      const out: RecordTensors = { issues: [] };
      // The same presence rule as training (modalityMask), so a record means the same thing to both.
      const [ecgPresent, , labsPresent] = modalityMask(record);
      if (modalities.includes('ecg') && record.ecg) {
        const recording = record.ecg;
        const named = new Set(recording.leads.filter((l) => l.samples.length > 0).map((l) => l.name));
        if (ecgPresent !== 1 || !MODEL_LEAD_ORDER.some((name) => named.has(name))) {
          out.issues.push({
            modality: 'ecg',
            kind: 'unreadable',
            message: 'the ECG has none of the twelve standard leads',
          });
        } else {
          guard(out.issues, 'ecg', () => {
            const { tensor, issues } = prepareEcg(recording);
            out.ecg = tensor;
            for (const message of issues) out.issues.push({ modality: 'ecg', kind: 'partial', message });
          });
        }
      }
      if (modalities.includes('cxr') && record.cxr) {
        const image = record.cxr;
        guard(out.issues, 'cxr', () => (out.cxr = prepareCxr(image)));
      }
      if (modalities.includes('labs') && record.labs) {
        const panel = record.labs;
        if (labsPresent !== 1) {
          out.issues.push({ modality: 'labs', kind: 'absent', message: 'the lab panel has no finite values' });
        } else {
          guard(out.issues, 'labs', () => (out.labs = vectoriseLabs(panel, ecdf)));
        }
      }
      return out;
    },
  };
}

/** preprocessEcg, through the cache when there is one. */
function cachedEcg(
  settings: EcgPreprocessing,
  cache: LruByteCache | undefined,
): (recording: EcgRecording) => { tensor: Float32Array; issues: readonly string[] } {
  if (!cache?.enabled) return (recording) => preprocessEcg(recording, settings);
  const region = ecgTensorRegion(cache);
  const suffix = `|${settings.windowSeconds}|${settings.samples}`;
  return (recording) => {
    const key = ecgContentKey(recording) + suffix;
    const hit = region.get(key);
    if (hit) return { tensor: hit.tensor.slice(), issues: hit.issues };
    const { tensor, issues } = preprocessEcg(recording, settings);
    region.set(key, { tensor: tensor.slice(), issues: [...issues] });
    return { tensor, issues };
  };
}

/** preprocessCxr, through the cache when there is one. */
function cachedCxr(settings: CxrPreprocessing, cache: LruByteCache | undefined): (image: ChestImage) => Float32Array {
  if (!cache?.enabled) return (image) => preprocessCxr(image, settings);
  const region = cxrTensorRegion(cache);
  return (image) => {
    const key = cxrContentKey(image, settings);
    const hit = region.get(key);
    if (hit) return hit.slice();
    const tensor = preprocessCxr(image, settings);
    region.set(key, tensor.slice());
    return tensor;
  };
}

/** Runs one modality's preparation; an input problem leaves the modality out with an `unreadable` issue. */
function guard(issues: ModalityIssue[], modality: Modality, prepare: () => void): void {
  try {
    prepare();
  } catch (error) {
    if (!isModelInputError(error) && !isFormatError(error)) throw error;
    issues.push({ modality, kind: 'unreadable', message: error.message });
  }
}

async function readLabEcdf(modelPackage: ModelPackage): Promise<LabEcdf> {
  const file = relative(modelPackage.dir, modelPackage.paths.ecdf);
  const fail = (reason: string, cause: unknown) =>
    new ModelPackageError(modelPackage.dir, file, 'inputs.labs.ecdf', reason, { cause });
  let json: unknown;
  try {
    json = JSON.parse(await readFile(modelPackage.paths.ecdf, 'utf8'));
  } catch (error) {
    throw fail(`cannot be read as JSON: ${(error as Error).message}`, error);
  }
  try {
    return labEcdfFromJson(json, file);
  } catch (error) {
    if (isFormatError(error)) throw fail(error.reason, error);
    throw error;
  }
}

/**
 * Checks a perception batch before anything reaches onnxruntime, so that a wrong shape or a NaN is a ModelInputError
 * naming the modality and the problem instead of a native error (or, worse, silent garbage probabilities).
 */
import { ModelInputError, type Modality } from '../../shared';
import type { HostTensor, PerceptionInput } from '../perception-model';

/** Per-row dimensions of each input (everything after the batch axis). */
export interface PerceptionInputSpec {
  /** [12, 1000] */
  ecg: readonly number[];
  /** [3, 224, 224] */
  cxr: readonly number[];
  /** [100] */
  labs: readonly number[];
  /** [3] */
  modalityMask: readonly number[];
}

const KEYS = ['ecg', 'cxr', 'labs', 'modalityMask'] as const;

/** The inputs whose NaN/±Infinity check a session can take over (the mask is always checked here). */
export type GuardableInput = 'ecg' | 'cxr' | 'labs';

function modalityOf(key: (typeof KEYS)[number]): Modality | 'mask' {
  return key === 'modalityMask' ? 'mask' : key;
}

function describe(shape: readonly (number | string)[]): string {
  return `[${shape.join(',')}]`;
}

/**
 * Index of the first NaN or ±Infinity, or -1.
 *
 * The fast pass sums the values in float64 (JavaScript numbers). A float32 is at most 3.4e38 in magnitude, so a
 * float64 sum of n of them stays finite for any n below 5e269: the sum is non-finite exactly when some value is
 * (NaN propagates, ±Infinity stays infinite or meets its opposite and becomes NaN). Only then does the exact scan
 * run to find the index; should the sum ever be non-finite with no bad value, the scan finds none and nothing is
 * rejected. One add per value, with no multiply and no branch, is the cheapest check measured on a 224×224×3 image
 * plus a 12×1000 ECG (Node 20, 2-core EPYC): 0.040 ms against 0.048 ms for four accumulators of x·0, 0.043 ms for
 * an exponent-bit compare over an Int32Array view and 0.068 ms for an OR of exponent bits.
 */
export function firstNonFinite(data: Float32Array): number {
  // Eight values per iteration added pairwise into two sums: measured as fast as four sums of one value each and
  // steadier at p90; eight separate sums were slower (0.057 ms).
  let s0 = 0;
  let s1 = 0;
  const n = data.length;
  const end = n - (n & 7);
  let i = 0;
  for (; i < end; i += 8) {
    s0 += (data[i] as number) + (data[i + 1] as number) + ((data[i + 2] as number) + (data[i + 3] as number));
    s1 += (data[i + 4] as number) + (data[i + 5] as number) + ((data[i + 6] as number) + (data[i + 7] as number));
  }
  for (; i < n; i++) s0 += data[i] as number;
  if (Number.isFinite(s0 + s1)) return -1;
  for (let j = 0; j < n; j++) {
    if (!Number.isFinite(data[j] as number)) return j;
  }
  return -1;
}

function isShape(shape: unknown): shape is number[] {
  if (!Array.isArray(shape)) return false;
  for (const d of shape as unknown[]) {
    if (!Number.isInteger(d) || (d as number) < 0) return false;
  }
  return true;
}

/** [B, ...rowDims] for any B. */
function matchesRowDims(shape: readonly number[], rowDims: readonly number[]): boolean {
  if (shape.length !== rowDims.length + 1) return false;
  for (let i = 0; i < rowDims.length; i++) {
    if (shape[i + 1] !== rowDims[i]) return false;
  }
  return true;
}

/** Checks one tensor; messages are built only on failure, so a valid batch allocates nothing here. */
function checkTensor(
  key: (typeof KEYS)[number],
  tensor: HostTensor | undefined,
  rowDims: readonly number[],
  checkFinite: boolean,
): number {
  const modality = modalityOf(key);
  if (!tensor || typeof tensor !== 'object')
    throw new ModelInputError(modality, `missing tensor, expected ${describe(['B', ...rowDims])}`);
  if (!(tensor.data instanceof Float32Array)) {
    throw new ModelInputError(
      modality,
      `data must be a Float32Array, got ${Object.prototype.toString.call(tensor.data)}`,
    );
  }
  const shape = tensor.shape;
  if (!isShape(shape)) {
    throw new ModelInputError(
      modality,
      `shape must be an array of non-negative integers, expected ${describe(['B', ...rowDims])}`,
    );
  }
  if (!matchesRowDims(shape, rowDims)) {
    throw new ModelInputError(modality, `wrong shape ${describe(shape)}, expected ${describe(['B', ...rowDims])}`);
  }
  const batch = shape[0] as number;
  if (batch < 1) throw new ModelInputError(modality, `empty batch (shape ${describe(shape)})`);
  let count = 1;
  for (const d of shape) count *= d;
  if (tensor.data.length !== count) {
    throw new ModelInputError(
      modality,
      `data has ${tensor.data.length} values, shape ${describe(shape)} needs ${count}`,
    );
  }
  if (checkFinite) {
    const bad = firstNonFinite(tensor.data);
    if (bad >= 0) throw nonFiniteInputError(modality, tensor, bad);
  }
  return batch;
}

/**
 * The ModelInputError for a NaN or ±Infinity at `index` of `tensor`: the modality, the kind and the flat index.
 *
 * @param modality - the input holding the value (`mask` for the modality mask)
 * @param tensor - its whole (request) tensor, whose shape the message gives
 * @param index - flat index of the value in `tensor.data`
 */
export function nonFiniteInputError(modality: Modality | 'mask', tensor: HostTensor, index: number): ModelInputError {
  const kind = Number.isNaN(tensor.data[index]) ? 'NaN' : 'an infinite value';
  return new ModelInputError(modality, `${kind} at flat index ${index} of ${describe(tensor.shape)}`);
}

/** Options of {@link validatePerceptionInput}. */
export interface ValidatePerceptionInputOptions {
  /**
   * Inputs whose NaN/±Infinity scan is left to the session (OnnxPerceptionModel's input guard, see
   * perception-input-guard.ts); shapes are still checked here. Default: none, every input is scanned.
   */
  finiteCheckedBySession?: readonly GuardableInput[];
}

/**
 * Validates a batch against the graph's per-row dimensions.
 *
 * @param input - the batch
 * @param spec - per-row dimensions from the model package
 * @param options - inputs whose non-finite scan the session does instead
 * @returns the batch size B
 * @throws ModelInputError naming the modality (`mask` for the modality mask) and the problem
 */
export function validatePerceptionInput(
  input: PerceptionInput,
  spec: PerceptionInputSpec,
  options: ValidatePerceptionInputOptions = {},
): number {
  if (!input || typeof input !== 'object') throw new ModelInputError('mask', 'the batch is not an object');
  const bySession = options.finiteCheckedBySession;
  let batch = -1;
  for (const key of KEYS) {
    const checkFinite = key === 'modalityMask' || bySession === undefined || !bySession.includes(key);
    const rows = checkTensor(key, input[key], spec[key], checkFinite);
    if (batch < 0) batch = rows;
    else if (rows !== batch) {
      throw new ModelInputError(modalityOf(key), `batch size ${rows} differs from the ecg batch size ${batch}`);
    }
  }
  const mask = input.modalityMask.data;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 0 && mask[i] !== 1) {
      throw new ModelInputError('mask', `values must be 0 or 1, found another value at flat index ${i}`);
    }
  }
  return batch;
}

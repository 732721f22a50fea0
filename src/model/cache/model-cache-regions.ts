/**
 * The model layer's regions of the shared derived-data cache (src/shared/lru-byte-cache.ts) and what one entry of
 * each weighs. Region names are the `region` label on /metrics.
 */
import type { CacheRegion, LruByteCache } from '../../shared';
import type { EcgMeasurementResult } from '../../signal/ecg';

/** A preprocessed ECG and the issues its preprocessing raised (plain sentences about the leads, no values). */
export interface CachedEcgTensor {
  /** `[12, samples]` float32, mV; never handed out: callers get a copy. */
  tensor: Float32Array;
  issues: readonly string[];
}

export const MODEL_CACHE_REGIONS = {
  ecgTensor: 'model-ecg-tensor',
  cxrTensor: 'model-cxr-tensor',
  ecgMeasurements: 'model-ecg-measurements',
} as const;

/** Bytes of a string held by V8 (two per UTF-16 unit, at most) plus a small object header. */
function stringBytes(text: string): number {
  return 16 + 2 * text.length;
}

/** The ECG tensor region. */
export function ecgTensorRegion(cache: LruByteCache): CacheRegion<CachedEcgTensor> {
  return cache.region<CachedEcgTensor>(
    MODEL_CACHE_REGIONS.ecgTensor,
    (entry) => entry.tensor.byteLength + entry.issues.reduce((sum, issue) => sum + stringBytes(issue), 0),
  );
}

/** The CXR tensor region (`[3, 224, 224]` float32 each). */
export function cxrTensorRegion(cache: LruByteCache): CacheRegion<Float32Array> {
  return cache.region<Float32Array>(MODEL_CACHE_REGIONS.cxrTensor, (tensor) => tensor.byteLength);
}

/**
 * The measureEcg region. An estimate: the median beat's leads and the number arrays exactly, a fixed 2 KiB for the
 * scalar fields, reasons and object headers.
 */
export function ecgMeasurementRegion(cache: LruByteCache): CacheRegion<EcgMeasurementResult> {
  return cache.region<EcgMeasurementResult>(MODEL_CACHE_REGIONS.ecgMeasurements, (result) => {
    const beat = Object.values(result.medianBeat?.leads ?? {}).reduce((sum, lead) => sum + (lead?.byteLength ?? 0), 0);
    const reasons = Object.values(result.reasons).reduce((sum, reason) => sum + stringBytes(reason ?? ''), 0);
    return 2048 + beat + reasons + 8 * (result.qrsComplexes.length + result.rrIntervalsMs.length);
  });
}

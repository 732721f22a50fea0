/**
 * Content keys of the model's inputs: a SHA-1 over exactly what preprocessing and measurement read, so that the same
 * ECG or radiograph (however it arrived, whatever resource or time it came with) maps to one cache entry, and any
 * changed sample, pixel or setting to another. SHA-1 is used as a fingerprint of data this process itself read,
 * not as a defence against crafted collisions.
 */
import { createHash } from 'node:crypto';
import { registeredContentKey, type ChestImage, type EcgRecording } from '../../shared';

/** The bytes of a Float32Array as the platform stores them (keys are used in this process only). */
function bytesOf(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

// Recordings and pixel arrays are treated as immutable once read (the caches share them between requests), so the
// hash of an object, once taken, stays its hash. The assessor and the preprocessor both ask for the ECG's key.
const ecgKeys = new WeakMap<EcgRecording, string>();
const pixelKeys = new WeakMap<Float32Array, string>();

/**
 * SHA-1 (hex) over the unit (mV), the sampling rate, and each lead's name, length and float32 samples, in the
 * recording's lead order. Everything preprocessing and measureEcg read of a recording, nothing else (not its
 * provenance, time or device measurements). When the `leads` array carries a content key from the layer that
 * decoded it (src/shared/content-key-registry.ts), the key is that one and the sampling rate instead, with no
 * hashing of the samples.
 *
 * @param recording - the ECG; its samples must not be changed afterwards
 */
export function ecgContentKey(recording: EcgRecording): string {
  const known = ecgKeys.get(recording);
  if (known) return known;
  // Leads decoded from content the reader has keyed already (the SampledData text, a file's SHA-1) carry that key;
  // the rate is added because a recording could pair those leads with another one.
  const registered = registeredContentKey(recording.leads);
  if (registered) {
    const key = `${registered}|${recording.samplingRateHz}`;
    ecgKeys.set(recording, key);
    return key;
  }
  const hash = createHash('sha1');
  hash.update(`ecg|mV|${recording.samplingRateHz}|${recording.leads.length}`);
  for (const lead of recording.leads) {
    hash.update(`|${lead.name}:${lead.samples.length}|`);
    hash.update(bytesOf(lead.samples));
  }
  const key = hash.digest('hex');
  ecgKeys.set(recording, key);
  return key;
}

/**
 * SHA-1 (hex) over the image's size, source bit depth and format (the 8-bit and float resize paths differ), its
 * float32 pixels, and `settings` (the preprocessing parameters, JSON).
 *
 * @param image - the radiograph; its pixels must not be changed afterwards
 * @param settings - what else the cached result depends on (resize, crop, mean, std)
 */
export function cxrContentKey(image: ChestImage, settings: unknown): string {
  let pixels = pixelKeys.get(image.pixels);
  if (!pixels) {
    pixels = createHash('sha1').update(bytesOf(image.pixels)).digest('hex');
    pixelKeys.set(image.pixels, pixels);
  }
  return createHash('sha1')
    .update(
      `cxr|${pixels}|${image.width}x${image.height}|${image.sourceBitDepth}|${image.sourceFormat}|` +
        JSON.stringify(settings),
    )
    .digest('hex');
}

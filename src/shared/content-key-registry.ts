/**
 * Content keys handed from the layer that read some data to the layers that cache what is derived from it.
 *
 * The FHIR layer knows cheaply what an ECG was decoded from (a hash of the SampledData text, or of a file's bytes);
 * the model layer would otherwise hash the decoded Float32Arrays again on every call. A layer that builds an
 * object from content it has keyed registers the key on that object; a later layer asks for it. Objects are held
 * weakly, so a registration lives exactly as long as the object. A registered object must be treated as immutable
 * (freeze what can be frozen): the key describes its content when it was registered.
 */

const registered = new WeakMap<object, string>();

/**
 * Records that `value`'s content is identified by `key`.
 *
 * @param value - the object (e.g. a cached recording's `leads` array); it must not change afterwards
 * @param key - a key that differs whenever the content differs, prefixed by its kind so that keys of different
 *   schemes never collide (e.g. `fhir-sampled-data:<sha1>`)
 */
export function registerContentKey(value: object, key: string): void {
  registered.set(value, key);
}

/** The key registered for `value`, if any. */
export function registeredContentKey(value: object): string | undefined {
  return registered.get(value);
}

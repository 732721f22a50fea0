/**
 * Deterministic card and suggestion uuids: RFC 4122 version-5 (SHA-1, name-based) uuids of the assessment id and
 * the card's key in a namespace of our own. The same assessment always gives the same uuids, so the feedback an EHR
 * echoes (https://cds-hooks.hl7.org/2.0/#feedback: `card` = the card's uuid) can be traced back to the assessment
 * and disease from the audit record alone, and re-rendering an assessment never invents new cards.
 */
import { createHash } from 'node:crypto';

/** Namespace of MedTVT-FHIR card uuids (itself a v5 uuid of "medtvt-fhir/cds-cards" in the URL namespace). */
export const CARD_UUID_NAMESPACE = '5a14e0ba-cb9d-5ca5-91c1-29e7390aec26';

/** Namespace uuids as their 16 bytes, parsed once: every card of every call hashes the same namespace. */
const namespaces = new Map<string, Buffer>();

function namespaceBytes(namespace: string): Buffer {
  const known = namespaces.get(namespace);
  if (known) return known;
  const hex = namespace.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new RangeError(`uuidV5: namespace "${namespace}" is not a uuid`);
  const bytes = Buffer.from(hex, 'hex');
  // Bounded: callers name a handful of fixed namespaces; an unexpected stream of them must not grow this forever.
  if (namespaces.size < 64) namespaces.set(namespace, bytes);
  return bytes;
}

/**
 * An RFC 4122 §4.3 version-5 uuid.
 *
 * @param namespace - a uuid in its canonical text form
 * @param name - the name, hashed as UTF-8
 * @throws RangeError when `namespace` is not a uuid
 */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1').update(namespaceBytes(namespace)).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50; // version 5
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80; // RFC 4122 variant
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The uuid of one card (or suggestion) of an assessment.
 *
 * @param assessmentId - the Assessment's id
 * @param key - what the uuid names within the assessment, e.g. `card/sepsis`, `suggestion/sepsis/add-condition`
 */
export function cardUuid(assessmentId: string, key: string): string {
  return uuidV5(CARD_UUID_NAMESPACE, `${assessmentId}/${key}`);
}

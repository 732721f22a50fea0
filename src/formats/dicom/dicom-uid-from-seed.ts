/**
 * Deterministic DICOM UIDs for generated data. A UID under the `2.25` root is the decimal form of a UUID (ISO/IEC
 * 9834-8, PS3.5 §B.2), which needs no registered organisation root. Here the UUID is derived from a seed text: the
 * first 128 bits of SHA-256(seed), with the version nibble set to 8 and the variant bits to `10` (an RFC 9562
 * UUIDv8, "custom"), so the same seed always gives the same UID and different seeds collide with probability about
 * 2^-122.
 */
import { createHash } from 'node:crypto';

/**
 * A `2.25.<decimal>` UID (at most 44 characters, well under the 64 of the UI VR) from `seed`.
 *
 * @param seed - any text that names the object uniquely, e.g. `cohort-7/patient-12/cxr/study`
 */
export function dicomUidFromSeed(seed: string): string {
  const bytes = createHash('sha256').update(seed, 'utf8').digest().subarray(0, 16);
  // RFC 9562 §5.8: version 8 in the high nibble of octet 6, variant 0b10 in the two high bits of octet 8.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return `2.25.${value.toString(10)}`;
}

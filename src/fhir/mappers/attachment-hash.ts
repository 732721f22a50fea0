/**
 * FHIR R4 Attachment.hash: "The calculated hash of the data using SHA-1. Represented using base64"
 * (https://hl7.org/fhir/R4/datatypes.html#Attachment). Checked against the bytes actually read, so that a file that
 * is not the one the resource describes (a truncated transfer, a Binary replaced behind a DocumentReference) is
 * reported instead of read.
 */
import { createHash } from 'node:crypto';

/** SHA-1 of `bytes`, base64 (padded, standard alphabet), as Attachment.hash carries it. */
export function sha1Base64(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('base64');
}

/**
 * Attachment.hash as bytes-comparable text: whitespace removed and the URL-safe alphabet mapped to the standard one;
 * undefined when there is none.
 */
export function normaliseAttachmentHash(hash: string | undefined): string | undefined {
  const text = hash?.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (!text) return undefined;
  // A SHA-1 is 20 bytes: 27 base64 characters and one '=' of padding; some writers leave the padding off.
  return text.length === 27 ? `${text}=` : text;
}

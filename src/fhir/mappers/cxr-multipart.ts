/**
 * The first body part of a `multipart/related` response (RFC 2387), as DICOMweb WADO-RS returns instances
 * (PS3.18 §8.7.3.3: `multipart/related; type="application/dicom"; boundary=…`). The gateway may hand back the
 * content type without its parameters, so the boundary is taken from the content type when present and otherwise
 * from the body's first delimiter line (`--boundary`).
 */

const CRLF_CRLF = [13, 10, 13, 10];

/** True when the content type or the body's first bytes say this is a multipart body. */
export function isMultipart(bytes: Uint8Array, contentType: string | undefined): boolean {
  if (contentType?.toLowerCase().startsWith('multipart/')) return true;
  return bytes[0] === 0x2d && bytes[1] === 0x2d && boundaryFromBody(bytes) !== undefined;
}

/**
 * The bytes and content type of the first part.
 *
 * @returns undefined when no well-formed part is found (no boundary, no header end, no closing delimiter)
 */
export function firstMultipartPart(
  bytes: Uint8Array,
  contentType: string | undefined,
): { bytes: Uint8Array; contentType?: string } | undefined {
  const boundary = boundaryFromContentType(contentType) ?? boundaryFromBody(bytes);
  if (!boundary) return undefined;
  const delimiter = new TextEncoder().encode(`--${boundary}`);
  const start = indexOf(bytes, delimiter, 0);
  if (start < 0) return undefined;
  const headersEnd = indexOf(bytes, CRLF_CRLF, start + delimiter.length);
  if (headersEnd < 0) return undefined;
  const bodyStart = headersEnd + CRLF_CRLF.length;
  const closing = new TextEncoder().encode(`\r\n--${boundary}`);
  const bodyEnd = indexOf(bytes, closing, bodyStart);
  if (bodyEnd < 0) return undefined;
  const headers = new TextDecoder().decode(bytes.subarray(start + delimiter.length, headersEnd));
  const partType = /^content-type:\s*([^\r\n]+)/im.exec(headers)?.[1]?.trim();
  return { bytes: bytes.subarray(bodyStart, bodyEnd), ...(partType ? { contentType: partType } : {}) };
}

function boundaryFromContentType(contentType: string | undefined): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return match?.[1] ?? match?.[2];
}

function boundaryFromBody(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 200)));
  const match = /^--([^\r\n]{1,70})\r\n/.exec(head);
  return match?.[1]?.trimEnd();
}

function indexOf(haystack: Uint8Array, needle: Uint8Array | readonly number[], from: number): number {
  const first = needle[0];
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    if (haystack[i] !== first) continue;
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

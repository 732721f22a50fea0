/**
 * Decoded ECG files and chest images, cached by the SHA-1 of the file bytes (src/shared/lru-byte-cache.ts), so
 * that the same file is not decoded again however many resources point at it or however often a chart is opened.
 *
 * Only the content-derived part is cached (samples, pixels, size, what the file header says); each read rebuilds
 * the provenance (resource references, server, time), which differs per resource and per read.
 *
 * With Attachment.hash, the fetch itself can be skipped: when this process has already fetched the attachment's
 * `url` from this server, found bytes whose SHA-1 is the attachment's hash, and still holds their decoded form, it
 * answers from the cache. The key is (server, url, hash), never the hash alone, so a resource cannot obtain a
 * file it does not point to by naming another file's hash.
 */
import type { Attachment } from '@medplum/fhirtypes';
import type { CacheRegion, ChestImage, EcgRecording, LruByteCache } from '../../shared/index';
import { normaliseAttachmentHash } from './attachment-hash';
import { bareContentType } from './ecg-cxr-attachments';

/** A decoded chest image without its provenance. */
export type ChestImageContent = Omit<ChestImage, 'provenance'>;
/** A decoded ECG (leads completed) without its provenance. */
export type EcgContent = Omit<EcgRecording, 'provenance'>;

/** The FHIR layer's region names, the `region` label on /metrics. */
export const FHIR_CACHE_REGIONS = {
  chestImages: 'fhir-cxr-image',
  ecgFiles: 'fhir-ecg-file',
  locations: 'fhir-attachment-location',
} as const;

/** What a cached item is decoded from: the bytes' SHA-1 (base64) and the attachment's content type. */
export interface ContentKey {
  sha1: string;
  contentType?: string;
}

/** Pixels and samples exactly; 1 KiB for the rest (header fields, statements, object headers). */
function imageBytes(image: ChestImageContent): number {
  return 1024 + image.pixels.byteLength;
}

function ecgBytes(recording: EcgContent): number {
  return 1024 + recording.leads.reduce((sum, lead) => sum + lead.samples.byteLength + 64, 0);
}

function decodeKey(key: ContentKey): string {
  return `${key.sha1}|${bareContentType(key.contentType) ?? ''}`;
}

/** A decoded-content cache over a shared LruByteCache. */
export class DecodedContentCache {
  private readonly chestImages: CacheRegion<ChestImageContent>;
  private readonly ecgFiles: CacheRegion<EcgContent>;
  /** `server|url` → the SHA-1 (base64) of the bytes last fetched from there. */
  private readonly locations: CacheRegion<string>;

  constructor(readonly cache: LruByteCache) {
    this.chestImages = cache.region(FHIR_CACHE_REGIONS.chestImages, imageBytes);
    this.ecgFiles = cache.region(FHIR_CACHE_REGIONS.ecgFiles, ecgBytes);
    this.locations = cache.region(FHIR_CACHE_REGIONS.locations, (sha1: string) => 2 * sha1.length);
  }

  /** Whether anything can be cached (a budget above 0). */
  get enabled(): boolean {
    return this.cache.enabled;
  }

  /** The decoded chest image of these bytes, decoding and storing it on a miss; a decoding error is not cached. */
  chestImage(key: ContentKey, decode: () => ChestImageContent): ChestImageContent {
    return this.through(this.chestImages, key, decode);
  }

  /** The decoded ECG of these bytes, decoding and storing it on a miss; a decoding error is not cached. */
  ecgFile(key: ContentKey, decode: () => EcgContent): EcgContent {
    return this.through(this.ecgFiles, key, decode);
  }

  /** The chest image decoded earlier from this attachment's url on this server, when its hash still matches. */
  chestImageAt(baseUrl: string, attachment: Attachment): ChestImageContent | undefined {
    const key = this.verifiedKey(baseUrl, attachment);
    return key ? this.chestImages.get(decodeKey(key)) : undefined;
  }

  /** The ECG decoded earlier from this attachment's url on this server, when its hash still matches. */
  ecgFileAt(baseUrl: string, attachment: Attachment): EcgContent | undefined {
    const key = this.verifiedKey(baseUrl, attachment);
    return key ? this.ecgFiles.get(decodeKey(key)) : undefined;
  }

  /** Records that `url` on `baseUrl` served bytes with this SHA-1 (after they were read, and checked if hashed). */
  rememberLocation(baseUrl: string, url: string, sha1: string): void {
    if (this.enabled) this.locations.set(locationKey(baseUrl, url), sha1);
  }

  private verifiedKey(baseUrl: string, attachment: Attachment): ContentKey | undefined {
    const hash = normaliseAttachmentHash(attachment.hash);
    const url = attachment.url;
    if (!this.enabled || !hash || !url || url.startsWith('#')) return undefined;
    if (this.locations.get(locationKey(baseUrl, url)) !== hash) return undefined;
    return { sha1: hash, ...(attachment.contentType ? { contentType: attachment.contentType } : {}) };
  }

  private through<V>(region: CacheRegion<V>, key: ContentKey, decode: () => V): V {
    if (!this.enabled) return decode();
    const text = decodeKey(key);
    const hit = region.get(text);
    if (hit) return hit;
    const value = decode();
    region.set(text, value);
    return value;
  }
}

function locationKey(baseUrl: string, url: string): string {
  return `${baseUrl.replace(/\/+$/, '')}|${url}`;
}

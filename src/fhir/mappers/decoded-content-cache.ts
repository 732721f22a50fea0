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
import {
  registerContentKey,
  type CacheRegion,
  type ChestImage,
  type EcgLead,
  type EcgRecording,
  type LruByteCache,
} from '../../shared/index';
import { normaliseAttachmentHash } from './attachment-hash';
import { bareContentType } from './ecg-cxr-attachments';

/** A decoded chest image without its provenance. */
export type ChestImageContent = Omit<ChestImage, 'provenance'>;
/** A decoded ECG (leads completed) without its provenance. */
export type EcgContent = Omit<EcgRecording, 'provenance'>;
/**
 * The leads decoded from an ECG Observation's SampledData (completed with any derived limb leads), and what else
 * follows from the samples alone. Times, ids and device measurements come from the Observation on every read.
 */
export interface SampledEcgContent {
  samplingRateHz: number;
  /** Frozen (array and lead objects): shared by every read of the same waveform. */
  leads: readonly EcgLead[];
  /** The statement saying which limb leads were derived from I and II, if any were. */
  derivedStatement?: string;
}

/** The FHIR layer's region names, the `region` label on /metrics. */
export const FHIR_CACHE_REGIONS = {
  chestImages: 'fhir-cxr-image',
  ecgFiles: 'fhir-ecg-file',
  ecgSampledData: 'fhir-ecg-sampled-data',
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

function ecgBytes(recording: { leads: readonly EcgLead[] }): number {
  return 1024 + recording.leads.reduce((sum, lead) => sum + lead.samples.byteLength + 64, 0);
}

function decodeKey(key: ContentKey): string {
  return `${key.sha1}|${bareContentType(key.contentType) ?? ''}`;
}

/** A decoded-content cache over a shared LruByteCache. */
export class DecodedContentCache {
  private readonly chestImages: CacheRegion<ChestImageContent>;
  private readonly ecgFiles: CacheRegion<EcgContent>;
  private readonly ecgSampled: CacheRegion<SampledEcgContent>;
  /** `server|url` → the SHA-1 (base64) of the bytes last fetched from there. */
  private readonly locations: CacheRegion<string>;

  constructor(readonly cache: LruByteCache) {
    this.chestImages = cache.region(FHIR_CACHE_REGIONS.chestImages, imageBytes);
    this.ecgFiles = cache.region<EcgContent>(FHIR_CACHE_REGIONS.ecgFiles, ecgBytes);
    this.ecgSampled = cache.region<SampledEcgContent>(FHIR_CACHE_REGIONS.ecgSampledData, ecgBytes);
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

  /**
   * The decoded ECG of these bytes, decoding and storing it on a miss; a decoding error is not cached. Its `leads`
   * array is frozen and carries the file's content key (src/shared/content-key-registry.ts), so that the model's
   * caches need not hash the samples again.
   */
  ecgFile(key: ContentKey, decode: () => EcgContent): EcgContent {
    return this.through(this.ecgFiles, key, () => {
      const content = decode();
      freezeLeads(content.leads, `fhir-ecg-file:${decodeKey(key)}`);
      return content;
    });
  }

  /**
   * The leads decoded from an ECG Observation's SampledData, decoding and storing them on a miss; a decoding error
   * is not cached. The leads are frozen and carry `fhir-ecg-sampled-data:<key>` as their content key.
   *
   * @param key - sampledDataContentKey of the Observation's SampledData elements and the assumed unit
   */
  sampledEcg(key: string, decode: () => SampledEcgContent): SampledEcgContent {
    if (!this.enabled) return decode();
    const hit = this.ecgSampled.get(key);
    if (hit) return hit;
    const content = decode();
    freezeLeads(content.leads, `fhir-ecg-sampled-data:${key}`);
    this.ecgSampled.set(key, content);
    return content;
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

/**
 * Cached leads are shared by every later read: frozen, so that no reader can rename, reorder or swap a lead under
 * the key (the samples' typed arrays cannot be frozen; readers must copy before changing them).
 */
function freezeLeads(leads: readonly EcgLead[], contentKey: string): void {
  for (const lead of leads) Object.freeze(lead);
  Object.freeze(leads);
  registerContentKey(leads, contentKey);
}

function locationKey(baseUrl: string, url: string): string {
  return `${baseUrl.replace(/\/+$/, '')}|${url}`;
}

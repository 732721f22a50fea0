import { createHash } from 'node:crypto';
import type { DocumentReference, Resource, ResourceType } from '@medplum/fhirtypes';
import { writePng } from '../../formats/image/index';
import { readDicomEcg } from '../../formats/dicom/index';
import { LruByteCache, registeredContentKey, type ChestImage } from '../../shared/index';
import { describeWithSharedData, readSharedBytes } from '../../../test/support/shared-data';
import type { BinaryContent, SearchResult } from '../fhir-gateway';
import { readMultimodalRecord } from '../multimodal-reader';
import { InMemoryFhirGateway } from '../testing/in-memory-fhir-gateway';
import { normaliseAttachmentHash, sha1Base64 } from './attachment-hash';
import { mapChestImage } from './cxr-image-mapper';
import { DecodedContentCache, FHIR_CACHE_REGIONS } from './decoded-content-cache';
import { mapEcgDocument } from './ecg-document-mapper';

/** InMemoryFhirGateway that counts the byte reads it is asked for (the HTTP fetches a real server would see). */
class CountingGateway extends InMemoryFhirGateway {
  byteReads = 0;

  override async readBytes(urlOrReference: string): Promise<BinaryContent> {
    this.byteReads++;
    return super.readBytes(urlOrReference);
  }
}

/**
 * A gateway whose searches answer the stored DocumentReferences of the patient and nothing else (the in-memory
 * double does not implement the CXR finder's `type` and `_include` parameters).
 */
class DocumentSearchGateway extends InMemoryFhirGateway {
  override async search<T extends Resource>(resourceType: ResourceType): Promise<SearchResult<T>> {
    const resources =
      resourceType === 'DocumentReference' ? (this.all<DocumentReference>('DocumentReference') as T[]) : [];
    return { resources, included: [] };
  }
}

/** An 8-bit 4 × 3 grey image whose levels are 0, 20, …, 220: after reading, pixel i is (20 i) / 255. */
function pngBytes(offset = 0): Uint8Array {
  const levels = Array.from({ length: 12 }, (_, i) => 20 * i + offset);
  const image: ChestImage = {
    width: 4,
    height: 3,
    pixels: Float32Array.from(levels, (v) => v / 255),
    sourceBitDepth: 8,
    sourceFormat: 'png',
    provenance: { source: 'synthetic', references: [] },
  };
  return writePng(image, { bitDepth: 8 });
}

/** SHA-1 base64 computed here with node:crypto directly, as an EHR would fill Attachment.hash. */
function fhirHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('base64');
}

function cxrDocument(id: string, url: string, hash?: string): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    id,
    status: 'current',
    subject: { reference: 'Patient/p1' },
    type: { coding: [{ system: 'http://loinc.org', code: '36554-4' }] },
    date: '2026-02-01T10:00:00Z',
    content: [{ attachment: { contentType: 'image/png', url, ...(hash ? { hash } : {}) } }],
  };
}

function expectedPixels(offset = 0): Float32Array {
  return Float32Array.from({ length: 12 }, (_, i) => (20 * i + offset) / 255);
}

describe('Attachment.hash helpers', () => {
  it('gives the FIPS 180 test vector for "abc" in base64', () => {
    // SHA-1("abc") = a9993e36 4706816a ba3e2571 7850c26c 9cd0d89d (FIPS 180-2 appendix A.1), base64 of those bytes.
    expect(sha1Base64(new TextEncoder().encode('abc'))).toBe('qZk+NkcGgWq6PiVxeFDCbJzQ2J0=');
  });

  it('accepts a hash without padding or in the URL-safe alphabet', () => {
    expect(normaliseAttachmentHash(' qZk-NkcGgWq6PiVxeFDCbJzQ2J0 ')).toBe('qZk+NkcGgWq6PiVxeFDCbJzQ2J0=');
  });
});

describe('DecodedContentCache with chest images', () => {
  it('with url and hash seen before, reads a second resource without calling the gateway, with its own provenance', async () => {
    const bytes = pngBytes();
    const gateway = new CountingGateway();
    gateway.putBytes('Binary/cxr', { contentType: 'image/png', data: bytes });
    const cache = new DecodedContentCache(new LruByteCache(16 * 1024 * 1024));

    const first = await mapChestImage(cxrDocument('doc-1', 'Binary/cxr', fhirHash(bytes)), gateway, { cache });
    const second = await mapChestImage(cxrDocument('doc-2', 'Binary/cxr', fhirHash(bytes)), gateway, { cache });

    expect(gateway.byteReads).toBe(1);
    expect(second.pixels).toEqual(expectedPixels());
    expect(second.pixels).toEqual(first.pixels);
    expect({ ...second, provenance: undefined }).toEqual({ ...first, provenance: undefined });
    expect(second.provenance.references).toEqual(['DocumentReference/doc-2', 'Binary/cxr']);
    expect(cache.cache.stats().regions[FHIR_CACHE_REGIONS.chestImages]).toMatchObject({ hits: 1, misses: 1 });
  });

  it('fetches again when the attachment names another hash, and decodes the new bytes', async () => {
    const gateway = new CountingGateway();
    gateway.putBytes('Binary/cxr', { contentType: 'image/png', data: pngBytes() });
    const cache = new DecodedContentCache(new LruByteCache(16 * 1024 * 1024));
    await mapChestImage(cxrDocument('doc-1', 'Binary/cxr', fhirHash(pngBytes())), gateway, { cache });
    gateway.putBytes('Binary/cxr', { contentType: 'image/png', data: pngBytes(10) });

    const replaced = await mapChestImage(cxrDocument('doc-1', 'Binary/cxr', fhirHash(pngBytes(10))), gateway, {
      cache,
    });

    expect(gateway.byteReads).toBe(2);
    expect(replaced.pixels).toEqual(expectedPixels(10));
  });

  it('without a hash fetches every time but decodes the same bytes once', async () => {
    const gateway = new CountingGateway();
    gateway.putBytes('Binary/cxr', { contentType: 'image/png', data: pngBytes() });
    const cache = new DecodedContentCache(new LruByteCache(16 * 1024 * 1024));

    await mapChestImage(cxrDocument('doc-1', 'Binary/cxr'), gateway, { cache });
    const again = await mapChestImage(cxrDocument('doc-1', 'Binary/cxr'), gateway, { cache });

    expect(gateway.byteReads).toBe(2);
    expect(again.pixels).toEqual(expectedPixels());
    expect(cache.cache.stats().regions[FHIR_CACHE_REGIONS.chestImages]).toMatchObject({ hits: 1, misses: 1 });
  });

  it('with a budget of 0 fetches and decodes every time', async () => {
    const bytes = pngBytes();
    const gateway = new CountingGateway();
    gateway.putBytes('Binary/cxr', { contentType: 'image/png', data: bytes });
    const cache = new DecodedContentCache(new LruByteCache(0));

    await mapChestImage(cxrDocument('doc-1', 'Binary/cxr', fhirHash(bytes)), gateway, { cache });
    const again = await mapChestImage(cxrDocument('doc-1', 'Binary/cxr', fhirHash(bytes)), gateway, { cache });

    expect(gateway.byteReads).toBe(2);
    expect(again.pixels).toEqual(expectedPixels());
  });
});

describe('Attachment.hash checks', () => {
  it('reports bytes that do not match the hash as an unreadable CXR naming the resource and hash element', async () => {
    const bytes = pngBytes();
    const gateway = new DocumentSearchGateway([cxrDocument('doc-1', 'Binary/cxr', fhirHash(pngBytes(10)))]);
    gateway.putBytes('Binary/cxr', { contentType: 'image/png', data: bytes });

    const record = await readMultimodalRecord(gateway, 'p1', {
      anchorTime: '2026-02-01T12:00:00Z',
      cache: new DecodedContentCache(new LruByteCache(16 * 1024 * 1024)),
    });

    expect(record.cxr).toBeUndefined();
    const issue = record.issues.find((i) => i.modality === 'cxr');
    expect(record.issues.filter((i) => i.modality === 'cxr')).toHaveLength(1);
    expect(issue).toMatchObject({
      kind: 'unreadable',
      source: 'DocumentReference/doc-1',
      field: 'content[0].attachment.hash',
    });
    expect(issue?.message).toContain(fhirHash(bytes));
  });

  it('checks inline data against its hash too', async () => {
    const bytes = pngBytes();
    const doc: DocumentReference = {
      ...cxrDocument('doc-inline', 'unused'),
      content: [
        {
          attachment: {
            contentType: 'image/png',
            data: Buffer.from(bytes).toString('base64'),
            hash: fhirHash(pngBytes(10)),
          },
        },
      ],
    };

    await expect(mapChestImage(doc, new InMemoryFhirGateway())).rejects.toThrow(
      'DocumentReference/doc-inline content[0].attachment.hash: is ',
    );
  });

  it('reads bytes that match the hash', async () => {
    const bytes = pngBytes();
    const gateway = new InMemoryFhirGateway();
    gateway.putBytes('Binary/cxr', { contentType: 'image/png', data: bytes });

    const image = await mapChestImage(cxrDocument('doc-1', 'Binary/cxr', fhirHash(bytes)), gateway);

    expect(image.pixels).toEqual(expectedPixels());
  });
});

describeWithSharedData('DecodedContentCache with DICOM ECG files', () => {
  it('with url and hash seen before, returns the same leads without a fetch and with the second resource named', async () => {
    const bytes = readSharedBytes('ecg-formats', 'dicom-ecg', 'waveform_ecg.dcm');
    const gateway = new CountingGateway();
    gateway.putBytes('Binary/ecg', { contentType: 'application/dicom', data: bytes });
    const cache = new DecodedContentCache(new LruByteCache(64 * 1024 * 1024));
    const doc = (id: string): DocumentReference => ({
      resourceType: 'DocumentReference',
      id,
      status: 'current',
      content: [{ attachment: { contentType: 'application/dicom', url: 'Binary/ecg', hash: fhirHash(bytes) } }],
    });

    await mapEcgDocument(doc('ecg-1'), gateway, { cache });
    const second = await mapEcgDocument(doc('ecg-2'), gateway, { cache });

    expect(gateway.byteReads).toBe(1);
    // The file read directly, without FHIR or cache, is the reference for the samples.
    const direct = readDicomEcg(bytes);
    for (const lead of direct.leads) {
      expect(second.leads.find((l) => l.name === lead.name)?.samples).toEqual(lead.samples);
    }
    expect(second.provenance.references).toEqual(['DocumentReference/ecg-2', 'Binary/ecg']);
    // The file's SHA-1 (base64, node:crypto above) and content type name the frozen leads for the model's caches.
    expect(Object.isFrozen(second.leads)).toBe(true);
    expect(registeredContentKey(second.leads)).toBe(`fhir-ecg-file:${fhirHash(bytes)}|application/dicom`);
  });
});

import type { DocumentReference, ImagingStudy, Resource, ResourceType } from '@medplum/fhirtypes';
import { PNG } from 'pngjs';
import type { SearchOptions, SearchParams, SearchResult } from '../fhir-gateway';
import { InMemoryFhirGateway } from '../testing/in-memory-fhir-gateway';
import { searchWindow } from './ecg-cxr-candidates';
import { findChestImage } from './cxr-finder';

/** The in-memory double plus `type` on DocumentReference (token, comma = OR); `_include` finds nothing here. */
class FinderTestGateway extends InMemoryFhirGateway {
  override async search<T extends Resource>(
    resourceType: ResourceType,
    params: SearchParams,
    options?: SearchOptions,
  ): Promise<SearchResult<T>> {
    const { type, _include: _ignored, ...rest } = params;
    const result = await super.search<T>(resourceType, rest, options);
    const types = type === undefined ? undefined : String(type).split(',');
    const resources = types
      ? result.resources.filter((r) =>
          ((r as unknown as DocumentReference).type?.coding ?? []).some((c) => types.includes(c.code ?? '')),
        )
      : result.resources;
    return { resources, included: [], total: resources.length };
  }
}

const TIME = '2024-03-01T10:00:00Z';
const WINDOW = searchWindow(Date.parse(TIME), 72);

/** A 2 × 1 greyscale PNG with pixel values 0 and 255 (pngjs writes exactly what it is given). */
function twoPixelPng(): string {
  const png = new PNG({ width: 2, height: 1 });
  png.data.set([0, 0, 0, 255, 255, 255, 255, 255]);
  return PNG.sync.write(png).toString('base64');
}

/** A DX study with no Endpoint, as a PACS-less EHR (or the synthetic cohort) publishes one. */
const study: ImagingStudy = {
  resourceType: 'ImagingStudy',
  id: 'study-1',
  status: 'available',
  subject: { reference: 'Patient/p1' },
  started: TIME,
  identifier: [{ system: 'urn:dicom:uid', value: 'urn:oid:2.25.1' }],
  series: [{ uid: '2.25.2', modality: { code: 'DX' }, instance: [{ uid: '2.25.3', sopClass: { code: 'x' } }] }],
};

function document(related: boolean): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    id: 'doc-1',
    status: 'current',
    subject: { reference: 'Patient/p1' },
    type: { coding: [{ system: 'http://loinc.org', code: '36554-4' }] },
    date: TIME,
    content: [{ attachment: { contentType: 'image/png', data: twoPixelPng() } }],
    ...(related ? { context: { period: { start: TIME }, related: [{ reference: 'ImagingStudy/study-1' }] } } : {}),
  };
}

describe('findChestImage with an ImagingStudy that has no Endpoint', () => {
  it('reads the DocumentReference that relates to the study, without an unreadable issue for the study', async () => {
    const gateway = new FinderTestGateway([study, document(true)]);

    const read = await findChestImage(gateway, 'p1', WINDOW);

    expect(read.issues).toEqual([]);
    expect(Array.from(read.value?.pixels ?? [])).toEqual([0, 1]);
    expect(read.value?.provenance.references).toEqual(['DocumentReference/doc-1']);
  });

  it('still tries (and reports) the study when no document relates to it', async () => {
    const gateway = new FinderTestGateway([study, document(false)]);

    const read = await findChestImage(gateway, 'p1', WINDOW);

    // Same time, so the study (rank 0) is tried first, fails for want of an Endpoint, and the document is read.
    expect(read.value?.width).toBe(2);
    expect(read.issues).toHaveLength(1);
    expect(read.issues[0]).toMatchObject({ modality: 'cxr', kind: 'unreadable', source: 'ImagingStudy/study-1' });
    expect(read.issues[0]?.message).toMatch(/dicom-wado-rs Endpoint/);
  });
});

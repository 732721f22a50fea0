import type {
  Binary,
  Bundle,
  DocumentReference,
  Endpoint,
  ImagingStudy,
  Media,
  Resource,
  ResourceType,
} from '@medplum/fhirtypes';
import { FhirMappingError, FhirRequestError, isFormatError } from '../../shared/index';
import { describeWithSharedData, readSharedBytes } from '../../../test/support/shared-data';
import type { BinaryContent, FhirGateway, SearchResult } from '../fhir-gateway';
import { mapChestImage } from './cxr-image-mapper';
import { resolveWadoEndpoint, selectFrontalInstance, studyInstanceUid } from './cxr-imaging-study';
import { firstMultipartPart, isMultipart } from './cxr-multipart';

/** A FhirGateway double: resources by `Type/id`, bytes by reference. */
class StoreGateway implements FhirGateway {
  readonly baseUrl = 'https://ehr.example/fhir';

  constructor(
    private readonly resources: Record<string, Resource> = {},
    private readonly bytes: Record<string, BinaryContent> = {},
  ) {}

  async read<T extends Resource>(resourceType: T['resourceType'], id: string): Promise<T> {
    const resource = this.resources[`${resourceType}/${id}`];
    if (!resource) throw new FhirRequestError(`${this.baseUrl}/${resourceType}/${id}`, 404, 'GET failed');
    return resource as T;
  }
  async search<T extends Resource>(_type: ResourceType): Promise<SearchResult<T>> {
    return { resources: [], included: [] };
  }
  async create<T extends Resource>(resource: T): Promise<T> {
    return resource;
  }
  async transaction(bundle: Bundle): Promise<Bundle> {
    return bundle;
  }
  async readBytes(urlOrReference: string): Promise<BinaryContent> {
    const content = this.bytes[urlOrReference];
    if (!content) throw new FhirRequestError(`${this.baseUrl}/${urlOrReference}`, 404, 'GET failed');
    return content;
  }
}

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';

function series(uid: string, modality: string, description?: string, titles: (string | undefined)[] = [undefined]) {
  return {
    uid,
    modality: { system: DCM, code: modality },
    ...(description ? { description } : {}),
    instance: titles.map((title, i) => ({
      uid: `${uid}.${i + 1}`,
      sopClass: { code: '1.2.840.10008.5.1.4.1.1.1' },
      ...(title ? { title } : {}),
    })),
  };
}

function imagingStudy(seriesList: ImagingStudy['series'], extra: Partial<ImagingStudy> = {}): ImagingStudy {
  return {
    resourceType: 'ImagingStudy',
    id: 'st',
    status: 'available',
    subject: { reference: 'Patient/p1' },
    identifier: [{ system: 'urn:dicom:uid', value: 'urn:oid:1.2.3.4' }],
    series: seriesList,
    ...extra,
  };
}

describe('selectFrontalInstance', () => {
  it('chooses the PA series over AP and lateral ones, and a PA-titled instance within it', () => {
    const study = imagingStudy([
      series('1.1', 'DX', 'Chest lateral'),
      series('1.2', 'CR', 'CHEST AP portable'),
      series('1.3', 'DX', 'Chest', ['LL', 'PA']),
      series('1.4', 'CT', 'PA scout'),
    ]);

    const target = selectFrontalInstance(study);

    expect(target.studyUid).toBe('1.2.3.4');
    expect(target.series.uid).toBe('1.3');
    expect(target.instance.uid).toBe('1.3.2');
    expect([target.seriesIndex, target.instanceIndex, target.view]).toEqual([2, 1, 'PA']);
  });

  it('takes an AP series when there is no PA one, and ignores non-CR/DX series', () => {
    const study = imagingStudy([series('2.1', 'CT', 'PA'), series('2.2', 'DX', 'LAT'), series('2.3', 'CR', 'AP')]);

    expect(selectFrontalInstance(study).series.uid).toBe('2.3');
  });

  it('names the study and the modalities it found when there is no CR or DX series', () => {
    const study = imagingStudy([series('3.1', 'CT'), series('3.2', 'MR')]);

    expect(() => selectFrontalInstance(study)).toThrow(
      'ImagingStudy/st series: has no CR or DX series (found: CT, MR)',
    );
  });

  it('reads the study UID from any urn:oid identifier, or from an STU3-style uid, and refuses a study without one', () => {
    const other = imagingStudy([], { identifier: [{ system: 'urn:ietf:rfc:3986', value: 'urn:oid:1.2.840.99' }] });
    const legacy = { ...imagingStudy([], { identifier: [] }), uid: 'urn:oid:1.2.5' } as ImagingStudy;
    const none = imagingStudy([], { identifier: [{ system: 'http://acme/accession', value: 'A123' }] });

    expect(studyInstanceUid(other)).toBe('1.2.840.99');
    expect(studyInstanceUid(legacy)).toBe('1.2.5');
    expect(() => studyInstanceUid(none)).toThrow('ImagingStudy/st identifier: has no DICOM Study Instance UID');
  });
});

describe('resolveWadoEndpoint', () => {
  const endpoint = (id: string, code: string, extra: Partial<Endpoint> = {}): Endpoint => ({
    resourceType: 'Endpoint',
    id,
    status: 'active',
    connectionType: { system: 'http://terminology.hl7.org/CodeSystem/endpoint-connection-type', code },
    payloadType: [{ text: 'DICOM' }],
    address: `https://pacs.example/${id}/`,
    ...extra,
  });

  it('skips a WADO-URI endpoint and uses the included dicom-wado-rs one, base URL without trailing slash', async () => {
    const study = imagingStudy([series('1.1', 'DX')], {
      endpoint: [{ reference: 'Endpoint/uri' }, { reference: 'https://ehr.example/fhir/Endpoint/rs' }],
    });
    const gateway = new StoreGateway({ 'Endpoint/uri': endpoint('uri', 'dicom-wado-uri') });

    const resolved = await resolveWadoEndpoint(study, selectFrontalInstance(study), gateway, {
      included: [endpoint('rs', 'dicom-wado-rs')],
    });

    expect(resolved).toEqual({ reference: 'Endpoint/rs', baseUrl: 'https://pacs.example/rs' });
  });

  it('names the endpoint element when no referenced endpoint is an active dicom-wado-rs one', async () => {
    const study = imagingStudy([series('1.1', 'DX')], { endpoint: [{ reference: '#off' }] });
    study.contained = [endpoint('off', 'dicom-wado-rs', { status: 'off' })];

    await expect(resolveWadoEndpoint(study, selectFrontalInstance(study), new StoreGateway())).rejects.toThrow(
      'ImagingStudy/st endpoint: references no active dicom-wado-rs Endpoint with an address (found: dicom-wado-rs)',
    );
  });
});

describe('firstMultipartPart', () => {
  const body = Buffer.from('--abc\r\nContent-Type: application/dicom\r\n\r\nDICM\r\n--xyz\r\n--abc--\r\n');

  it('takes the boundary from the body when the content type lost its parameters', () => {
    const part = firstMultipartPart(new Uint8Array(body), 'multipart/related');

    expect(Buffer.from(part?.bytes ?? []).toString()).toBe('DICM\r\n--xyz');
    expect(part?.contentType).toBe('application/dicom');
  });

  it('uses the boundary parameter when there is one, and finds nothing in a body without it', () => {
    const quoted = firstMultipartPart(new Uint8Array(body), 'multipart/related; boundary="abc"');
    const wrong = firstMultipartPart(new Uint8Array(body), 'multipart/related; boundary=zzz');

    expect(Buffer.from(quoted?.bytes ?? []).toString()).toBe('DICM\r\n--xyz');
    expect(wrong).toBeUndefined();
    expect(isMultipart(new Uint8Array(body), undefined)).toBe(true);
    expect(isMultipart(new Uint8Array([0x89, 0x50]), 'image/png')).toBe(false);
  });
});

describeWithSharedData('mapChestImage on attachments (real files)', () => {
  const png = readSharedBytes('cxr', 'nih-siim', '00027426_000.png');
  const dicom = readSharedBytes('cxr', 'nih-siim', '1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819.dcm');
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

  it('reads an inline PNG from a DocumentReference at its 512 × 512 size', async () => {
    const doc: DocumentReference = {
      resourceType: 'DocumentReference',
      id: 'doc-png',
      status: 'current',
      content: [
        { attachment: { contentType: 'application/pdf', data: base64(new Uint8Array([37, 80, 68, 70])) } },
        { attachment: { contentType: 'image/png', data: base64(png) } },
      ],
    };

    const image = await mapChestImage(doc, new StoreGateway());

    // NIH ChestX-ray14 PNGs are 512 × 512 (../shared/data/README.md).
    expect([image.width, image.height, image.sourceFormat]).toEqual([512, 512, 'png']);
    expect(image.provenance.references).toEqual(['DocumentReference/doc-png']);
  });

  it('reads a DICOM Binary resource and a Media whose content is a Binary reference', async () => {
    const binary: Binary = { resourceType: 'Binary', id: 'b1', contentType: 'application/dicom', data: base64(dicom) };
    const media: Media = {
      resourceType: 'Media',
      id: 'm1',
      status: 'completed',
      content: { url: 'Binary/b2' },
    };
    const gateway = new StoreGateway({}, { 'Binary/b2': { contentType: 'application/octet-stream', data: dicom } });

    const fromBinary = await mapChestImage(binary, gateway);
    const fromMedia = await mapChestImage(media, gateway);

    // SIIM CR DICOM: 1024 × 1024, modality CR (README; DICOM Modality attribute).
    expect([fromBinary.width, fromBinary.height, fromBinary.modality]).toEqual([1024, 1024, 'CR']);
    expect([fromMedia.width, fromMedia.height]).toEqual([1024, 1024]);
    expect(fromMedia.provenance.references).toEqual(['Media/m1', 'Binary/b2']);
  });

  it('names the resource and the attachment data of a corrupted PNG, with the format error as cause', async () => {
    const doc: DocumentReference = {
      resourceType: 'DocumentReference',
      id: 'doc-bad',
      status: 'current',
      content: [{ attachment: { contentType: 'image/png', data: base64(png.subarray(0, 2000)) } }],
    };

    const error = await mapChestImage(doc, new StoreGateway()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(FhirMappingError);
    const mapping = error as FhirMappingError;
    expect([mapping.resource, mapping.field, mapping.modality]).toEqual([
      'DocumentReference/doc-bad',
      'content[0].attachment.data',
      'cxr',
    ]);
    expect(mapping.reason).toMatch(/^is not a readable image: /);
    expect(isFormatError(mapping.cause)).toBe(true);
  });

  it('says which content types it saw when no attachment is an image', async () => {
    const doc: DocumentReference = {
      resourceType: 'DocumentReference',
      id: 'doc-text',
      status: 'current',
      content: [{ attachment: { contentType: 'text/plain', data: base64(new Uint8Array([65])) } }],
    };

    await expect(mapChestImage(doc, new StoreGateway())).rejects.toThrow(
      'DocumentReference/doc-text content: holds no DICOM, PNG or JPEG image (attachment content types: text/plain)',
    );
  });
});

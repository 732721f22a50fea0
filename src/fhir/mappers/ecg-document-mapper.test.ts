import type { Bundle, DocumentReference, Resource, ResourceType } from '@medplum/fhirtypes';
import { readDicomEcg } from '../../formats/dicom/index';
import { FhirMappingError, FhirRequestError, isFormatError, MODEL_LEAD_ORDER } from '../../shared/index';
import { describeWithSharedData, readSharedBytes } from '../../../test/support/shared-data';
import type { BinaryContent, FhirGateway, SearchResult } from '../fhir-gateway';
import { mapEcgDocument, wfdbSignalFileNames } from './ecg-document-mapper';

/** A FhirGateway double that serves Binary bytes by reference and records what was fetched. */
class BinaryStoreGateway implements FhirGateway {
  readonly baseUrl = 'https://ehr.example/fhir';
  readonly fetched: string[] = [];

  constructor(private readonly binaries: Record<string, BinaryContent>) {}

  async read<T extends Resource>(resourceType: T['resourceType'], id: string): Promise<T> {
    throw new FhirRequestError(`${this.baseUrl}/${resourceType}/${id}`, 404, 'not in this double');
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
    this.fetched.push(urlOrReference);
    const content = this.binaries[urlOrReference];
    if (!content) throw new FhirRequestError(`${this.baseUrl}/${urlOrReference}`, 404, 'GET failed');
    return content;
  }
}

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

function documentReference(id: string, content: DocumentReference['content']): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    id,
    status: 'current',
    type: { coding: [{ system: 'http://loinc.org', code: '11524-6' }] },
    content,
  };
}

describe('wfdbSignalFileNames', () => {
  it('lists each signal file of a header once, skipping comments', () => {
    const header =
      '# comment\ns0010_re 15 1000 38400\ns0010_re.dat 16 2000 16 0 -489 -8337 0 i\n' +
      's0010_re.dat 16 2000 16 0 -458 -8339 0 ii\ns0010_re.xyz 16 2000 16 0 -19 -1087 0 vx\n#Age: 81\n';

    expect(wfdbSignalFileNames(header)).toEqual(['s0010_re.dat', 's0010_re.xyz']);
  });
});

describe('mapEcgDocument (no files)', () => {
  it('names the resource and content when no attachment is an ECG file', async () => {
    const doc = documentReference('pdf-only', [{ attachment: { contentType: 'application/pdf', url: 'Binary/pdf' } }]);

    const act = mapEcgDocument(doc, new BinaryStoreGateway({}));

    await expect(act).rejects.toThrow(
      'DocumentReference/pdf-only content: holds no DICOM or WFDB ECG (attachment content types: application/pdf)',
    );
  });

  it('wraps a failed fetch as a mapping error on the attachment url with the request error as cause', async () => {
    const doc = documentReference('gone', [{ attachment: { contentType: 'application/dicom', url: 'Binary/gone' } }]);

    const error = await mapEcgDocument(doc, new BinaryStoreGateway({})).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(FhirMappingError);
    expect((error as FhirMappingError).field).toBe('content[0].attachment.url');
    expect((error as FhirMappingError).cause).toBeInstanceOf(FhirRequestError);
  });

  it('refuses inline data that is not base64', async () => {
    const doc = documentReference('bad64', [{ attachment: { contentType: 'application/dicom', data: 'no*base64!' } }]);

    await expect(mapEcgDocument(doc, new BinaryStoreGateway({}))).rejects.toThrow(
      'DocumentReference/bad64 content[0].attachment.data: is not valid base64',
    );
  });
});

describeWithSharedData('mapEcgDocument on real files', () => {
  const dicomPath = ['ecg-formats', 'dicom-ecg', 'waveform_ecg.dcm'] as const;

  it('reads the DICOM 12-lead ECG inline: 12 leads of 10,000 samples at 1000 Hz in model order', async () => {
    const bytes = readSharedBytes(...dicomPath);
    const doc = documentReference('dcm-inline', [
      { attachment: { contentType: 'application/dicom', data: base64(bytes) } },
    ]);

    const recording = await mapEcgDocument(doc, new BinaryStoreGateway({}));

    // Shape from ../shared/data/README.md ("rhythm 12 × 10,000 @ 1000 Hz").
    expect(recording.samplingRateHz).toBe(1000);
    expect(recording.leads.map((l) => l.name)).toEqual([...MODEL_LEAD_ORDER]);
    expect(recording.leads.every((l) => l.samples.length === 10000)).toBe(true);
    // Samples unchanged by the FHIR layer: the same as reading the file directly, lead by lead.
    const direct = readDicomEcg(bytes);
    for (const lead of recording.leads) {
      expect(lead.samples).toEqual(direct.leads.find((l) => l.name === lead.name)?.samples);
    }
    expect(recording.provenance).toMatchObject({
      source: 'fhir',
      server: 'https://ehr.example/fhir',
      references: ['DocumentReference/dcm-inline'],
    });
  });

  it('reads the same DICOM ECG by Binary url with no content type, recognising it by its bytes', async () => {
    const bytes = readSharedBytes(...dicomPath);
    const gateway = new BinaryStoreGateway({ 'Binary/ecg-7': { contentType: 'application/dicom', data: bytes } });
    const doc = documentReference('dcm-url', [{ attachment: { url: 'Binary/ecg-7' } }]);

    const recording = await mapEcgDocument(doc, gateway);

    expect(gateway.fetched).toEqual(['Binary/ecg-7']);
    expect(recording.leads).toHaveLength(12);
    expect(recording.provenance.references).toEqual(['DocumentReference/dcm-url', 'Binary/ecg-7']);
  });

  it('names the attachment data and keeps the format reason as cause for a truncated DICOM', async () => {
    const bytes = readSharedBytes(...dicomPath).subarray(0, 4000);
    const doc = documentReference('dcm-cut', [
      { attachment: { contentType: 'application/pdf', url: 'Binary/pdf' } },
      { attachment: { contentType: 'application/dicom', data: base64(bytes) } },
    ]);

    const error = await mapEcgDocument(doc, new BinaryStoreGateway({})).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(FhirMappingError);
    expect((error as FhirMappingError).resource).toBe('DocumentReference/dcm-cut');
    expect((error as FhirMappingError).field).toBe('content[1].attachment.data');
    expect(isFormatError((error as FhirMappingError).cause)).toBe(true);
  });

  it('reads a WFDB pair (PTB-XL 00001_hr .hea inline + .dat by url) matched by title', async () => {
    const header = readSharedBytes('ptb-xl', 'records500', '00000', '00001_hr.hea');
    const signal = readSharedBytes('ptb-xl', 'records500', '00000', '00001_hr.dat');
    const gateway = new BinaryStoreGateway({
      'Binary/dat-1': { contentType: 'application/octet-stream', data: signal },
    });
    const doc = documentReference('wfdb-1', [
      { attachment: { contentType: 'text/plain', title: '00001_hr.hea', data: base64(header) } },
      { attachment: { contentType: 'application/octet-stream', title: '00001_hr.dat', url: 'Binary/dat-1' } },
    ]);

    const recording = await mapEcgDocument(doc, gateway);

    // Header: 12 signals, 500 Hz, 5000 samples, gain 1000/mV, baseline 0.
    expect(recording.samplingRateHz).toBe(500);
    expect(recording.leads.map((l) => l.name)).toEqual([...MODEL_LEAD_ORDER]);
    expect(recording.leads.every((l) => l.samples.length === 5000)).toBe(true);
    // numpy: int16 LE, 12 interleaved signals, ADC / 1000 at sample 2500 → I −0.1, aVL −0.065, aVF −0.02, V6 −0.085
    const at2500 = (name: string) => recording.leads.find((l) => l.name === name)?.samples[2500] ?? Number.NaN;
    expect(at2500('I')).toBeCloseTo(-0.1, 6);
    expect(at2500('aVL')).toBeCloseTo(-0.065, 6);
    expect(at2500('aVF')).toBeCloseTo(-0.02, 6);
    expect(at2500('V6')).toBeCloseTo(-0.085, 6);
    expect(recording.provenance.references).toEqual(['DocumentReference/wfdb-1', 'Binary/dat-1']);
  });

  it('recognises a WFDB header by its content type and a signal file by the last segment of its url', async () => {
    const header = readSharedBytes('ptb-xl', 'records500', '00000', '00001_hr.hea');
    const signal = readSharedBytes('ptb-xl', 'records500', '00000', '00001_hr.dat');
    const url = 'https://files.example/ecg/00001_hr.dat';
    const gateway = new BinaryStoreGateway({ [url]: { contentType: 'application/octet-stream', data: signal } });
    const doc = documentReference('wfdb-2', [
      { attachment: { contentType: 'application/x-wfdb-header', data: base64(header) } },
      { attachment: { url } },
    ]);

    const recording = await mapEcgDocument(doc, gateway);

    expect(recording.leads).toHaveLength(12);
  });

  it('names the missing signal file when the header names one that is not attached', async () => {
    const header = readSharedBytes('ptb-xl', 'records500', '00000', '00001_hr.hea');
    const doc = documentReference('wfdb-3', [{ attachment: { title: '00001_hr.hea', data: base64(header) } }]);

    await expect(mapEcgDocument(doc, new BinaryStoreGateway({}))).rejects.toThrow(
      "DocumentReference/wfdb-3 content: WFDB header content[0].attachment.data names signal file '00001_hr.dat'",
    );
  });
});

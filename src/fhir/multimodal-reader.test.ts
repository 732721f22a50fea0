import type {
  DocumentReference,
  Encounter,
  Endpoint,
  ImagingStudy,
  Observation,
  ObservationComponent,
  Resource,
  ResourceType,
} from '@medplum/fhirtypes';
import { PNG } from 'pngjs';
import { FhirRequestError, type ModalityIssue } from '../shared/index';
import type { SearchOptions, SearchParams, SearchResult } from './fhir-gateway';
import { readMultimodalRecord } from './multimodal-reader';
import { InMemoryFhirGateway } from './testing/in-memory-fhir-gateway';

/**
 * The in-memory double plus the two search parameters the reader uses that the double leaves out: `type` on
 * DocumentReference (token, comma = OR) and `_include=ImagingStudy:endpoint`. Searches of the types in `failing`
 * answer 503, as an overloaded server would.
 */
class ReaderTestGateway extends InMemoryFhirGateway {
  failing = new Set<ResourceType>();

  override async search<T extends Resource>(
    resourceType: ResourceType,
    params: SearchParams,
    options?: SearchOptions,
  ): Promise<SearchResult<T>> {
    if (this.failing.has(resourceType)) {
      throw new FhirRequestError(`${this.baseUrl}/${resourceType}`, 503, 'search failed');
    }
    const { type, _include: include, ...rest } = params;
    const result = await super.search<T>(resourceType, rest, options);
    const types = type === undefined ? undefined : String(type).split(',');
    const resources = types
      ? result.resources.filter((r) =>
          ((r as unknown as DocumentReference).type?.coding ?? []).some((c) => types.includes(c.code ?? '')),
        )
      : result.resources;
    const included =
      include === 'ImagingStudy:endpoint'
        ? resources.flatMap((r) =>
            ((r as unknown as ImagingStudy).endpoint ?? []).flatMap((ref) =>
              this.all<Endpoint>('Endpoint').filter((e) => ref.reference === `Endpoint/${e.id}`),
            ),
          )
        : [];
    return { resources, included, total: resources.length };
  }
}

const ANCHOR = '2024-03-01T10:00:00Z';
const PATIENT = { reference: 'Patient/p1' };
const ISO = 'urn:iso:std:iso:11073:10101';

function lab(id: string, loinc: string, value: number, unit: string, time: string): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    subject: PATIENT,
    code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
    effectiveDateTime: time,
    valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
  };
}

function ecg(id: string, time: string, lengths: [number, number]): Observation {
  const lead = (code: string, n: number): ObservationComponent => ({
    code: { coding: [{ system: ISO, code }] },
    valueSampledData: {
      origin: { value: 0, unit: 'uV' },
      period: 2,
      dimensions: 1,
      data: Array(n).fill('100').join(' '),
    },
  });
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    subject: PATIENT,
    code: { coding: [{ system: 'http://loinc.org', code: '34534-8' }] },
    effectiveDateTime: time,
    component: [lead('131329', lengths[0]), lead('131330', lengths[1])],
  };
}

/** A 4 × 3 greyscale PNG whose pixel i has the value 20·i (built with pngjs, so its content is known exactly). */
function smallPng(): Uint8Array {
  const png = new PNG({ width: 4, height: 3 });
  for (let i = 0; i < 12; i++) {
    png.data.set([20 * i, 20 * i, 20 * i, 255], i * 4);
  }
  return new Uint8Array(PNG.sync.write(png));
}

const WADO = 'https://pacs.example/dicom-web';

function chestStudy(id: string, started: string): ImagingStudy {
  return {
    resourceType: 'ImagingStudy',
    id,
    status: 'available',
    subject: PATIENT,
    started,
    identifier: [{ system: 'urn:dicom:uid', value: 'urn:oid:1.2.3' }],
    endpoint: [{ reference: 'Endpoint/wado' }],
    series: [
      {
        uid: '1.2.3.1',
        modality: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: 'DX' },
        description: 'PA',
        instance: [{ uid: '1.2.3.1.1', sopClass: { code: '1.2.840.10008.5.1.4.1.1.1.1' } }],
      },
    ],
  };
}

function gatewayWith(resources: Resource[]): ReaderTestGateway {
  const gateway = new ReaderTestGateway([
    {
      resourceType: 'Endpoint',
      id: 'wado',
      status: 'active',
      connectionType: {
        system: 'http://terminology.hl7.org/CodeSystem/endpoint-connection-type',
        code: 'dicom-wado-rs',
      },
      payloadType: [{ text: 'DICOM' }],
      address: WADO,
    },
    ...resources,
  ]);
  gateway.putBytes(`${WADO}/studies/1.2.3/series/1.2.3.1/instances/1.2.3.1.1/rendered`, {
    contentType: 'image/png',
    data: smallPng(),
  });
  return gateway;
}

const kinds = (issues: ModalityIssue[]) => issues.map((i) => `${i.modality}:${i.kind}`);

describe('readMultimodalRecord', () => {
  it('returns labs and CXR with an ECG issue naming the resource and field when the only ECG is malformed', async () => {
    const gateway = gatewayWith([
      lab('creat', '2160-0', 1.4, 'mg/dL', '2024-03-01T09:00:00Z'),
      lab('na', '2951-2', 139, 'mmol/L', '2024-03-01T08:00:00Z'),
      lab('old-creat', '2160-0', 0.9, 'mg/dL', '2024-02-26T09:00:00Z'),
      ecg('ecg-bad', '2024-03-01T10:30:00Z', [5, 4]),
      chestStudy('cxr-1', '2024-03-01T12:00:00Z'),
    ]);

    const record = await readMultimodalRecord(gateway, 'p1', { anchorTime: ANCHOR });

    expect(record.labs?.values.creatinine?.value).toBe(1.4);
    expect(record.labs?.values.sodium?.value).toBe(139); // mmol/L = meq/L for a monovalent ion
    expect(record.ecg).toBeUndefined();
    expect(record.issues).toEqual([
      {
        modality: 'ecg',
        kind: 'unreadable',
        message: expect.stringContaining('expected 5 samples like the other leads, found 4'),
        source: 'Observation/ecg-bad',
        field: 'component[1].valueSampledData.data',
      },
    ]);
    // The PNG's pixel i is 20·i by construction, so the first row reads 0, 20, 40, 60 (/255).
    expect([record.cxr?.width, record.cxr?.height]).toEqual([4, 3]);
    expect(Array.from(record.cxr?.pixels.subarray(0, 4) ?? []).map((v) => Math.round(v * 255))).toEqual([
      0, 20, 40, 60,
    ]);
    expect(record.provenance.references).toEqual(
      expect.arrayContaining(['Observation/creat', 'Observation/na', 'ImagingStudy/cxr-1', 'Endpoint/wado']),
    );
    expect(record.provenance.references).not.toContain('Observation/old-creat');
  });

  it('takes the ECG closest to the anchor, and the next one with an issue when the closest cannot be read', async () => {
    const gateway = gatewayWith([
      ecg('ecg-far', '2024-03-01T02:00:00Z', [6, 6]),
      ecg('ecg-near', '2024-03-01T11:00:00Z', [3, 3]),
      ecg('ecg-nearest-bad', '2024-03-01T09:45:00Z', [3, 2]),
      ecg('ecg-outside', '2024-03-03T10:00:00Z', [8, 8]),
    ]);

    const record = await readMultimodalRecord(gateway, 'p1', { anchorTime: ANCHOR });

    expect(record.ecg?.provenance.references).toEqual(['Observation/ecg-near']);
    expect(record.ecg?.leads[0]?.samples).toEqual(new Float32Array([0.1, 0.1, 0.1])); // 100 uV = 0.1 mV
    expect(record.issues.filter((i) => i.modality === 'ecg')).toEqual([
      expect.objectContaining({ kind: 'unreadable', source: 'Observation/ecg-nearest-bad' }),
    ]);
  });

  it('marks every modality absent when the patient has nothing in the windows', async () => {
    const gateway = gatewayWith([
      lab('old', '2160-0', 1.0, 'mg/dL', '2024-01-01T00:00:00Z'),
      chestStudy('cxr-old', '2024-02-20T00:00:00Z'),
    ]);

    const record = await readMultimodalRecord(gateway, 'p1', { anchorTime: ANCHOR });

    expect([record.labs, record.ecg, record.cxr]).toEqual([undefined, undefined, undefined]);
    expect(kinds(record.issues)).toEqual(['labs:absent', 'ecg:absent', 'cxr:absent']);
    expect(record.issues[2]?.message).toContain('1 outside the window');
  });

  it('keeps labs and ECG when every CXR search fails, reporting the failed searches', async () => {
    const gateway = gatewayWith([
      lab('creat', '2160-0', 1.4, 'mg/dL', '2024-03-01T09:00:00Z'),
      ecg('ecg-ok', '2024-03-01T10:00:00Z', [4, 4]),
    ]);
    for (const type of ['ImagingStudy', 'DiagnosticReport', 'DocumentReference', 'Media'] as const) {
      gateway.failing.add(type);
    }

    const record = await readMultimodalRecord(gateway, 'p1', { anchorTime: ANCHOR });

    expect(record.labs?.values.creatinine?.value).toBe(1.4);
    expect(record.ecg?.leads.map((l) => l.name)).toEqual(['I', 'II', 'III', 'aVR', 'aVF', 'aVL']);
    // The ECG's DocumentReference search failed too, but an ECG was found: that is partial, not unreadable.
    expect(kinds(record.issues)).toEqual([
      'ecg:partial',
      'cxr:unreadable',
      'cxr:unreadable',
      'cxr:unreadable',
      'cxr:unreadable',
      'cxr:absent',
    ]);
    expect(record.issues.find((i) => i.modality === 'cxr')?.message).toContain('HTTP 503');
  });

  it('anchors on the encounter start when no anchor time is given', async () => {
    const encounter: Encounter = {
      resourceType: 'Encounter',
      id: 'enc-1',
      status: 'in-progress',
      class: { code: 'IMP' },
      subject: PATIENT,
      period: { start: '2023-06-10T08:00:00Z' },
    };
    const gateway = gatewayWith([encounter, lab('creat', '2160-0', 2.1, 'mg/dL', '2023-06-10T20:00:00Z')]);

    const record = await readMultimodalRecord(gateway, 'p1', { encounterId: 'enc-1' });

    expect(record.anchorTime).toBe('2023-06-10T08:00:00Z');
    expect(record.encounterId).toBe('enc-1');
    expect(record.labs?.values.creatinine?.value).toBe(2.1);
  });
});

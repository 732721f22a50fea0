import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DiagnosticReport, Endpoint, ImagingStudy } from '@medplum/fhirtypes';
import { readDicomImage } from '../../formats/dicom/index';
import { readPng } from '../../formats/image/index';
import { FhirMappingError } from '../../shared/index';
import { describeWithSharedData, readSharedBytes } from '../../../test/support/shared-data';
import { HttpFhirGateway } from '../http-fhir-gateway';
import { mapChestImage } from './cxr-image-mapper';

const STUDY_UID = '1.2.826.0.1.3680043.8.498.1';
const LATERAL_SERIES = '1.2.826.0.1.3680043.8.498.1.1';
const PA_SERIES = '1.2.826.0.1.3680043.8.498.1.2';
const INSTANCE_UID = '1.2.826.0.1.3680043.8.498.1.2.1';
const TOKEN = 'test-token-not-a-secret';

interface Seen {
  path: string;
  accept: string | undefined;
  authorized: boolean;
}

/** What the DICOMweb double answers; each test sets it. */
interface DicomWebBehaviour {
  rendered: 'png' | 'not-supported';
  instance: 'multipart' | 'dicom' | 'missing';
}

/** Index of the first differing pixel, -1 when equal (jest's deep equality takes seconds on a megapixel). */
function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    }),
  );
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

function study(endpoint: ImagingStudy['endpoint'], contained?: Endpoint[]): ImagingStudy {
  const dx = { system: 'http://dicom.nema.org/resources/ontology/DCM', code: 'DX' };
  return {
    resourceType: 'ImagingStudy',
    id: 'st-1',
    status: 'available',
    subject: { reference: 'Patient/p1' },
    started: '2024-03-01T09:00:00Z',
    identifier: [{ system: 'urn:dicom:uid', value: `urn:oid:${STUDY_UID}` }],
    modality: [dx],
    ...(contained ? { contained } : {}),
    endpoint,
    series: [
      {
        uid: LATERAL_SERIES,
        modality: dx,
        description: 'CHEST LAT',
        instance: [{ uid: '1.2.826.0.1.3680043.8.498.1.1.1', sopClass: { code: '1.2.840.10008.5.1.4.1.1.1.1' } }],
      },
      {
        uid: PA_SERIES,
        modality: dx,
        description: 'CHEST PA',
        instance: [{ uid: INSTANCE_UID, sopClass: { code: '1.2.840.10008.5.1.4.1.1.1.1' } }],
      },
    ],
  };
}

describeWithSharedData('mapChestImage over DICOMweb (node:http servers)', () => {
  const png = readSharedBytes('cxr', 'nih-siim', '00000001_000.png');
  const dicom = readSharedBytes('cxr', 'nih-siim', '1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819.dcm');
  let fhir: { server: Server; url: string };
  let pacs: { server: Server; url: string };
  let behaviour: DicomWebBehaviour;
  let seen: Seen[];
  const fhirResources: Record<string, unknown> = {};

  beforeAll(async () => {
    fhir = await listen((req, res) => {
      const resource = fhirResources[(req.url ?? '').replace(/^\/fhir\//, '')];
      res.writeHead(resource ? 200 : 404, { 'content-type': 'application/fhir+json' });
      res.end(JSON.stringify(resource ?? { resourceType: 'OperationOutcome', issue: [] }));
    });
    pacs = await listen((req, res) => {
      const path = req.url ?? '';
      seen.push({ path, accept: req.headers.accept, authorized: req.headers.authorization === `Bearer ${TOKEN}` });
      const instancePath = `/dicom-web/studies/${STUDY_UID}/series/${PA_SERIES}/instances/${INSTANCE_UID}`;
      if (path === `${instancePath}/rendered` && behaviour.rendered === 'png') {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(png);
      } else if (path === instancePath && behaviour.instance === 'multipart') {
        const boundary = 'b0undary-42';
        res.writeHead(200, { 'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}` });
        res.end(
          Buffer.concat([
            Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
            dicom,
            Buffer.from(`\r\n--${boundary}--\r\n`),
          ]),
        );
      } else if (path === instancePath && behaviour.instance === 'dicom') {
        res.writeHead(200, { 'content-type': 'application/dicom' });
        res.end(dicom);
      } else {
        res.writeHead(path.endsWith('/rendered') ? 406 : 404, { 'content-type': 'text/plain' });
        res.end('not available');
      }
    });
  });

  afterAll(async () => {
    await close(fhir.server);
    await close(pacs.server);
  });

  beforeEach(() => {
    seen = [];
  });

  function gateway(): HttpFhirGateway {
    return new HttpFhirGateway({ baseUrl: `${fhir.url}/fhir`, accessToken: TOKEN, maxRetries: 0, timeoutMs: 5000 });
  }

  function wadoEndpoint(id: string, system: string, requiresToken?: boolean): Endpoint {
    return {
      resourceType: 'Endpoint',
      id,
      status: 'active',
      connectionType: { system, code: 'dicom-wado-rs' },
      payloadType: [{ text: 'DICOM' }],
      payloadMimeType: ['application/dicom'],
      address: `${pacs.url}/dicom-web/`,
      ...(requiresToken === undefined
        ? {}
        : {
            extension: [
              {
                url: 'http://hl7.org/fhir/smart-imaging-access/StructureDefinition/requires-access-token',
                valueBoolean: requiresToken,
              },
            ],
          }),
    };
  }

  it('prefers the rendered PNG of the PA series, sending the token when the Endpoint requires it', async () => {
    behaviour = { rendered: 'png', instance: 'missing' };
    const endpoint = wadoEndpoint('ep', 'http://terminology.hl7.org/CodeSystem/endpoint-connection-type', true);

    const image = await mapChestImage(study([{ reference: '#ep' }], [endpoint]), gateway());

    expect(seen).toEqual([
      {
        path: `/dicom-web/studies/${STUDY_UID}/series/${PA_SERIES}/instances/${INSTANCE_UID}/rendered`,
        accept: 'image/png',
        authorized: true,
      },
    ]);
    // NIH ChestX-ray14 PNGs are 512 × 512 (../shared/data/README.md); pixels as the PNG reader gives them directly.
    const direct = readPng(png);
    expect([image.width, image.height]).toEqual([512, 512]);
    expect(firstDifference(image.pixels, direct.pixels)).toBe(-1);
    expect(image.view).toBe('PA');
    expect(image.modality).toBe('DX');
    expect(image.acquiredAt).toBe('2024-03-01T09:00:00Z');
    expect(image.provenance).toMatchObject({
      source: 'fhir',
      references: ['ImagingStudy/st-1', 'ImagingStudy/st-1#ep'],
    });
  });

  it('falls back to the DICOM instance in a multipart/related response when rendering is not offered', async () => {
    behaviour = { rendered: 'not-supported', instance: 'multipart' };
    fhirResources['Endpoint/ep-1'] = wadoEndpoint('ep-1', 'http://hl7.org/fhir/endpoint-connection-type');

    const image = await mapChestImage(study([{ reference: 'Endpoint/ep-1' }]), gateway());

    expect(seen.map((s) => s.path.split('/').pop())).toEqual(['rendered', INSTANCE_UID]);
    expect(seen[1]?.accept).toContain('multipart/related; type="application/dicom"');
    // No requires-access-token: the token stays with the FHIR server's origin.
    expect(seen.every((s) => !s.authorized)).toBe(true);
    // SIIM CR DICOM: 1024 × 1024 (README); pixels as the DICOM reader gives them from the file directly.
    const direct = readDicomImage(dicom);
    expect([image.width, image.height]).toEqual([1024, 1024]);
    expect(firstDifference(image.pixels, direct.pixels)).toBe(-1);
    expect(image.sourceFormat).toBe('dicom');
    expect(image.provenance.references).toEqual(['ImagingStudy/st-1', 'Endpoint/ep-1']);
  });

  it('reads a plain application/dicom answer and withholds the token when requires-access-token is false', async () => {
    behaviour = { rendered: 'not-supported', instance: 'dicom' };
    const endpoint = wadoEndpoint('ep', 'http://terminology.hl7.org/CodeSystem/endpoint-connection-type', false);

    const image = await mapChestImage(study([{ reference: '#ep' }], [endpoint]), gateway());

    expect([image.width, image.height]).toEqual([1024, 1024]);
    expect(seen.every((s) => !s.authorized)).toBe(true);
  });

  it('names the study and the chosen instance when neither rendered nor instance retrieval works', async () => {
    behaviour = { rendered: 'not-supported', instance: 'missing' };
    const endpoint = wadoEndpoint('ep', 'http://terminology.hl7.org/CodeSystem/endpoint-connection-type', true);

    const error = await mapChestImage(study([{ reference: '#ep' }], [endpoint]), gateway()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(FhirMappingError);
    expect((error as FhirMappingError).resource).toBe('ImagingStudy/st-1');
    expect((error as FhirMappingError).field).toBe('series[1].instance[0]');
    expect((error as FhirMappingError).reason).toContain('HTTP 406');
    expect((error as FhirMappingError).reason).toContain('HTTP 404');
  });

  it('follows a DiagnosticReport to its ImagingStudy read from the FHIR server', async () => {
    behaviour = { rendered: 'png', instance: 'missing' };
    const endpoint = wadoEndpoint('ep', 'http://terminology.hl7.org/CodeSystem/endpoint-connection-type', true);
    fhirResources['ImagingStudy/st-1'] = study([{ reference: '#ep' }], [endpoint]);
    const report: DiagnosticReport = {
      resourceType: 'DiagnosticReport',
      id: 'dr-1',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '36554-4' }] },
      imagingStudy: [{ reference: 'ImagingStudy/st-1' }],
    };

    const image = await mapChestImage(report, gateway());

    expect([image.width, image.height]).toEqual([512, 512]);
    expect(image.provenance.references[0]).toBe('DiagnosticReport/dr-1');
  });
});

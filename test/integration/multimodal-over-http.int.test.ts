/**
 * The whole foundation end to end: the sandbox FHIR server (loaded with the Synthea bundles) holds a patient's labs,
 * an ECG Observation written from a real PTB-XL record, a malformed ECG and a chest X-ray PNG in a Binary behind a
 * DocumentReference; readMultimodalRecord reads them back over HTTP through HttpFhirGateway.
 */
import type { DocumentReference, Observation } from '@medplum/fhirtypes';
import { HttpFhirGateway } from '../../src/fhir/http-fhir-gateway';
import { readMultimodalRecord } from '../../src/fhir/multimodal-reader';
import { ecgToObservation } from '../../src/fhir/writers/ecg-observation-writer';
import { readPng } from '../../src/formats/image';
import { readWfdbRecord, wfdbToEcgRecording } from '../../src/formats/wfdb';
import { startSandbox } from '../../src/main';
import type { RunningSandbox } from '../../src/main';
import { MODEL_LEAD_ORDER, findLead, loadConfig, createSilentLogger } from '../../src/shared';
import { describeWithSharedData, readSharedBytes, readSharedText, sharedDataPath } from '../support/shared-data';

/** Julio Ulibarri's Patient.id in his Synthea bundle. */
const JULIO = '9535d7d4-3398-488d-83ea-ff3b7a2eddbf';
/** Tarsha Stokes: gets no ECG and no chest X-ray in this test. */
const TARSHA_FILE = 'Tarsha_Stokes_fd04234a-e56d-4362-88a5-bbaa47addb6b.json';
/** Julio's last metabolic panel in his bundle is at 2015-07-30T20:44:32Z; the test anchors on it. */
const ANCHOR = '2015-07-30T21:00:00Z';

describeWithSharedData('a multimodal record read over HTTP from the sandbox', () => {
  let sandbox: RunningSandbox;
  let gateway: HttpFhirGateway;
  let brokenId = '';
  const ptbxlHeader = readSharedText('ptb-xl/records500/00000/00001_hr.hea');
  const ptbxl = wfdbToEcgRecording(
    readWfdbRecord(ptbxlHeader, { '00001_hr.dat': readSharedBytes('ptb-xl/records500/00000/00001_hr.dat') }),
    { source: 'file', references: ['00001_hr'] },
  );
  const png = readSharedBytes('cxr/nih-siim/00000001_000.png');

  beforeAll(async () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SANDBOX_BUNDLES_DIR: sharedDataPath('fhir/synthea-r4'),
      // Synthea only: the synthetic cohort has its own end-to-end test.
      SANDBOX_SYNTHETIC_PATIENTS: '0',
    });
    sandbox = await startSandbox(config, createSilentLogger());
    gateway = new HttpFhirGateway({ baseUrl: `${sandbox.baseUrl}/fhir`, accessToken: 'test-token' });

    const ecg = ecgToObservation(ptbxl, { patientId: JULIO, effective: '2015-07-30T22:00:00Z' });
    await gateway.create<Observation>(ecg);

    // Closer to the anchor than the good ECG, and one sample short in V2: the reader must report it and fall back.
    const broken = ecgToObservation(ptbxl, { patientId: JULIO, effective: '2015-07-30T21:05:00Z' });
    const v2 = broken.component?.find(
      (c) => c.code.text === 'V2' || c.code.coding?.some((x) => x.display?.endsWith('V2')),
    );
    const data = v2?.valueSampledData;
    if (!data?.data) throw new Error('writer produced no V2 SampledData');
    data.data = data.data.split(' ').slice(1).join(' ');
    const brokenStored = await gateway.create<Observation>(broken);

    const upload = await fetch(`${sandbox.baseUrl}/fhir/Binary`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: Buffer.from(png),
    });
    const binary = (await upload.json()) as { id: string };
    await gateway.create<DocumentReference>({
      resourceType: 'DocumentReference',
      status: 'current',
      subject: { reference: `Patient/${JULIO}` },
      type: { coding: [{ system: 'http://loinc.org', code: '36554-4', display: 'XR Chest Single view' }] },
      date: '2015-07-31T09:00:00Z',
      content: [{ attachment: { contentType: 'image/png', url: `Binary/${binary.id}` } }],
    });
    brokenId = brokenStored.id ?? '';
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('returns labs, ECG and CXR with values equal to their sources', async () => {
    const record = await readMultimodalRecord(gateway, JULIO, { anchorTime: ANCHOR });

    // Lab values: python over Julio's bundle, the Observations at 2015-07-30T20:44:32Z.
    expect(record.labs?.values.glucose?.value).toBeCloseTo(68.75245038992855, 10);
    expect(record.labs?.values.sodium?.value).toBeCloseTo(143.6439250486369, 10);
    expect(record.labs?.values.sodium?.unit).toBe('meq/L');
    expect(record.labs?.values.bicarbonate?.loinc).toBe('20565-8');
    expect(record.labs?.values['urea-nitrogen']?.value).toBeCloseTo(8.892931092860383, 10);
    expect(record.labs?.values.wbc?.value).toBeCloseTo(8.642913689550634, 10);

    expect(record.ecg?.samplingRateHz).toBe(500);
    expect(record.ecg?.leads.map((lead) => lead.name)).toEqual([...MODEL_LEAD_ORDER]);
    for (const name of MODEL_LEAD_ORDER) {
      const read = findLead(record.ecg!, name)!.samples;
      const source = findLead(ptbxl, name)!.samples;
      expect(read).toHaveLength(5000);
      let maxDiff = 0;
      for (let i = 0; i < read.length; i++) maxDiff = Math.max(maxDiff, Math.abs(read[i]! - source[i]!));
      expect(maxDiff).toBeLessThan(1e-6);
    }

    const direct = readPng(png);
    expect(record.cxr?.width).toBe(512);
    expect(record.cxr?.height).toBe(512);
    expect(record.cxr?.pixels).toEqual(direct.pixels);
  });

  it('reports the malformed ECG by resource id and field, and still returns the good one', async () => {
    const record = await readMultimodalRecord(gateway, JULIO, { anchorTime: ANCHOR });

    const ecgIssues = record.issues.filter((issue) => issue.modality === 'ecg');
    expect(ecgIssues).toHaveLength(1);
    expect(ecgIssues[0]?.kind).toBe('unreadable');
    expect(ecgIssues[0]?.source).toBe(`Observation/${brokenId}`);
    expect(ecgIssues[0]?.field).toMatch(/^component\[\d+\]\.valueSampledData\.data$/);
    expect(ecgIssues[0]?.message).toMatch(/4999/);
    expect(record.ecg?.leads).toHaveLength(12);
  });

  it('says which modalities are absent for a patient with labs only', async () => {
    const tarsha = JSON.parse(readSharedText('fhir/synthea-r4', TARSHA_FILE)) as {
      entry: { resource: { resourceType: string; id: string } }[];
    };
    const patientId = tarsha.entry.find((e) => e.resource.resourceType === 'Patient')!.resource.id;

    // Her last glucose is at 2016-12-30T11:51:55Z, 102.30835593811592 mg/dL (python over her bundle).
    const record = await readMultimodalRecord(gateway, patientId, { anchorTime: '2016-12-30T12:00:00Z' });

    expect(record.labs?.values.glucose?.value).toBeCloseTo(102.30835593811592, 10);
    expect(record.ecg).toBeUndefined();
    expect(record.cxr).toBeUndefined();
    expect(
      record.issues
        .filter((i) => i.kind === 'absent')
        .map((i) => i.modality)
        .sort(),
    ).toEqual(['cxr', 'ecg']);
  });
});

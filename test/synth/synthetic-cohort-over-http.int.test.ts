/**
 * Issue 3's Done-when, end to end: the sandbox seeds itself with a synthetic cohort at start, and each patient reads
 * back over HTTP (HttpFhirGateway + readMultimodalRecord) into the MultimodalRecord the generator made: labs equal to
 * float precision, ECG samples within the SampledData writer's quantum, CXR pixels within DICOM's 12-bit step, and
 * no issue other than the modalities the admission does not have.
 */
import type { Condition, Patient } from '@medplum/fhirtypes';
import { HttpFhirGateway } from '../../src/fhir/http-fhir-gateway';
import { readMultimodalRecord } from '../../src/fhir/multimodal-reader';
import { startSandbox, type RunningSandbox } from '../../src/main';
import { createSilentLogger, loadConfig, type LabId, type MultimodalRecord } from '../../src/shared';
import { generateAdmission } from '../../src/synth/admission/generate-admission';
import type { SyntheticAdmission } from '../../src/synth/admission/synthetic-admission';
import { admissionToBundle } from '../../src/synth/fhir/admission-to-bundle';

/**
 * Seed 15's first five patients cover every case, (labs, ECG, CXR) = 111, 100, 010, 110, 110: all three, and each
 * modality absent at least once (asserted below, so a change to the generator that loses a case fails here).
 */
const SEED = 15;
const PATIENTS = 5;

function expectSameRecord(record: MultimodalRecord, admission: SyntheticAdmission): void {
  const expected = admission.record;
  // The reader and the generator may list absent modalities in different orders; the set is what matters.
  const byModality = (a: { modality: string }, b: { modality: string }) => a.modality.localeCompare(b.modality);
  expect([...record.issues].sort(byModality)).toEqual(
    [...expected.issues]
      .sort(byModality)
      .map((issue) => expect.objectContaining({ modality: issue.modality, kind: 'absent' })),
  );

  expect(Object.keys(record.labs?.values ?? {}).sort()).toEqual(Object.keys(expected.labs?.values ?? {}).sort());
  for (const [id, value] of Object.entries(expected.labs?.values ?? {})) {
    const read = record.labs?.values[id as LabId];
    expect(read?.unit).toBe(value.unit);
    expect(Math.abs((read?.value ?? NaN) - value.value)).toBeLessThanOrEqual(1e-12 * Math.abs(value.value));
  }

  expect(record.ecg === undefined).toBe(expected.ecg === undefined);
  if (expected.ecg) {
    expect(record.ecg?.samplingRateHz).toBeCloseTo(expected.ecg.samplingRateHz, 9);
    for (const lead of expected.ecg.leads) {
      const read = record.ecg?.leads.find((l) => l.name === lead.name)?.samples;
      expect(read?.length).toBe(lead.samples.length);
      let worst = 0;
      lead.samples.forEach((v, i) => (worst = Math.max(worst, Math.abs((read?.[i] ?? NaN) - v))));
      // The writer's finest quantum is 0.1 µV: at most 0.05 µV = 5e-5 mV off, plus float32 rounding.
      expect(worst).toBeLessThanOrEqual(5.1e-5);
    }
  }

  expect(record.cxr === undefined).toBe(expected.cxr === undefined);
  if (expected.cxr) {
    expect([record.cxr?.width, record.cxr?.height]).toEqual([expected.cxr.width, expected.cxr.height]);
    expect(record.cxr?.sourceFormat).toBe('dicom');
    expect(record.cxr?.view).toBe(admission.cxr?.truth.view);
    let worst = 0;
    expected.cxr.pixels.forEach((v, i) => (worst = Math.max(worst, Math.abs((record.cxr?.pixels[i] ?? NaN) - v))));
    // 12-bit DICOM: grey × 4095 rounded, so at most half a step off.
    expect(worst).toBeLessThanOrEqual(0.5 / 4095 + 1e-6);
  }
}

describe('the sandbox seeded with a synthetic cohort', () => {
  let sandbox: RunningSandbox;
  let gateway: HttpFhirGateway;
  const admissions = Array.from({ length: PATIENTS }, (_, i) => generateAdmission(SEED, i));

  beforeAll(async () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SANDBOX_SYNTHETIC_PATIENTS: String(PATIENTS),
      SANDBOX_SEED: String(SEED),
    });
    sandbox = await startSandbox(config, createSilentLogger());
    gateway = new HttpFhirGateway({ baseUrl: `${sandbox.baseUrl}/fhir` });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('loads the configured number of patients with the ids the generator gives them', () => {
    expect(sandbox.synthetic?.patientIds).toEqual(admissions.map((a) => a.ids.patient));
    const present = admissions.map((a) => [!!a.labs, !!a.ecg, !!a.cxr]);
    expect(present.some((p) => p.every(Boolean))).toBe(true);
    for (const modality of [0, 1, 2]) expect(present.some((p) => !p[modality])).toBe(true);
  });

  it.each(Array.from({ length: PATIENTS }, (_, i) => i))(
    'reads patient %i back into the record the generator made, with no issue but its absent modalities',
    async (index) => {
      const admission = admissions[index] as SyntheticAdmission;

      const record = await readMultimodalRecord(gateway, admission.ids.patient, {
        encounterId: admission.ids.encounter,
      });

      expect(record.anchorTime).toBe(admission.admissionTime);
      expectSameRecord(record, admission);
    },
  );

  it('serves the diagnoses as Conditions with ICD-10-CM codes, and the patient with its synthetic name', async () => {
    const admission = admissions[1] as SyntheticAdmission;

    const conditions = await gateway.search<Condition>('Condition', { patient: admission.ids.patient });
    const patient = await gateway.read<Patient>('Patient', admission.ids.patient);

    const texts = conditions.resources.map((c) => c.code?.text);
    expect(texts.length).toBeGreaterThanOrEqual(admission.diseases.length);
    expect(conditions.resources.every((c) => c.code?.coding?.[0]?.system === 'http://hl7.org/fhir/sid/icd-10-cm')).toBe(
      true,
    );
    expect(patient.name?.[0]?.family).toBe('Synthetic');
    expect(patient.birthDate).toBe(admission.patient.birthDate);
  });

  it('accepts a generated Bundle as a FHIR transaction over HTTP, and reads it back the same', async () => {
    const admission = generateAdmission(SEED, 1000, { allModalities: true });

    const response = await gateway.transaction(admissionToBundle(admission));
    const record = await readMultimodalRecord(gateway, admission.ids.patient, { encounterId: admission.ids.encounter });

    expect(response.type).toBe('transaction-response');
    expectSameRecord(record, admission);
  });
});

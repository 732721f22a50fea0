/**
 * A complete Assessment for tests of code that stores, serialises or serves assessments. Its numbers are arbitrary
 * but fixed, and its evidence carries a lab value, a label and a reference range on purpose, so that tests can check
 * none of them leaks into the audit.
 */
import { DISEASES, type Assessment } from '../../../src/shared/index';

/** Creatinine value of the fixture's evidence: a number unlikely to appear anywhere by chance. */
export const FIXTURE_EVIDENCE_VALUE = 3.14159;
/** Label of the fixture's evidence. */
export const FIXTURE_EVIDENCE_LABEL = 'Creatinine (fixture evidence)';

/**
 * An assessment of 7 findings (probabilities 0.05, 0.15, … 0.65; thresholds 0.5, so the last two are likely) from
 * ECG and labs with the CXR missing.
 *
 * @param overrides - fields to replace
 */
export function assessmentFixture(overrides: Partial<Assessment> = {}): Assessment {
  return {
    id: '7d1b0f44-54a9-4c4e-9d3e-0f4a5d8c2b11',
    patientId: 'patient-1',
    encounterId: 'encounter-1',
    createdAt: '2025-03-01T10:00:00.000Z',
    model: { name: 'tiny-test-perception', version: '0.0.1' },
    findings: DISEASES.map((disease, i) => ({
      disease: disease.id,
      display: disease.answer,
      probability: 0.05 + 0.1 * i,
      threshold: 0.5,
      likely: 0.05 + 0.1 * i >= 0.5,
      evidence:
        disease.id === 'acute-renal-failure'
          ? [
              {
                modality: 'labs',
                label: FIXTURE_EVIDENCE_LABEL,
                code: { system: 'http://loinc.org', code: '2160-0' },
                value: FIXTURE_EVIDENCE_VALUE,
                unit: 'mg/dL',
                referenceRange: { low: 0.5, high: 1.2, unit: 'mg/dL' },
                interpretation: 'high',
                source: 'Observation/lab-1',
              },
            ]
          : [],
    })),
    modalities: { used: ['ecg', 'labs'], missing: ['cxr'], weights: { ecg: 0.4, labs: 0.6 } },
    issues: [{ modality: 'cxr', kind: 'absent', message: 'No chest radiograph within 72 h' }],
    timings: { fetchMs: 12.5, preprocessMs: 3.25, inferenceMs: 4.75, totalMs: 21 },
    basis: ['Observation/lab-1', 'https://ehr.example.org/fhir/Observation/ecg-1/_history/3', 'urn:uuid:abc'],
    ...overrides,
  };
}

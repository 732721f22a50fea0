import type { RiskAssessment } from '@medplum/fhirtypes';
import type { Assessment } from '../../shared/index';
import { validateR4 } from '../testing/validate-r4';
import { assessmentToRiskAssessment } from './risk-assessment-writer';

function assessment(overrides: Partial<Assessment> = {}): Assessment {
  return {
    id: 'a-123',
    patientId: 'p1',
    encounterId: 'e9',
    createdAt: '2024-03-01T10:00:00Z',
    model: { name: 'medtvt-small', version: '0.3.0' },
    findings: [
      {
        disease: 'atrial-fibrillation',
        display: 'Atrial Fibrillation',
        probability: 0.8123,
        threshold: 0.4,
        likely: true,
        evidence: [],
      },
      { disease: 'sepsis', display: 'Sepsis', probability: 0.05, threshold: 0.3, likely: false, evidence: [] },
    ],
    modalities: { used: ['ecg', 'labs'], missing: ['cxr'], weights: { ecg: 0.625, labs: 0.375 } },
    issues: [],
    timings: { totalMs: 120 },
    basis: ['Observation/ecg1', 'Observation/lab7'],
    ...overrides,
  };
}

describe('assessmentToRiskAssessment', () => {
  it('writes one prediction per disease with the SNOMED outcome, the paper’s answer string and the decision', () => {
    const risk = assessmentToRiskAssessment(assessment(), { patientId: 'p1' });

    expect(risk).toMatchObject({
      resourceType: 'RiskAssessment',
      status: 'final',
      identifier: [{ value: 'a-123' }],
      subject: { reference: 'Patient/p1' },
      encounter: { reference: 'Encounter/e9' },
      occurrenceDateTime: '2024-03-01T10:00:00Z',
      method: { text: 'medtvt-small 0.3.0' },
      basis: [{ reference: 'Observation/ecg1' }, { reference: 'Observation/lab7' }],
    });
    // SNOMED CT 49436004 "Atrial fibrillation", 91302008 "Sepsis" (SNOMED CT browser).
    expect(risk.prediction).toEqual([
      {
        outcome: {
          coding: [{ system: 'http://snomed.info/sct', code: '49436004', display: 'Atrial fibrillation' }],
          text: 'Atrial Fibrillation',
        },
        probabilityDecimal: 0.8123,
        rationale: 'Probability 0.81 ≥ decision threshold 0.40: likely',
      },
      {
        outcome: {
          coding: [{ system: 'http://snomed.info/sct', code: '91302008', display: 'Sepsis' }],
          text: 'Sepsis',
        },
        probabilityDecimal: 0.05,
        rationale: 'Probability 0.05 < decision threshold 0.30: not likely',
      },
    ]);
    expect(risk.note).toEqual([
      {
        time: '2024-03-01T10:00:00Z',
        text: 'Based on: 12-lead ECG (weight 0.63), laboratory results (weight 0.38). Missing, assessed without: chest X-ray.',
      },
    ]);
  });

  it('passes R4 structural validation, which does catch a RiskAssessment without status', () => {
    const risk = assessmentToRiskAssessment(assessment(), { patientId: 'p1', encounterId: 'e2' });
    const broken = { ...risk, status: undefined } as unknown as RiskAssessment;

    expect(() => validateR4(risk)).not.toThrow();
    expect(() => validateR4(broken)).toThrow('Missing required property (RiskAssessment.status)');
    expect(risk.encounter?.reference).toBe('Encounter/e2');
  });

  it('omits encounter and basis when there are none, and says so when no modality was missing', () => {
    const risk = assessmentToRiskAssessment(
      assessment({
        encounterId: undefined,
        basis: [],
        modalities: { used: ['ecg', 'cxr', 'labs'], missing: [], weights: {} },
      }),
      { patientId: 'p1' },
    );

    expect(risk.encounter).toBeUndefined();
    expect(risk.basis).toBeUndefined();
    expect(risk.note?.[0]?.text).toBe('Based on: 12-lead ECG, chest X-ray, laboratory results.');
    expect(() => validateR4(risk)).not.toThrow();
  });

  it('refuses a probability outside [0, 1]', () => {
    const bad = assessment();
    (bad.findings[1] as { probability: number }).probability = 1.2;

    expect(() => assessmentToRiskAssessment(bad, { patientId: 'p1' })).toThrow(
      'sepsis probability 1.2 is outside [0, 1]',
    );
  });
});

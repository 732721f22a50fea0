/**
 * Assessment → FHIR R4 RiskAssessment (https://hl7.org/fhir/R4/riskassessment.html), for write-back to the EHR.
 *
 * One prediction per disease: outcome = the disease's SNOMED CT concept with the paper's answer string as text,
 * probabilityDecimal = the calibrated probability, rationale = the decision against the model's threshold. The
 * model name and version go in `method`, the resources the assessment read in `basis`, and the modalities that
 * were missing in a note, so that a reader of the record sees what the numbers were not based on.
 */
import type { Annotation, RiskAssessment, RiskAssessmentPrediction } from '@medplum/fhirtypes';
import { getDisease, SNOMED_SYSTEM, type Assessment, type DiseaseFinding, type Modality } from '../../shared/index';

export interface RiskAssessmentWriterOptions {
  /** FHIR logical id of the Patient (subject). */
  patientId: string;
  /** FHIR logical id of the Encounter; defaults to the assessment's. */
  encounterId?: string;
}

const MODALITY_NAMES: Readonly<Record<Modality, string>> = {
  ecg: '12-lead ECG',
  cxr: 'chest X-ray',
  labs: 'laboratory results',
};

/**
 * Writes an Assessment as a final RiskAssessment.
 *
 * @param assessment - the model's assessment of one patient
 * @param options - subject and encounter ids
 * @throws RangeError when a probability or threshold lies outside [0, 1]
 */
export function assessmentToRiskAssessment(
  assessment: Assessment,
  options: RiskAssessmentWriterOptions,
): RiskAssessment {
  const encounterId = options.encounterId ?? assessment.encounterId;
  const risk: RiskAssessment = {
    resourceType: 'RiskAssessment',
    identifier: [{ value: assessment.id }],
    status: 'final',
    method: { text: `${assessment.model.name} ${assessment.model.version}` },
    subject: { reference: `Patient/${options.patientId}` },
    ...(encounterId ? { encounter: { reference: `Encounter/${encounterId}` } } : {}),
    occurrenceDateTime: assessment.createdAt,
    prediction: assessment.findings.map(prediction),
    note: [modalityNote(assessment)],
  };
  if (assessment.basis.length > 0) risk.basis = assessment.basis.map((reference) => ({ reference }));
  return risk;
}

function prediction(finding: DiseaseFinding): RiskAssessmentPrediction {
  for (const [name, value] of [
    ['probability', finding.probability],
    ['threshold', finding.threshold],
  ] as const) {
    if (!(value >= 0 && value <= 1)) {
      throw new RangeError(`assessmentToRiskAssessment: ${finding.disease} ${name} ${value} is outside [0, 1]`);
    }
  }
  const { snomed } = getDisease(finding.disease);
  const comparison = finding.likely ? '≥' : '<';
  return {
    outcome: { coding: [{ system: SNOMED_SYSTEM, code: snomed.code, display: snomed.display }], text: finding.display },
    probabilityDecimal: finding.probability,
    rationale:
      `Probability ${format(finding.probability)} ${comparison} decision threshold ${format(finding.threshold)}: ` +
      (finding.likely ? 'likely' : 'not likely'),
  };
}

/** Which modalities were used (with their contribution weights) and which were missing. */
function modalityNote(assessment: Assessment): Annotation {
  const used = assessment.modalities.used.map((m) => {
    const weight = assessment.modalities.weights[m];
    return weight === undefined ? MODALITY_NAMES[m] : `${MODALITY_NAMES[m]} (weight ${format(weight)})`;
  });
  const missing = assessment.modalities.missing.map((m) => MODALITY_NAMES[m]);
  const parts = [`Based on: ${used.length > 0 ? used.join(', ') : 'no modality'}.`];
  if (missing.length > 0) parts.push(`Missing, assessed without: ${missing.join(', ')}.`);
  return { time: assessment.createdAt, text: parts.join(' ') };
}

function format(value: number): string {
  return value.toFixed(2);
}

/**
 * The card detail in GitHub-flavoured Markdown (https://cds-hooks.hl7.org/2.0/#card-attributes): per disease, the
 * chain of evidence as tables (lab | value | unit | reference range | flag; ECG measurements), the chest X-ray
 * items, each modality's contribution in percent, the data issues (an unreadable ECG is said in so many words) and
 * the model version. Free text is escaped so that nothing in it can break a table or become a link or HTML.
 */
import {
  LOINC_SYSTEM,
  MODALITIES,
  type Assessment,
  type DiseaseFinding,
  type EvidenceItem,
  type ModalityIssue,
  type ReferenceRange,
} from '../../src/shared';
import { isContributionEvidence } from '../../src/model/assessment';
import { percent } from './card-summary';
import { MODALITY_NAMES, wasUnreadable } from './modality-phrase';

const ISSUE_WORDS: Readonly<Record<ModalityIssue['kind'], string>> = {
  unreadable: 'could not be read',
  partial: 'was read only in part',
  absent: 'is not available',
};

/** Escapes Markdown and HTML punctuation and folds line breaks, for text inside tables and lists. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s*\r?\n\s*/g, ' ')
    .replace(/[\\`*_[\]<>|#!~]/g, '\\$&')
    .trim();
}

/** A number as cards show it: three significant digits below 100, whole numbers above. */
export function formatValue(value: number): string {
  if (Math.abs(value) >= 100) return String(Math.round(value));
  if (Math.abs(value) < 0.001) return '0';
  return String(Number(value.toPrecision(3)));
}

/** "0.6–1.2 (typical adult range)", "≤ 3.5", "350–460 (Bazett; …)". */
export function formatRange(range: ReferenceRange | undefined): string {
  if (!range) return '';
  const { low, high } = range;
  const numbers =
    low !== undefined && high !== undefined
      ? `${formatValue(low)}–${formatValue(high)}`
      : high !== undefined
        ? `≤ ${formatValue(high)}`
        : low !== undefined
          ? `≥ ${formatValue(low)}`
          : '';
  const text = range.text ? escapeMarkdown(range.text) : '';
  return numbers && text ? `${numbers} (${text})` : numbers || text;
}

/**
 * One disease's section: probability against threshold, problem-list status, then the evidence by modality.
 *
 * @param finding - the disease finding with its evidence
 * @param assessment - for the modality contributions and issues
 * @param onProblemList - whether the disease is on the problem list
 */
export function findingMarkdown(finding: DiseaseFinding, assessment: Assessment, onProblemList: boolean): string {
  const status = onProblemList ? 'on the problem list' : 'not on the problem list';
  const decision = finding.likely ? 'likely' : 'not likely';
  const lines = [
    `### ${escapeMarkdown(finding.display)}`,
    '',
    `Calibrated probability **${percent(finding.probability)}** (decision threshold ${percent(finding.threshold)}): ` +
      `${decision}; ${status}.`,
  ];
  const contributions = finding.evidence.filter(isContributionEvidence);
  const labs = finding.evidence.filter((e) => e.modality === 'labs' && !isContributionEvidence(e));
  const ecg = finding.evidence.filter((e) => e.modality === 'ecg' && !isContributionEvidence(e));
  const cxr = finding.evidence.filter((e) => e.modality === 'cxr' && !isContributionEvidence(e));
  if (labs.length > 0)
    lines.push('', '**Labs**', '', ...table(['Lab', 'Value', 'Unit', 'Reference range', 'Flag'], labs));
  if (ecg.length > 0) {
    lines.push(
      '',
      '**ECG** (measured on the waveform)',
      '',
      ...table(['Measurement', 'Value', 'Unit', 'Reference range', 'Flag'], ecg),
    );
  }
  if (cxr.length > 0) {
    lines.push(
      '',
      '**Chest X-ray**',
      '',
      ...cxr.map((e) => `- ${escapeMarkdown(e.label)}${e.text ? `: ${escapeMarkdown(e.text)}` : ''}`),
    );
  }
  if (labs.length + ecg.length + cxr.length === 0) {
    lines.push(
      '',
      'No measurement in the record bears directly on this disease; the probability rests on the whole record.',
    );
  }
  lines.push('', ...contributionMarkdown(assessment, contributions));
  return lines.join('\n');
}

/** The contribution table: used modalities in percent, missing ones with why. */
export function contributionMarkdown(assessment: Assessment, items?: readonly EvidenceItem[]): string[] {
  const rows = MODALITIES.map((m) => {
    const item = items?.find((e) => e.modality === m);
    const weight = item?.value ?? (assessment.modalities.weights[m] ?? 0) * 100;
    if (assessment.modalities.used.includes(m)) return `| ${MODALITY_NAMES[m]} | ${Math.round(weight)} % |`;
    return `| ${MODALITY_NAMES[m]} | not used: ${wasUnreadable(assessment, m) ? 'could not be read' : 'not in the record'} |`;
  });
  return ['**Modality contributions**', '', '| Modality | Contribution |', '| --- | --- |', ...rows];
}

/** The data issues, e.g. "- ECG could not be read: Observation/ecg-9 …", or nothing when there are none. */
export function issuesMarkdown(assessment: Assessment): string[] {
  if (assessment.issues.length === 0) return [];
  return [
    '**Data issues**',
    '',
    ...assessment.issues.map(
      (issue) => `- ${MODALITY_NAMES[issue.modality]} ${ISSUE_WORDS[issue.kind]}: ${escapeMarkdown(issue.message)}`,
    ),
  ];
}

/** The model line closing every detail. */
export function modelMarkdown(assessment: Assessment, modelCardUrl: string): string {
  return (
    `Model ${escapeMarkdown(assessment.model.name)} ${escapeMarkdown(assessment.model.version)}, assessment ` +
    `${escapeMarkdown(assessment.id)}. Decision support, not a diagnosis: [model card](<${modelCardUrl}>).`
  );
}

/** The probabilities of every disease, for cards that speak of the assessment as a whole. */
export function probabilityTable(assessment: Assessment): string[] {
  return [
    '| Disease | Probability | Threshold | Likely |',
    '| --- | --- | --- | --- |',
    ...assessment.findings.map(
      (f) =>
        `| ${escapeMarkdown(f.display)} | ${percent(f.probability)} | ${percent(f.threshold)} | ${f.likely ? 'yes' : 'no'} |`,
    ),
  ];
}

function table(header: string[], items: readonly EvidenceItem[]): string[] {
  const rows = items.map((e) => {
    const value = e.value !== undefined ? formatValue(e.value) : e.text ? escapeMarkdown(e.text) : '';
    const code = e.code ? (e.code.system === LOINC_SYSTEM ? `LOINC ${e.code.code}` : e.code.code) : undefined;
    const label = escapeMarkdown(e.label) + (code ? ` (${escapeMarkdown(code)})` : '');
    return `| ${label} | ${value} | ${e.value !== undefined && e.unit ? escapeMarkdown(e.unit) : ''} | ${formatRange(e.referenceRange)} | ${e.interpretation ?? ''} |`;
  });
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows];
}

/**
 * Card summaries: one sentence under 140 characters (https://cds-hooks.hl7.org/2.0/#card-attributes) naming the
 * likely comorbidities and the modalities used or missing. When the names do not fit, the last ones become
 * "+N more"; the modality phrase is never dropped, since a missing or unreadable modality changes how far the
 * card can be trusted.
 */
import type { Assessment, DiseaseFinding } from '../../src/shared';
import { MAX_SUMMARY_LENGTH } from '../cards/card-schema';
import { modalityPhrase } from './modality-phrase';

/** Percent with no decimals, as summaries and tables show probabilities. */
export function percent(probability: number): string {
  return `${Math.round(probability * 100)} %`;
}

/** "Likely Sepsis (93 %), not on the problem list (ECG, labs; no CXR)". */
export function unrecognisedSummary(finding: DiseaseFinding, assessment: Assessment): string {
  return fit([`Likely ${finding.display} (${percent(finding.probability)}), not on the problem list`], assessment);
}

/** "Likely, on the problem list: Hypertension, Diabetes Mellitus (ECG, labs; no CXR)". */
export function recognisedSummary(findings: readonly DiseaseFinding[], assessment: Assessment): string {
  return fitList('Likely, on the problem list: ', findings, assessment);
}

/** "No comorbidity likely of 7 assessed (labs; ECG unreadable, no CXR)". */
export function noneLikelySummary(assessment: Assessment): string {
  return fit([`No comorbidity likely of ${assessment.findings.length} assessed`], assessment);
}

function fitList(prefix: string, findings: readonly DiseaseFinding[], assessment: Assessment): string {
  const names = findings.map((f) => f.display);
  for (let shown = names.length; shown >= 1; shown--) {
    const more = names.length - shown;
    const list = names.slice(0, shown).join(', ') + (more > 0 ? ` +${more} more` : '');
    const summary = withModalities(prefix + list, assessment);
    if (summary.length <= MAX_SUMMARY_LENGTH) return summary;
  }
  return fit([`${prefix}${names.length} comorbidities`], assessment);
}

function fit(parts: string[], assessment: Assessment): string {
  const summary = withModalities(parts.join(''), assessment);
  if (summary.length <= MAX_SUMMARY_LENGTH) return summary;
  // Unreachable with the catalogue's names (the longest summary is about 100 characters); kept so that a longer
  // display string from a future model package still yields a valid card.
  return `${summary.slice(0, MAX_SUMMARY_LENGTH - 1)}…`;
}

function withModalities(text: string, assessment: Assessment): string {
  return `${text} (${modalityPhrase(assessment)})`;
}

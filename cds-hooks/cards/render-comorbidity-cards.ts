/**
 * Comorbidity cards for a CDS Hooks response (https://cds-hooks.hl7.org/2.0/#card-attributes).
 *
 * Which cards:
 * - one card per likely comorbidity that is NOT on the problem list, warning or critical (comorbidity-indicator.ts),
 *   with one suggestion to add it as a provisional problem-list Condition. One card per disease so that the
 *   clinician accepts or overrides each with its own reason, and feedback (which names a card) names a disease;
 * - one info card listing the likely comorbidities already on the problem list, if any, with their evidence;
 * - when nothing is likely, one info card saying so (with the modalities used or missing and any unreadable data),
 *   so that the clinician knows the assessment ran and can open the full view; `whenNoneLikely: 'no-card'` returns
 *   `[]` instead, which the spec allows (`{"cards": []}`).
 * Cards come most urgent first (critical, warning, info), then by probability.
 *
 * Every card has a deterministic uuid (card-uuid.ts: assessment id + `card/<disease>`, `card/on-problem-list` or
 * `card/none-likely`), a summary under 140 characters naming the diseases and the modalities used or missing (and
 * "ECG unreadable" when the ECG could not be read), a Markdown detail with the chain of evidence, a source naming
 * the model version and linking its model card, and a `smart` link to the app with
 * `appContext = {"assessmentId": …}` (a JSON string: the spec's appContext is a string). Optional fields that would
 * be empty are left out, as the spec's JSON rule asks.
 */
import { SNOMED_SYSTEM, getDisease, type Assessment, type DiseaseFinding, type DiseaseId } from '../../src/shared';
import type { Card, CardLink, CardSource, CardSuggestion } from './card-schema';
import { noneLikelySummary, recognisedSummary, unrecognisedSummary } from './card-summary';
import { cardUuid } from './card-uuid';
import { comorbidityIndicator } from './comorbidity-indicator';
import {
  contributionMarkdown,
  findingMarkdown,
  issuesMarkdown,
  modelMarkdown,
  probabilityTable,
} from './evidence-markdown';
import { OVERRIDE_REASONS } from './override-reasons';
import { provisionalCondition } from './provisional-condition';

/** What the cards need besides the assessment. */
export interface ComorbidityCardContext {
  /** Diseases already on the patient's active problem list (from the prefetched Conditions). */
  problemList: readonly DiseaseId[];
  /** The SMART app's launch URL (CDS_SMART_LAUNCH_URL). */
  smartLaunchUrl: string;
  /** Absolute URL of the model card. */
  modelCardUrl: string;
  /** Source label before the model version (default "MedTVT-FHIR"). */
  sourceLabel?: string;
  /** FHIR logical id of the Patient (the suggested Condition's subject). */
  patientId: string;
  /** FHIR logical id of the Encounter; defaults to the assessment's. */
  encounterId?: string;
  /** What to return when no comorbidity is likely (default `info-card`). */
  whenNoneLikely?: 'info-card' | 'no-card';
}

const URGENCY = { critical: 0, warning: 1, info: 2 } as const;

/**
 * Renders an assessment as CDS Hooks cards.
 *
 * @param assessment - the patient's assessment
 * @param context - problem list, URLs, subject and encounter
 */
export function renderComorbidityCards(assessment: Assessment, context: ComorbidityCardContext): Card[] {
  const onList = (f: DiseaseFinding) => context.problemList.includes(f.disease);
  const likely = assessment.findings.filter((f) => f.likely).sort((a, b) => b.probability - a.probability);
  const unrecognised = likely.filter((f) => !onList(f));
  const recognised = likely.filter(onList);
  const cards = unrecognised.map((f) => unrecognisedCard(f, assessment, context));
  cards.sort((a, b) => URGENCY[a.indicator] - URGENCY[b.indicator]);
  if (recognised.length > 0) cards.push(recognisedCard(recognised, assessment, context));
  if (likely.length === 0 && context.whenNoneLikely !== 'no-card') cards.push(noneLikelyCard(assessment, context));
  return cards;
}

function unrecognisedCard(finding: DiseaseFinding, assessment: Assessment, context: ComorbidityCardContext): Card {
  const disease = getDisease(finding.disease);
  const encounterId = context.encounterId ?? assessment.encounterId;
  const suggestion: CardSuggestion = {
    label: `Add provisional diagnosis: ${finding.display}`,
    uuid: cardUuid(assessment.id, `suggestion/${finding.disease}/add-condition`),
    actions: [
      {
        type: 'create',
        description: `Add ${finding.display} to the problem list as a provisional diagnosis`,
        resource: provisionalCondition(finding, assessment, {
          patientId: context.patientId,
          ...(encounterId ? { encounterId } : {}),
        }),
      },
    ],
  };
  return {
    uuid: cardUuid(assessment.id, `card/${finding.disease}`),
    summary: unrecognisedSummary(finding, assessment),
    indicator: comorbidityIndicator(finding, false),
    detail: detail([findingMarkdown(finding, assessment, false)], assessment, context),
    source: source(assessment, context, {
      system: SNOMED_SYSTEM,
      code: disease.snomed.code,
      display: disease.snomed.display,
    }),
    suggestions: [suggestion],
    selectionBehavior: 'any',
    overrideReasons: OVERRIDE_REASONS.map((reason) => ({ ...reason })),
    links: [smartLink(assessment, context, finding.disease)],
  };
}

function recognisedCard(findings: DiseaseFinding[], assessment: Assessment, context: ComorbidityCardContext): Card {
  return {
    uuid: cardUuid(assessment.id, 'card/on-problem-list'),
    summary: recognisedSummary(findings, assessment),
    indicator: 'info',
    detail: detail(
      findings.map((f) => findingMarkdown(f, assessment, true)),
      assessment,
      context,
    ),
    source: source(assessment, context),
    links: [smartLink(assessment, context)],
  };
}

function noneLikelyCard(assessment: Assessment, context: ComorbidityCardContext): Card {
  const sections = [
    [
      'No comorbidity reached its decision threshold.',
      '',
      ...probabilityTable(assessment),
      '',
      ...contributionMarkdown(assessment),
    ].join('\n'),
  ];
  return {
    uuid: cardUuid(assessment.id, 'card/none-likely'),
    summary: noneLikelySummary(assessment),
    indicator: 'info',
    detail: detail(sections, assessment, context),
    source: source(assessment, context),
    links: [smartLink(assessment, context)],
  };
}

/** Sections, then the data issues, then the model line. */
function detail(sections: string[], assessment: Assessment, context: ComorbidityCardContext): string {
  const issues = issuesMarkdown(assessment);
  return [
    ...sections,
    ...(issues.length > 0 ? [issues.join('\n')] : []),
    modelMarkdown(assessment, context.modelCardUrl),
  ].join('\n\n');
}

function source(assessment: Assessment, context: ComorbidityCardContext, topic?: CardSource['topic']): CardSource {
  const label = `${context.sourceLabel ?? 'MedTVT-FHIR'} (model ${assessment.model.name} ${assessment.model.version})`;
  return { label, url: context.modelCardUrl, ...(topic ? { topic } : {}) };
}

function smartLink(assessment: Assessment, context: ComorbidityCardContext, disease?: DiseaseId): CardLink {
  const appContext = disease ? { assessmentId: assessment.id, disease } : { assessmentId: assessment.id };
  return {
    label: disease ? `Open the chain of evidence for ${getDisease(disease).answer}` : 'Open the full assessment',
    url: context.smartLaunchUrl,
    type: 'smart',
    appContext: JSON.stringify(appContext),
  };
}

/**
 * A RenderCards double for service tests: one card per assessment that names the likely diseases and each missing
 * or unreadable modality in plain words, so tests can check what the service passed on without depending on the
 * product's card wording.
 */
import { randomUUID } from 'node:crypto';
import type { CardContext, RenderCards } from '../../../cds-hooks/deps';
import type { Card } from '../../../cds-hooks/cards/card-schema';
import type { Assessment } from '../../../src/shared/index';

export const plainCards: RenderCards = (assessment: Assessment, context: CardContext): Card[] => {
  const likely = assessment.findings.filter((f) => f.likely).map((f) => f.display);
  const lines = assessment.issues.map((i) => `- ${i.modality} ${i.kind}: ${i.message}`);
  return [
    {
      uuid: randomUUID(),
      summary: `Likely: ${likely.join(', ') || 'none'}; used ${assessment.modalities.used.join('+')}`.slice(0, 139),
      indicator: likely.length > 0 ? 'warning' : 'info',
      detail: [
        `Missing: ${assessment.modalities.missing.join(', ') || 'none'}`,
        `Problem list: ${context.problemList?.join(', ') ?? 'unknown'}`,
        ...lines,
      ].join('\n'),
      source: { label: 'test renderer' },
    },
  ];
};

/** Plain-text and Markdown tables of evaluation results (numbers only, no patient data). */
import { DISEASE_IDS, getDisease } from '../../shared';
import type { DiseaseMetricsTable } from '../metrics/disease-metrics';
import type { AblationResult } from './ablation-types';

const fixed = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

/** Per-disease and macro table, as Markdown (also readable as plain text). */
export function formatDiseaseTable(table: DiseaseMetricsTable): string {
  const lines = [
    '| disease | positives | AUROC | AUPRC | F1@t | Brier | ECE |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const id of DISEASE_IDS) {
    const m = table.perDisease[id];
    lines.push(
      `| ${getDisease(id).answer} | ${m.positives}/${table.samples} | ${fixed(m.auroc)} | ${fixed(m.auprc)} | ${fixed(m.f1)} | ${fixed(m.brier)} | ${fixed(m.ece)} |`,
    );
  }
  const m = table.macro;
  lines.push(
    `| **macro** |  | **${fixed(m.auroc)}** | ${fixed(m.auprc)} | ${fixed(m.f1)} | ${fixed(m.brier)} | ${fixed(m.ece)} |`,
  );
  const e = table.exampleBased;
  lines.push(
    '',
    `Example-based (paper §4.1): precision ${fixed(e.precision)}, recall ${fixed(e.recall)}, F1 ${fixed(e.f1)}; binary "AUC" (balanced accuracy of pooled decisions) ${fixed(e.binaryAuc)}.`,
  );
  return lines.join('\n');
}

/** Ablation table, as Markdown. */
export function formatAblationTable(rows: readonly AblationResult[]): string {
  const lines = [
    '| ablation | modalities at test | macro AUROC | macro AUPRC | macro F1@t | Brier | ECE | ex. F1 | binary AUC |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const m = row.test.macro;
    const e = row.test.exampleBased;
    lines.push(
      `| ${row.description} | ${row.modalities.join('+')} | ${fixed(m.auroc)} | ${fixed(m.auprc)} | ${fixed(m.f1)} | ${fixed(m.brier)} | ${fixed(m.ece)} | ${fixed(e.f1)} | ${fixed(e.binaryAuc)} |`,
    );
  }
  return lines.join('\n');
}

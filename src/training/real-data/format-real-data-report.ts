/** The real-data transfer report as plain text, one table per part. */
import { isSkipped, type RealDataReport, type TransferAuroc } from './transfer-result';

const auroc = (value: number | null) => (value === null ? '  n/a' : value.toFixed(3));

function taskLines(tasks: readonly TransferAuroc[]): string[] {
  const width = Math.max(...tasks.map((t) => t.positive.length), 8);
  return tasks.map(
    (t) =>
      `  ${t.positive.padEnd(width)}  AUROC ${auroc(t.auroc)}  (${String(t.positives).padStart(3)} pos / ` +
      `${String(t.negatives).padStart(3)} neg)  score: ${t.score}`,
  );
}

/** Text for the terminal. */
export function formatRealDataReport(report: RealDataReport): string {
  const lines = [
    `Real-data transfer of ${report.model.name} ${report.model.version} (${report.model.dir}, ${report.model.executionProvider})`,
    `Data: ${report.dataDir}`,
    '',
  ];
  const { ecg, labs } = report;
  if (isSkipped(ecg)) lines.push(`ECG path alone: skipped (${ecg.skipped})`);
  else lines.push(`ECG path alone: ${ecg.source}, ${ecg.records} records`, ...taskLines(ecg.tasks));
  lines.push('');
  if (isSkipped(labs)) {
    lines.push(`Lab path alone: skipped (${labs.skipped})`);
  } else {
    const { median, min, max } = labs.labsPerAdmission;
    lines.push(
      `Lab path alone: ${labs.source}, ${labs.assessed} of ${labs.admissions} admissions with a catalogue lab ` +
        `within ±24 h (labs per admission: median ${median}, ${min}–${max})`,
      ...taskLines(labs.diseases),
      `  macro AUROC over diseases with ≥ ${labs.macro.minPositives} positives ` +
        `(${labs.macro.diseases.length}: ${labs.macro.diseases.join(', ') || 'none'}): ${auroc(labs.macro.auroc)}`,
    );
  }
  lines.push('', report.note, '');
  return lines.join('\n');
}

/** Aligned plain-text tables and the number formats of the realism report. */
import type { QuantileSummary } from './summary-stats';

export type Align = 'left' | 'right';

export interface TextColumn {
  header: string;
  align?: Align;
}

/**
 * Lays rows out in columns padded to their widest cell, two spaces apart, with a dashed rule under the header.
 * Text columns are left-aligned unless told otherwise; numbers read best right-aligned.
 * @param columns - header and alignment of each column
 * @param rows - cells, one array per row, as many as there are columns (missing cells print empty)
 */
export function formatTextTable(columns: readonly TextColumn[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, c) =>
    Math.max(column.header.length, ...rows.map((row) => (row[c] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    columns
      .map((column, c) => {
        const cell = cells[c] ?? '';
        const width = widths[c] as number;
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(columns.map((c) => c.header)), rule, ...rows.map(line)].join('\n');
}

/** Decimals that suit a value's size: 0 from 100, 1 from 10, else 2. */
function decimalsFor(size: number): number {
  if (size >= 100) return 0;
  if (size >= 10) return 1;
  return 2;
}

/**
 * A value at a precision that suits its size (0 decimals from 100, 1 from 10, else 2), never exponent notation.
 * @param decimals - fixed decimals instead (pH needs 3 whatever its size)
 */
export function formatNumber(value: number, decimals?: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toFixed(decimals ?? decimalsFor(Math.abs(value)));
}

/**
 * `median [q1–q3]`, or `–` when there is no value. The three share the median's precision (the IQR's where the
 * median is 0), so that they line up.
 */
export function formatSummary(summary: QuantileSummary | undefined, decimals?: number): string {
  if (!summary) return '–';
  const reference = summary.median !== 0 ? Math.abs(summary.median) : summary.q3 - summary.q1;
  const d = decimals ?? decimalsFor(reference);
  return `${summary.median.toFixed(d)} [${summary.q1.toFixed(d)}–${summary.q3.toFixed(d)}]`;
}

/** A share as a whole percentage: 0.983 → `98 %`. */
export function formatPercent(share: number | undefined, decimals = 0): string {
  return share === undefined ? '–' : `${(share * 100).toFixed(decimals)} %`;
}

/** A signed relative change: 0.123 → `+12 %`. */
export function formatSignedPercent(share: number | undefined): string {
  if (share === undefined) return '–';
  const percent = Math.round(share * 100);
  return `${percent > 0 ? '+' : percent < 0 ? '−' : '±'}${Math.abs(percent)} %`;
}

import { formatNumber, formatPercent, formatSignedPercent, formatSummary, formatTextTable } from './text-table';

describe('plain-text tables', () => {
  it('pads every column to its widest cell, right-aligning numeric columns', () => {
    const text = formatTextTable(
      [{ header: 'Lab' }, { header: 'Median', align: 'right' }],
      [
        ['creatinine', '1.05'],
        ['na', '136'],
      ],
    );

    expect(text.split('\n')).toEqual([
      'Lab         Median',
      '----------  ------',
      'creatinine    1.05',
      'na             136',
    ]);
  });

  it('formats numbers at a precision that suits their size, quartiles at the median’s', () => {
    expect([formatNumber(136.4), formatNumber(24.25), formatNumber(1.049), formatNumber(-0.034)]).toEqual([
      '136',
      '24.3',
      '1.05',
      '-0.03',
    ]);
    expect(formatNumber(7.3651, 3)).toBe('7.365');
    expect(formatSummary({ n: 3, q1: 0.8, median: 1.05, q3: 1.6 })).toBe('1.05 [0.80–1.60]');
    // A zero median takes the IQR's precision.
    expect(formatSummary({ n: 3, q1: -3.75, median: 0, q3: 1.75 })).toBe('0.00 [-3.75–1.75]');
    expect(formatSummary(undefined)).toBe('–');
  });

  it('formats shares as percentages with a sign where asked', () => {
    expect(formatPercent(0.983)).toBe('98 %');
    expect(formatPercent(0.9667, 1)).toBe('96.7 %');
    expect([formatSignedPercent(0.123), formatSignedPercent(-0.2), formatSignedPercent(0.001)]).toEqual([
      '+12 %',
      '−20 %',
      '±0 %',
    ]);
  });
});

/**
 * The realism report as plain text: one aligned table per comparison, with the rules behind each number stated
 * above its table so that the printout stands on its own.
 */
import type { LabId } from '../../shared';
import type {
  DiseaseLabTable,
  EcgFeatureSummaries,
  EcgSection,
  LabsSection,
  RealismReport,
  TruthSection,
} from './realism-report-types';
import type { QuantileSummary } from './summary-stats';
import {
  formatNumber,
  formatPercent,
  formatSignedPercent,
  formatSummary,
  formatTextTable,
  type TextColumn,
} from './text-table';

/** pH differs in the second decimal; every other lab reads well at the default precision. */
const LAB_DECIMALS: Partial<Record<LabId, number>> = { ph: 3 };

const right = (header: string): TextColumn => ({ header, align: 'right' });

function withN(summary: QuantileSummary | undefined, decimals?: number): string {
  return summary ? `${formatSummary(summary, decimals)} (${summary.n})` : '–';
}

function realDataLine(section: LabsSection | EcgSection, name: string): string {
  return section.realData.available
    ? `${name}: ${section.realData.path}`
    : `${name} skipped: ${section.realData.reason} (pass --data DIR, the folder holding mimic-iv-demo/ and ptb-xl/)`;
}

function formatLabRows(section: LabsSection): string {
  const rows = section.rows.map((row) => {
    const decimals = LAB_DECIMALS[row.lab];
    const difference = row.medianDifference;
    return [
      row.lab,
      row.unit,
      formatPercent(row.mimic?.presence),
      row.mimic ? withN(row.mimic.summary, decimals) : '–',
      formatPercent(row.synthetic.presence),
      withN(row.synthetic.summary, decimals),
      difference ? `${formatSignedPercent(difference.value)}${difference.basis === 'iqr' ? ' IQR' : ''}` : '–',
      row.presenceDifference === undefined ? '–' : formatSignedPercent(row.presenceDifference).replace(' %', ' pt'),
      row.flags.map((flag) => (flag === 'median' ? 'MEDIAN' : 'PRESENCE')).join(' '),
    ];
  });
  return formatTextTable(
    [
      { header: 'Lab' },
      { header: 'Unit' },
      right('MIMIC present'),
      right('MIMIC median [IQR] (n)'),
      right('Synth present'),
      right('Synth median [IQR] (n)'),
      right('Δ median'),
      right('Δ present'),
      { header: 'Flag' },
    ],
    rows,
  );
}

function relativeShift(withIt: QuantileSummary | undefined, without: QuantileSummary | undefined): string {
  if (!withIt || !without) return '–';
  if (without.median === 0) return withIt.median === 0 ? '±0 %' : '–';
  return formatSignedPercent((withIt.median - without.median) / Math.abs(without.median));
}

function formatDiseaseTable(table: DiseaseLabTable): string {
  const counts = [
    table.mimicCount ? `MIMIC ${table.mimicCount.with} with / ${table.mimicCount.without} without` : undefined,
    `synthetic ${table.syntheticCount.with} with / ${table.syntheticCount.without} without`,
  ].filter((part) => part !== undefined);
  const median = (s: QuantileSummary | undefined, decimals?: number): string =>
    s ? `${formatNumber(s.median, decimals)} (${s.n})` : '–';
  const rows = table.rows.map((row) => {
    const d = LAB_DECIMALS[row.lab];
    return [
      row.lab,
      row.unit,
      median(row.mimic?.with, d),
      median(row.mimic?.without, d),
      relativeShift(row.mimic?.with, row.mimic?.without),
      median(row.synthetic.with, d),
      median(row.synthetic.without, d),
      relativeShift(row.synthetic.with, row.synthetic.without),
      row.shiftAgrees === undefined ? '–' : row.shiftAgrees ? 'yes' : 'NO',
    ];
  });
  const body = formatTextTable(
    [
      { header: 'Lab' },
      { header: 'Unit' },
      right('MIMIC with (n)'),
      right('MIMIC without (n)'),
      right('MIMIC shift'),
      right('Synth with (n)'),
      right('Synth without (n)'),
      right('Synth shift'),
      { header: 'Same direction' },
    ],
    rows,
  );
  return `${table.display} (${counts.join('; ')})\n${body}`;
}

function formatLabsSection(section: LabsSection): string {
  const tolerance = `±${Math.round(section.tolerances.relativeMedian * 100)} %`;
  const header = [
    '1. LABS: synthetic vs MIMIC-IV demo',
    realDataLine(section, 'MIMIC-IV demo'),
    section.mimicAdmissions
      ? `MIMIC: the ${section.mimicAdmissions.withDisease} of ${section.mimicAdmissions.all} admissions with at least ` +
        'one of the 7 diseases (the population every synthetic profile belongs to); per admission and lab, the ' +
        'earliest value within ±24 h of admittime (matched on subject and time).'
      : undefined,
    `Synthetic: ${section.syntheticPatients} admissions of cohort seed ${String(section.seed)} under the ` +
      `'${section.prevalence}' disease prevalence (sampleClinicalProfile + generateLabs, thinned as the cohort ` +
      'thins them).',
    'Present = share of admissions with a value; median [Q1–Q3] over those with one (linear interpolation).',
    `Δ median = (synthetic − MIMIC) / |MIMIC median| (or / MIMIC IQR where that median is 0, marked IQR); flagged ` +
      `MEDIAN outside ${tolerance}, PRESENCE when presence differs by more than ` +
      `${Math.round(section.tolerances.presence * 100)} points.`,
  ].filter((line): line is string => line !== undefined);
  const flagged = section.rows.filter((row) => row.flags.length > 0).length;
  const summary = section.realData.available
    ? `${flagged} of ${section.rows.length} labs flagged ` +
      `(median: ${section.rows.filter((r) => r.flags.includes('median')).length}, ` +
      `presence: ${section.rows.filter((r) => r.flags.includes('presence')).length}).`
    : undefined;
  const diseases = [
    'Per disease: median (n) in admissions with and without it; shift = with vs without, relative. MIMIC ' +
      'counts are small (pneumonia 7, sepsis 15): a shift there is weak evidence either way.',
    ...section.diseases.map(formatDiseaseTable),
  ];
  return [...header, '', formatLabRows(section), ...(summary ? [summary] : []), '', diseases.join('\n\n')].join('\n');
}

const FEATURES: readonly { key: keyof EcgFeatureSummaries; name: string }[] = [
  { key: 'rAmplitudeIIMv', name: 'R amplitude II (mV)' },
  { key: 'rAmplitudeV5Mv', name: 'R amplitude V5 (mV)' },
  { key: 'qrsMs', name: 'QRS duration (ms)' },
  { key: 'heartRateBpm', name: 'Heart rate (bpm)' },
];

function formatEcgSection(section: EcgSection): string {
  const rows: string[][] = [];
  for (const group of section.groups) {
    for (const { key, name } of FEATURES) {
      const real = group.real?.features[key];
      const synthetic = group.synthetic.features[key];
      const difference =
        real && synthetic && real.median !== 0 ? (synthetic.median - real.median) / real.median : undefined;
      rows.push([group.group, name, group.real ? withN(real) : '–', withN(synthetic), formatSignedPercent(difference)]);
    }
  }
  return [
    '2. ECG: synthetic vs PTB-XL',
    realDataLine(section, 'PTB-XL'),
    section.realRecords === undefined
      ? undefined
      : `PTB-XL: ${section.realRecords} records (500 Hz), grouped by the cardiologists' SCP statements; a record ` +
        'counts in every group it carries (MI = any MI-class statement).',
    `Synthetic: ${section.recordsPerGroup} records per group from generateEcg (seed ${String(section.seed)}; specs: ` +
      'NORM sinus 50–100 bpm; LVH with strain in a third; MI mostly old Q-wave infarcts, some acute ST changes; ' +
      'AFIB, 30 % rapid).',
    'Both sides measured by measureEcg (src/signal/ecg). R amplitude: on the median beat (0.5–45 Hz), the maximum ' +
      'within QRS onset–offset minus the PR-segment level (mean over 24–6 ms before QRS onset), 0 for a QS complex.',
    '',
    formatTextTable(
      [
        { header: 'Group' },
        { header: 'Feature' },
        right('PTB-XL median [IQR] (n)'),
        right('Synthetic median [IQR] (n)'),
        right('Δ median'),
      ],
      rows,
    ),
  ]
    .filter((line): line is string => line !== undefined)
    .join('\n');
}

function formatTruthSection(section: TruthSection): string {
  const f = (v: number | undefined): string => (v === undefined ? '–' : formatNumber(v));
  const rows = section.rows.map((row) => [
    row.quantity,
    `±${row.tolerance} ${row.unit}`,
    String(row.records),
    String(row.measured),
    f(row.meanError),
    f(row.meanAbsError),
    f(row.p95AbsError),
    formatPercent(row.withinTolerance, 1),
  ]);
  const subgroups = section.subgroups.map((s) => [
    s.subgroup,
    String(s.records),
    s.records === 0 ? '–' : formatPercent(s.heartRateWithin, 1),
    s.records === 0 ? '–' : formatPercent(s.qrsWithin, 1),
  ]);
  const all = section.subgroups[0];
  const verdict =
    `Criterion (≥ ${Math.round(section.criterion * 100)} % of records within ±3 bpm and ±15 ms): ` +
    `HR ${formatPercent(all?.heartRateWithin, 1)}, QRS ${formatPercent(all?.qrsWithin, 1)} — ` +
    (section.criterionMet ? 'met' : 'NOT MET');
  return [
    '3. ECG generator ground truth vs measureEcg, same records',
    `${section.records} ECGs as the cohort draws them (seed ${String(section.seed)}, MedTVT-QA prevalence, ` +
      'ecgSpecFor), with acquisition noise. Error = measured − truth; an unmeasured record counts as a miss.',
    '',
    formatTextTable(
      [
        { header: 'Quantity' },
        right('Tolerance'),
        right('Records'),
        right('Measured'),
        right('Mean error'),
        right('Mean |error|'),
        right('P95 |error|'),
        right('Within tolerance'),
      ],
      rows,
    ),
    '',
    formatTextTable(
      [{ header: 'Subgroup' }, right('Records'), right('HR within ±3 bpm'), right('QRS within ±15 ms')],
      subgroups,
    ),
    '',
    verdict,
  ].join('\n');
}

/** The whole report as text, sections separated by a blank line and a rule. */
export function formatRealismReport(report: RealismReport): string {
  const rule = '='.repeat(100);
  return [formatLabsSection(report.labs), formatEcgSection(report.ecg), formatTruthSection(report.truth)]
    .map((section) => `${rule}\n${section}`)
    .join('\n\n')
    .concat('\n');
}

/**
 * ECG evidence from measureEcg: the rhythm call, rate, RR irregularity, PR, QRS, QTc, ST deviation by coronary
 * territory, QRS voltage and T-wave height, each with its UCUM unit, an adult reference range and the LOINC code
 * where LOINC has one. A measurement that could not be made is shown with the reason instead of a number.
 */
import { LOINC_SYSTEM, type EcgLeadName, type EvidenceItem, type ReferenceRange } from '../../shared';
import type { EcgMeasurementName, EcgMeasurementResult } from '../../signal/ecg';
import type { EcgEvidenceKind } from './disease-evidence-plan';
import { maxTWaveAmplitude, sokolowLyonMv } from './ecg-voltages';

/** Leads facing each coronary territory (contiguous leads for ST criteria, 4th universal definition of MI). */
export const TERRITORY_LEADS = {
  anterior: ['V1', 'V2', 'V3', 'V4'],
  inferior: ['II', 'III', 'aVF'],
  lateral: ['I', 'aVL', 'V5', 'V6'],
} as const satisfies Record<string, readonly EcgLeadName[]>;

/** Precordial leads where hyperkalaemic T waves are tallest. */
const T_WAVE_LEADS: readonly EcgLeadName[] = ['V2', 'V3', 'V4'];

// Adult resting ECG limits (AHA/ACCF/HRS 2009 standardisation recommendations, Circulation 2009;119:e235–e240).
const RANGES = {
  heartRate: { low: 60, high: 100, unit: '/min' },
  pr: { low: 120, high: 200, unit: 'ms' },
  qrs: { high: 120, unit: 'ms' },
  // Bazett; 460 ms is the upper limit for women, used here because the record carries no sex.
  qtc: { low: 350, high: 460, unit: 'ms', text: 'Bazett; upper limit not sex-specific' },
  // Elevation ≥ 0.1 mV or depression ≥ 0.05 mV at J + 60 ms in two contiguous leads suggests ischaemia.
  st: { low: -0.05, high: 0.1, unit: 'mV', text: 'at J + 60 ms' },
  // Sokolow-Lyon > 3.5 mV suggests left ventricular hypertrophy.
  sokolowLyon: { high: 3.5, unit: 'mV' },
  // Precordial T waves above 1.0 mV (10 mm) are called tall or peaked.
  tWave: { high: 1.0, unit: 'mV', text: 'precordial leads' },
  // Dash et al. 2009: normalised RMSSD ≥ 0.1 on short RR series separates atrial fibrillation from sinus rhythm.
  rrIrregularity: { high: 10, unit: '%' },
} as const satisfies Record<string, ReferenceRange>;

const RHYTHM_TEXT = {
  sinus: 'sinus rhythm',
  'atrial-fibrillation': 'atrial fibrillation',
  undetermined: 'undetermined',
} as const;

/**
 * The ECG evidence items of the given kinds.
 *
 * @param measurement - measureEcg's result for the record's ECG
 * @param kinds - what to show, in order
 * @param source - FHIR reference of the ECG resource, when known
 */
export function ecgEvidence(
  measurement: EcgMeasurementResult,
  kinds: readonly EcgEvidenceKind[],
  source?: string,
): EvidenceItem[] {
  const items = kinds.flatMap((kind) => itemsOf(measurement, kind));
  return source ? items.map((item) => ({ ...item, source })) : items;
}

function itemsOf(m: EcgMeasurementResult, kind: EcgEvidenceKind): EvidenceItem[] {
  switch (kind) {
    case 'rhythm':
      return [rhythmItem(m)];
    case 'rr-irregularity':
      return [
        numeric(
          m,
          'rrIrregularity',
          'RR irregularity (RMSSD / mean RR)',
          pct(m.rrNormalisedRmssd),
          RANGES.rrIrregularity,
        ),
      ];
    case 'heart-rate':
      return [numeric(m, 'heartRate', 'Heart rate', m.heartRateBpm, RANGES.heartRate, loinc('8867-4', 'Heart rate'))];
    case 'pr':
      return [numeric(m, 'pr', 'PR interval', m.prMs, RANGES.pr, loinc('8625-6', 'P-R Interval'))];
    case 'qrs':
      return [numeric(m, 'qrs', 'QRS duration', m.qrsMs, RANGES.qrs, loinc('8633-0', 'QRS duration'))];
    case 'qtc':
      return [numeric(m, 'qt', 'QTc (Bazett)', m.qtcBazettMs, RANGES.qtc, loinc('8636-3', 'Q-T interval corrected'))];
    case 'st-territories':
      return stTerritoryItems(m);
    case 'sokolow-lyon':
      return [numeric(m, 'qrs', 'QRS voltage, Sokolow-Lyon (SV1 + max RV5/RV6)', sokolowLyonMv(m), RANGES.sokolowLyon)];
    case 't-amplitude': {
      const t = maxTWaveAmplitude(m, T_WAVE_LEADS);
      const label = `T-wave amplitude, tallest of ${T_WAVE_LEADS.join(', ')}${t ? ` (${t.lead})` : ''}`;
      return [numeric(m, 'qt', label, t?.mv, RANGES.tWave)];
    }
  }
}

function rhythmItem(m: EcgMeasurementResult): EvidenceItem {
  const reason = m.reasons.rhythm;
  const item: EvidenceItem = {
    modality: 'ecg',
    label: 'Rhythm (automated call from RR irregularity and P waves, not a diagnosis)',
    code: loinc('8884-9', 'Heart rate rhythm'),
    text: RHYTHM_TEXT[m.rhythm] + (m.rhythm === 'undetermined' && reason ? `: ${reason}` : ''),
  };
  if (m.rhythm === 'atrial-fibrillation') item.interpretation = 'abnormal';
  if (m.rhythm === 'sinus') item.interpretation = 'normal';
  return item;
}

/** Per territory, the lead with the largest ST deviation in either direction. */
function stTerritoryItems(m: EcgMeasurementResult): EvidenceItem[] {
  return Object.entries(TERRITORY_LEADS).map(([territory, leads]) => {
    let worst: { lead: EcgLeadName; mv: number } | undefined;
    for (const lead of leads) {
      const mv = m.stDeviationMv[lead];
      if (mv !== undefined && Number.isFinite(mv) && (worst === undefined || Math.abs(mv) > Math.abs(worst.mv))) {
        worst = { lead, mv };
      }
    }
    const label = `ST deviation, ${territory} leads (${leads.join(', ')})${worst ? `: largest in ${worst.lead}` : ''}`;
    return numeric(m, 'stDeviation', label, worst?.mv, RANGES.st);
  });
}

function numeric(
  m: EcgMeasurementResult,
  name: EcgMeasurementName,
  label: string,
  value: number | undefined,
  range: ReferenceRange,
  code?: EvidenceItem['code'],
): EvidenceItem {
  const item: EvidenceItem = { modality: 'ecg', label };
  if (code) item.code = code;
  if (value === undefined || !Number.isFinite(value)) {
    item.text = `not measured: ${m.reasons[name] ?? 'not available from this recording'}`;
    return item;
  }
  item.value = value;
  item.unit = range.unit;
  item.referenceRange = { ...range };
  item.interpretation =
    range.high !== undefined && value > range.high
      ? 'high'
      : range.low !== undefined && value < range.low
        ? 'low'
        : 'normal';
  return item;
}

function pct(fraction: number | undefined): number | undefined {
  return fraction === undefined ? undefined : fraction * 100;
}

function loinc(code: string, display: string): NonNullable<EvidenceItem['code']> {
  return { system: LOINC_SYSTEM, code, display };
}

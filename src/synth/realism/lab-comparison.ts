/**
 * Section 1 of the realism report: each of the 50 labs, synthetic vs MIMIC-IV demo (presence, median, IQR), and
 * for each disease the medians of its key labs with and without it.
 */
import { DISEASE_IDS, LABS, getDisease, getLab, type DiseaseId, type LabId } from '../../shared';
import type { LabCohortMember } from './lab-cohort';
import type {
  DiseaseLabRow,
  DiseaseLabTable,
  DiseaseSplit,
  LabRealismRow,
  LabSide,
  MedianDifference,
} from './realism-report-types';
import { summarise, type QuantileSummary } from './summary-stats';

/** A synthetic median more than 15 % from MIMIC's is flagged (the report's agreed tolerance). */
export const MEDIAN_TOLERANCE = 0.15;
/** A presence rate more than 10 points from MIMIC's is flagged (about 2.7 binomial SEs at n = 116, p = 0.5). */
export const PRESENCE_TOLERANCE = 0.1;

/**
 * The labs each disease shifts in the generator (src/synth/labs) or that a clinician checks for it: the rows of
 * its table. Troponin is not among the 50 labs, so CK stands for myocardial injury.
 */
export const DISEASE_KEY_LABS: Readonly<Record<DiseaseId, readonly LabId[]>> = {
  'coronary-artery-disease': ['creatine-kinase', 'glucose', 'hemoglobin', 'creatinine', 'potassium'],
  'acute-renal-failure': [
    'creatinine',
    'urea-nitrogen',
    'potassium',
    'phosphate',
    'anion-gap',
    'bicarbonate',
    'hemoglobin',
  ],
  hypertension: ['creatinine', 'urea-nitrogen', 'potassium', 'sodium', 'glucose'],
  'atrial-fibrillation': ['inr', 'pt', 'ptt', 'potassium', 'magnesium'],
  pneumonia: ['wbc', 'neutrophils', 'po2', 'pco2', 'lactate', 'platelets'],
  'diabetes-mellitus': ['glucose', 'anion-gap', 'bicarbonate', 'ph', 'creatinine'],
  sepsis: [
    'wbc',
    'lactate',
    'neutrophils',
    'immature-granulocytes',
    'platelets',
    'bilirubin-total',
    'inr',
    'creatinine',
  ],
};

function values(members: readonly LabCohortMember[], lab: LabId): number[] {
  const out: number[] = [];
  for (const member of members) {
    const value = member.labs[lab];
    if (value !== undefined) out.push(value);
  }
  return out;
}

function labSide(members: readonly LabCohortMember[], lab: LabId): LabSide {
  const present = values(members, lab);
  const summary = summarise(present);
  return { presence: members.length === 0 ? 0 : present.length / members.length, ...(summary ? { summary } : {}) };
}

function medianDifference(synthetic: QuantileSummary, mimic: QuantileSummary): MedianDifference | undefined {
  const delta = synthetic.median - mimic.median;
  if (mimic.median !== 0) return { value: delta / Math.abs(mimic.median), basis: 'median' };
  const iqr = mimic.q3 - mimic.q1;
  return iqr > 0 ? { value: delta / iqr, basis: 'iqr' } : undefined;
}

function labRow(
  lab: (typeof LABS)[number],
  synthetic: readonly LabCohortMember[],
  mimic: readonly LabCohortMember[] | undefined,
): LabRealismRow {
  const row: LabRealismRow = {
    lab: lab.id,
    label: lab.label,
    unit: lab.unit,
    synthetic: labSide(synthetic, lab.id),
    flags: [],
  };
  if (!mimic) return row;
  row.mimic = labSide(mimic, lab.id);
  row.presenceDifference = row.synthetic.presence - row.mimic.presence;
  if (row.synthetic.summary && row.mimic.summary) {
    const difference = medianDifference(row.synthetic.summary, row.mimic.summary);
    if (difference) row.medianDifference = difference;
    const off = difference
      ? Math.abs(difference.value) > MEDIAN_TOLERANCE
      : row.synthetic.summary.median !== row.mimic.summary.median;
    if (off) row.flags.push('median');
  }
  if (Math.abs(row.presenceDifference) > PRESENCE_TOLERANCE) row.flags.push('presence');
  return row;
}

/**
 * One row per catalogue lab, in catalogue order.
 * @param mimic - undefined when the real data is absent: rows carry the synthetic side only
 */
export function compareLabs(
  synthetic: readonly LabCohortMember[],
  mimic: readonly LabCohortMember[] | undefined,
): LabRealismRow[] {
  return LABS.map((lab) => labRow(lab, synthetic, mimic));
}

function split(members: readonly LabCohortMember[], disease: DiseaseId, lab: LabId): DiseaseSplit {
  const withIt = summarise(
    values(
      members.filter((m) => m.diseases.has(disease)),
      lab,
    ),
  );
  const without = summarise(
    values(
      members.filter((m) => !m.diseases.has(disease)),
      lab,
    ),
  );
  return { ...(withIt ? { with: withIt } : {}), ...(without ? { without } : {}) };
}

function shiftSign(side: DiseaseSplit): number | undefined {
  if (!side.with || !side.without) return undefined;
  return Math.sign(side.with.median - side.without.median);
}

function counts(members: readonly LabCohortMember[], disease: DiseaseId): { with: number; without: number } {
  const withIt = members.filter((m) => m.diseases.has(disease)).length;
  return { with: withIt, without: members.length - withIt };
}

/**
 * One table per disease (catalogue order), with its key labs.
 * @param mimic - undefined when the real data is absent
 */
export function compareLabsByDisease(
  synthetic: readonly LabCohortMember[],
  mimic: readonly LabCohortMember[] | undefined,
): DiseaseLabTable[] {
  return DISEASE_IDS.map((disease) => {
    const rows = DISEASE_KEY_LABS[disease].map((lab): DiseaseLabRow => {
      const row: DiseaseLabRow = { lab, unit: getLab(lab).unit, synthetic: split(synthetic, disease, lab) };
      if (!mimic) return row;
      row.mimic = split(mimic, disease, lab);
      const s = shiftSign(row.synthetic);
      const m = shiftSign(row.mimic);
      if (s !== undefined && m !== undefined) row.shiftAgrees = s === m;
      return row;
    });
    return {
      disease,
      display: getDisease(disease).answer,
      syntheticCount: counts(synthetic, disease),
      ...(mimic ? { mimicCount: counts(mimic, disease) } : {}),
      rows,
    };
  });
}

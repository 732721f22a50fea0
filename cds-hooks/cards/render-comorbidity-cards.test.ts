import type { Condition } from '@medplum/fhirtypes';
import { validateR4 } from '../../src/fhir/testing/validate-r4';
import {
  DISEASE_IDS,
  MODALITIES,
  getDisease,
  type Assessment,
  type DiseaseId,
  type EvidenceItem,
  type Modality,
  type ModalityIssue,
} from '../../src/shared';
import { Random } from '../../src/synth/random';
import { cardSchema, type Card } from './card-schema';
import { cardUuid } from './card-uuid';
import { renderComorbidityCards, type ComorbidityCardContext } from './render-comorbidity-cards';

const CONTEXT: ComorbidityCardContext = {
  problemList: [],
  smartLaunchUrl: 'https://ehr.example.org/smart/launch',
  modelCardUrl: 'https://cds.example.org/models/default/MODEL_CARD.md',
  patientId: 'pat-1',
  encounterId: 'enc-1',
};

const CREATININE: EvidenceItem = {
  modality: 'labs',
  label: 'Creatinine',
  code: { system: 'http://loinc.org', code: '2160-0', display: 'Creatinine' },
  value: 3.2,
  unit: 'mg/dL',
  referenceRange: { low: 0.6, high: 1.2, unit: 'mg/dL', text: 'typical adult range' },
  interpretation: 'high',
  source: 'Observation/creat-1',
};

function assessment(
  probabilities: Partial<Record<DiseaseId, number>>,
  options: { used?: Modality[]; issues?: ModalityIssue[]; weights?: Partial<Record<Modality, number>> } = {},
): Assessment {
  const used = options.used ?? ['ecg', 'labs'];
  return {
    id: 'assessment-1',
    patientId: 'pat-1',
    createdAt: '2026-03-01T08:00:00.000Z',
    model: { name: 'medtvt-default', version: '1.0.0' },
    findings: DISEASE_IDS.map((disease) => {
      const probability = probabilities[disease] ?? 0.05;
      return {
        disease,
        display: getDisease(disease).answer,
        probability,
        threshold: 0.5,
        likely: probability >= 0.5,
        evidence: disease === 'acute-renal-failure' ? [CREATININE] : [],
      };
    }),
    modalities: {
      used,
      missing: MODALITIES.filter((m) => !used.includes(m)),
      weights: options.weights ?? Object.fromEntries(used.map((m) => [m, 1 / used.length])),
    },
    issues: options.issues ?? [],
    timings: { totalMs: 12 },
    basis: ['Observation/creat-1'],
  };
}

/** Every optional member must be meaningful: no null, "", [] or {} anywhere (the spec's JSON rule). */
function emptyMembers(value: unknown, path = ''): string[] {
  if (value === null || value === '') return [path];
  if (Array.isArray(value)) {
    return value.length === 0 ? [path] : value.flatMap((v, i) => emptyMembers(v, `${path}[${i}]`));
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? [path] : entries.flatMap(([k, v]) => emptyMembers(v, `${path}.${k}`));
  }
  return [];
}

function conditionOf(card: Card): Condition {
  const resource = card.suggestions?.[0]?.actions?.[0]?.resource;
  if (resource?.resourceType !== 'Condition') throw new Error('no Condition');
  return resource as Condition;
}

describe('renderComorbidityCards', () => {
  it('gives each unrecognised likely comorbidity its own card, most urgent first, and groups the recognised ones', () => {
    const cards = renderComorbidityCards(assessment({ 'acute-renal-failure': 0.7, sepsis: 0.95, hypertension: 0.8 }), {
      ...CONTEXT,
      problemList: ['hypertension'],
    });

    expect(cards.map((c) => [c.indicator, c.summary])).toEqual([
      ['critical', 'Likely Sepsis (95 %), not on the problem list (ECG, labs; no CXR)'],
      ['warning', 'Likely Acute Renal Failure (70 %), not on the problem list (ECG, labs; no CXR)'],
      ['info', 'Likely, on the problem list: Hypertension (ECG, labs; no CXR)'],
    ]);
    for (const card of cards) expect(cardSchema.parse(card)).toEqual(card);
    expect(cards.map((c) => c.uuid)).toEqual([
      cardUuid('assessment-1', 'card/sepsis'),
      cardUuid('assessment-1', 'card/acute-renal-failure'),
      cardUuid('assessment-1', 'card/on-problem-list'),
    ]);
  });

  it('suggests a provisional problem-list Condition only for unrecognised likely comorbidities, valid FHIR R4', () => {
    const cards = renderComorbidityCards(assessment({ sepsis: 0.95, hypertension: 0.8 }), {
      ...CONTEXT,
      problemList: ['hypertension'],
    });

    const [sepsis, recognised] = cards;
    expect(recognised?.suggestions).toBeUndefined();
    expect(sepsis?.selectionBehavior).toBe('any');
    expect(sepsis?.suggestions?.[0]).toMatchObject({
      label: 'Add provisional diagnosis: Sepsis',
      uuid: cardUuid('assessment-1', 'suggestion/sepsis/add-condition'),
      actions: [{ type: 'create', description: 'Add Sepsis to the problem list as a provisional diagnosis' }],
    });
    const condition = conditionOf(sepsis as Card);
    expect(() => validateR4(condition)).not.toThrow();
    expect(condition.verificationStatus?.coding?.[0]?.code).toBe('provisional');
    expect(condition.clinicalStatus?.coding?.[0]?.code).toBe('active');
    expect(condition.category?.[0]?.coding?.[0]?.code).toBe('problem-list-item');
    // SNOMED 91302008 Sepsis (catalogue) and ICD-10-CM A41.9 "Sepsis, unspecified organism" (CMS tabular list).
    expect(condition.code?.coding?.map((c) => [c.system, c.code])).toEqual([
      ['http://snomed.info/sct', '91302008'],
      ['http://hl7.org/fhir/sid/icd-10-cm', 'A41.9'],
    ]);
    expect(condition.subject).toEqual({ reference: 'Patient/pat-1' });
    expect(condition.encounter).toEqual({ reference: 'Encounter/enc-1' });
    expect(condition.note?.[0]?.text).toMatch(/MedTVT-FHIR.*probability 95 %.*threshold 50 %.*ECG, labs/);
    expect(sepsis?.overrideReasons?.every((r) => r.display.length > 0)).toBe(true);
  });

  it('links the SMART app with an appContext naming the assessment', () => {
    const [card] = renderComorbidityCards(assessment({ sepsis: 0.95 }), CONTEXT);

    expect(card?.links).toHaveLength(1);
    const link = card?.links?.[0];
    expect(link).toMatchObject({ type: 'smart', url: 'https://ehr.example.org/smart/launch' });
    expect(JSON.parse(link?.appContext ?? '')).toEqual({ assessmentId: 'assessment-1', disease: 'sepsis' });
    expect(card?.source).toEqual({
      label: 'MedTVT-FHIR (model medtvt-default 1.0.0)',
      url: 'https://cds.example.org/models/default/MODEL_CARD.md',
      topic: { system: 'http://snomed.info/sct', code: '91302008', display: 'Sepsis' },
    });
  });

  it('shows the chain of evidence in the detail: lab table with unit and range, contributions in percent, model', () => {
    const [card] = renderComorbidityCards(
      assessment({ 'acute-renal-failure': 0.7 }, { weights: { ecg: 0.25, labs: 0.75 } }),
      CONTEXT,
    );

    const detail = card?.detail ?? '';
    expect(detail).toContain('| Lab | Value | Unit | Reference range | Flag |');
    expect(detail).toContain('| Creatinine (LOINC 2160-0) | 3.2 | mg/dL | 0.6–1.2 (typical adult range) | high |');
    expect(detail).toContain('| ECG | 25 % |');
    expect(detail).toContain('| labs | 75 % |');
    expect(detail).toContain('| CXR | not used: not in the record |');
    expect(detail).toContain('Model medtvt-default 1.0.0');
    expect(detail).toContain('[model card](<https://cds.example.org/models/default/MODEL_CARD.md>)');
  });

  it('says that the ECG could not be read, in the summary and the detail, without breaking the tables', () => {
    const issue: ModalityIssue = {
      modality: 'ecg',
      kind: 'unreadable',
      message: 'Observation/ecg-9 component[0].valueSampledData.data: "1 | 2\n3" is not a number',
      source: 'Observation/ecg-9',
    };

    const [card] = renderComorbidityCards(assessment({ sepsis: 0.7 }, { used: ['labs'], issues: [issue] }), CONTEXT);

    expect(card?.summary).toBe('Likely Sepsis (70 %), not on the problem list (labs; ECG unreadable, no CXR)');
    expect(card?.detail).toContain('| ECG | not used: could not be read |');
    expect(card?.detail).toContain(
      '- ECG could not be read: Observation/ecg-9 component\\[0\\].valueSampledData.data: "1 \\| 2 3" is not a number',
    );
  });

  it('returns one info card when nothing is likely, or none when asked', () => {
    const quiet = assessment({}, { used: ['labs'], issues: [{ modality: 'ecg', kind: 'unreadable', message: 'bad' }] });

    const cards = renderComorbidityCards(quiet, CONTEXT);
    const none = renderComorbidityCards(quiet, { ...CONTEXT, whenNoneLikely: 'no-card' });

    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({
      indicator: 'info',
      summary: 'No comorbidity likely of 7 assessed (labs; ECG unreadable, no CXR)',
      uuid: cardUuid('assessment-1', 'card/none-likely'),
    });
    expect(cards[0]?.suggestions).toBeUndefined();
    expect(cards[0]?.detail).toContain('| Sepsis | 5 % | 50 % | no |');
    expect(none).toEqual([]);
  });

  it('keeps every card valid, under 140 characters and free of empty members over 500 random assessments', () => {
    const rng = new Random('cards-property');
    for (let i = 0; i < 500; i++) {
      const probabilities = Object.fromEntries(DISEASE_IDS.map((d) => [d, rng.next()]));
      const used = MODALITIES.filter(() => rng.next() < 0.6);
      if (used.length === 0) used.push('labs');
      const issues: ModalityIssue[] = MODALITIES.filter((m) => !used.includes(m) && rng.next() < 0.5).map((m) => ({
        modality: m,
        kind: 'unreadable',
        message: `${m} unreadable`,
      }));
      const problemList = DISEASE_IDS.filter(() => rng.next() < 0.3);
      const hasEncounter = rng.next() < 0.5;

      const cards = renderComorbidityCards(assessment(probabilities, { used, issues }), {
        ...CONTEXT,
        problemList,
        ...(hasEncounter ? {} : { encounterId: undefined }),
      });

      const likely = DISEASE_IDS.filter((d) => (probabilities[d] ?? 0) >= 0.5);
      const unrecognised = likely.filter((d) => !problemList.includes(d));
      expect(cards.length).toBe(
        unrecognised.length + (likely.length > unrecognised.length ? 1 : 0) + (likely.length === 0 ? 1 : 0),
      );
      for (const card of cards) {
        expect(cardSchema.safeParse(card).success).toBe(true);
        expect(card.summary.length).toBeLessThan(140);
        expect(emptyMembers(JSON.parse(JSON.stringify(card)))).toEqual([]);
        for (const m of used) expect(card.summary).toContain(m === 'labs' ? 'labs' : m.toUpperCase());
      }
      expect(new Set(cards.map((c) => c.uuid)).size).toBe(cards.length);
    }
  });

  it('shortens a long list of recognised comorbidities to "+N more" rather than exceed the limit', () => {
    const all = Object.fromEntries(DISEASE_IDS.map((d) => [d, 0.9]));

    const [card] = renderComorbidityCards(assessment(all, { used: ['labs'] }), {
      ...CONTEXT,
      problemList: [...DISEASE_IDS],
    });

    expect(card?.summary.length).toBeLessThan(140);
    expect(card?.summary).toMatch(
      /^Likely, on the problem list: Coronary Artery Disease, .* \+\d more \(labs; no ECG, no CXR\)$/,
    );
  });
});

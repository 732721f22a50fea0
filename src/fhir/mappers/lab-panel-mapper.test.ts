import type { Bundle, Observation, Quantity } from '@medplum/fhirtypes';
import { LOINC_SYSTEM, MIMIC_LABITEM_SYSTEM, UCUM_SYSTEM } from '../../shared/index';
import { describeWithSharedData, readSharedText } from '../../../test/support/shared-data';
import { mapLabPanel } from './lab-panel-mapper';
import { admissionWindow } from './lab-window';

function lab(id: string, loinc: string, quantity: Quantity | undefined, extra: Partial<Observation> = {}): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: LOINC_SYSTEM, code: loinc }] },
    effectiveDateTime: '2024-03-01T08:00:00Z',
    ...(quantity ? { valueQuantity: quantity } : {}),
    ...extra,
  };
}

function ucum(value: number, code: string): Quantity {
  return { value, unit: code, system: UCUM_SYSTEM, code };
}

describe('mapLabPanel unit conversion', () => {
  // Expected values are hand-computed from standard molar masses (mg/dL = mmol/L × M / 10), not from the
  // catalogue's factors: glucose 180.16 g/mol, creatinine 113.12 g/mol, urea nitrogen 2 × 14.007 = 28.014 g/mol,
  // calcium 40.078 g/mol, magnesium 24.305 g/mol, phosphorus 30.974 g/mol. Tolerances cover the rounding of the
  // catalogue's factors (e.g. creatinine 88.42 µmol/L per mg/dL, i.e. M = 113.10).
  it.each([
    ['glucose', '2345-7', ucum(5.5, 'mmol/L'), 99.088, 0.01],
    ['creatinine', '2160-0', ucum(100, 'umol/L'), 1.1312, 0.001],
    ['urea-nitrogen', '3094-0', ucum(7.0, 'mmol/L'), 19.61, 0.01],
    ['calcium-total', '17861-6', ucum(2.4, 'mmol/L'), 9.6187, 0.01],
    ['magnesium', '19123-9', ucum(0.85, 'mmol/L'), 2.0659, 0.01],
    ['phosphate', '2777-1', ucum(1.1, 'mmol/L'), 3.4071, 0.01],
  ] as const)('converts %s from SI units to mg/dL', (labId, loinc, quantity, expected, tolerance) => {
    const { panel, issues } = mapLabPanel([lab('o1', loinc, quantity)]);

    const value = panel.values[labId];
    expect(issues).toEqual([]);
    expect(value?.unit).toBe('mg/dL');
    expect(Math.abs((value?.value ?? NaN) - expected)).toBeLessThan(tolerance);
    expect(value?.reported).toEqual({ value: quantity.value, unit: quantity.code });
  });

  it('reads the unit from the display text when the code is not UCUM, and normalises spellings', () => {
    const wbc = lab('w', '6690-2', { value: 7.2, unit: 'K/uL', system: 'http://example.org/units', code: 'KPUL' });
    const sodium = lab('na', '2951-2', { value: 140, unit: 'mmol/L' });

    const { panel, issues } = mapLabPanel([wbc, sodium]);

    expect(issues).toEqual([]);
    // K/uL is another spelling of 10*3/uL: no conversion, so nothing under `reported`.
    expect(panel.values.wbc).toEqual({
      lab: 'wbc',
      value: 7.2,
      unit: '10*3/uL',
      loinc: '6690-2',
      source: 'Observation/w',
      effective: '2024-03-01T08:00:00Z',
    });
    // 1 mmol/L of a monovalent ion is 1 meq/L.
    expect(panel.values.sodium).toMatchObject({ value: 140, unit: 'meq/L', reported: { value: 140, unit: 'mmol/L' } });
  });

  it('converts the reference range to the canonical unit too', () => {
    const glucose = lab('g', '2345-7', ucum(5.0, 'mmol/L'), {
      referenceRange: [
        { low: ucum(3.0, 'mmol/L'), type: { coding: [{ code: 'treatment' }] } },
        { low: ucum(3.9, 'mmol/L'), high: { value: 5.6 }, text: '3.9-5.6 mmol/L' },
      ],
    });

    const { panel } = mapLabPanel([glucose]);

    // 3.9 × 18.016 = 70.2624; 5.6 × 18.016 = 100.8896 (the high bound has no unit: the result's unit applies).
    const range = panel.values.glucose?.referenceRange;
    expect(range?.unit).toBe('mg/dL');
    expect(range?.low).toBeCloseTo(70.26, 2);
    expect(range?.high).toBeCloseTo(100.89, 2);
    expect(range?.text).toBe('3.9-5.6 mmol/L');
  });
});

describe('mapLabPanel windows and selection', () => {
  const anchor = '2024-03-01T10:00:00Z';

  it('takes the earliest value per lab inside ±24 h of the anchor and ignores values outside', () => {
    const observations = [
      lab('before', '2345-7', ucum(300, 'mg/dL'), { effectiveDateTime: '2024-02-28T09:59:59Z' }),
      lab('later', '2345-7', ucum(120, 'mg/dL'), { effectiveDateTime: '2024-03-01T12:00:00Z' }),
      lab('earliest', '2339-0', ucum(110, 'mg/dL'), { effectiveDateTime: '2024-02-29T10:00:00Z' }),
      lab('after', '2160-0', ucum(9, 'mg/dL'), { effectiveDateTime: '2024-03-02T10:00:01Z' }),
    ];

    const { panel, issues } = mapLabPanel(observations, { anchor });

    expect(issues).toEqual([]);
    expect(panel.window).toEqual({ start: '2024-02-29T10:00:00.000Z', end: '2024-03-02T10:00:00.000Z' });
    expect(panel.values.glucose).toMatchObject({ value: 110, loinc: '2339-0', source: 'Observation/earliest' });
    expect(panel.values.creatinine).toBeUndefined();
    expect(panel.provenance.references).toEqual(['Observation/earliest']);
  });

  it('uses effectivePeriod.start or issued when there is no effectiveDateTime, and skips withdrawn results', () => {
    const observations = [
      lab('withdrawn', '2345-7', ucum(50, 'mg/dL'), {
        status: 'entered-in-error',
        effectiveDateTime: '2024-03-01T01:00:00Z',
      }),
      lab('cancelled', '2345-7', ucum(51, 'mg/dL'), { status: 'cancelled', effectiveDateTime: '2024-03-01T01:00:00Z' }),
      lab('period', '2345-7', ucum(90, 'mg/dL'), {
        effectiveDateTime: undefined,
        effectivePeriod: { start: '2024-03-01T02:00:00Z', end: '2024-03-01T03:00:00Z' },
      }),
      lab('issued', '2345-7', ucum(95, 'mg/dL'), { effectiveDateTime: undefined, issued: '2024-03-01T03:00:00Z' }),
    ];

    const { panel, issues } = mapLabPanel(observations, {
      window: { start: '2024-03-01T00:00:00Z', end: '2024-03-01T23:59:59Z' },
    });

    expect(issues).toEqual([]);
    expect(panel.values.glucose).toMatchObject({
      value: 90,
      effective: '2024-03-01T02:00:00Z',
      source: 'Observation/period',
    });
  });

  it('matches MIMIC-IV itemids when there is no LOINC', () => {
    const creatinine: Observation = {
      resourceType: 'Observation',
      id: 'm1',
      status: 'final',
      code: { coding: [{ system: MIMIC_LABITEM_SYSTEM, code: '50912' }] },
      effectiveDateTime: '2024-03-01T08:00:00Z',
      valueQuantity: { value: 1.4, unit: 'mg/dL' },
    };

    const { panel } = mapLabPanel([creatinine]);

    expect(panel.values.creatinine).toMatchObject({ value: 1.4, unit: 'mg/dL', source: 'Observation/m1' });
    expect(panel.values.creatinine?.loinc).toBeUndefined();
  });

  it('builds the ±24 h admission window, and a narrower one on request', () => {
    expect(admissionWindow('2019-08-29T19:27:45+00:00')).toEqual({
      start: '2019-08-28T19:27:45.000Z',
      end: '2019-08-30T19:27:45.000Z',
    });
    expect(admissionWindow('2024-03-01T10:00:00+02:00', 6)).toEqual({
      start: '2024-03-01T02:00:00.000Z',
      end: '2024-03-01T14:00:00.000Z',
    });
    expect(() => admissionWindow('yesterday')).toThrow('anchor "yesterday" is not an ISO 8601 date-time');
  });
});

describe('mapLabPanel malformed results', () => {
  it('reports each unreadable result by resource and element and still returns the other labs', () => {
    const observations: Observation[] = [
      lab('good-na', '2951-2', ucum(139, 'mmol/L')),
      lab('no-unit', '2160-0', { value: 1.2 }),
      lab('bad-unit', '2345-7', ucum(42, 'mmol/mol')),
      lab('text', '2823-3', undefined, { valueString: 'haemolysed, see note' }),
      lab('coded', '718-7', undefined, { valueCodeableConcept: { text: 'clotted' } }),
      lab('no-value-value', '777-3', { unit: '10*3/uL', code: '10*3/uL', system: UCUM_SYSTEM }),
      lab('bad-range', '2075-0', ucum(101, 'mmol/L'), { referenceRange: [{ low: ucum(98, 'g/L') }] }),
      {
        resourceType: 'Observation',
        id: 'no-code',
        status: 'final',
        code: { text: 'chem 7' },
        valueQuantity: ucum(1, 'mg/dL'),
      },
      {
        resourceType: 'Observation',
        id: 'bad-itemid',
        status: 'final',
        code: { coding: [{ system: MIMIC_LABITEM_SYSTEM, code: 'CREAT' }] },
        valueQuantity: ucum(1, 'mg/dL'),
      },
    ];

    const { panel, issues } = mapLabPanel(observations);

    expect(issues.map((e) => e.message)).toEqual([
      'Observation/no-unit valueQuantity.code: is missing; Creatinine needs a unit (mg/dL)',
      "Observation/bad-unit valueQuantity.code: 'mmol/mol' cannot be converted to mg/dL for Glucose",
      'Observation/text valueString: is not a number',
      'Observation/coded valueCodeableConcept: is not a numeric result (expected valueQuantity)',
      'Observation/no-value-value valueQuantity.value: is missing or not a number',
      "Observation/bad-range referenceRange[0].low.code: 'g/L' cannot be converted to meq/L for Chloride",
      'Observation/no-code code.coding: is missing, so the test cannot be identified',
      "Observation/bad-itemid code.coding[0].code: 'CREAT' is not a MIMIC-IV lab itemid (a number)",
    ]);
    expect(issues.every((e) => e.modality === 'labs')).toBe(true);
    expect(issues[0]).toMatchObject({ resource: 'Observation/no-unit', field: 'valueQuantity.code' });
    expect(panel.values.sodium?.value).toBe(139);
    // The chloride value is good; only its range was unreadable.
    expect(panel.values.chloride?.value).toBe(101);
    expect(panel.values.chloride?.referenceRange).toBeUndefined();
    expect(Object.keys(panel.values).sort()).toEqual(['chloride', 'sodium']);
  });

  it('ignores tests outside the catalogue and results withheld with a dataAbsentReason, silently', () => {
    const observations = [
      lab('a1c', '4548-4', ucum(6.1, '%')),
      lab('height', '8302-2', ucum(170, 'cm')),
      lab('absent', '2345-7', undefined, { dataAbsentReason: { coding: [{ code: 'error' }] } }),
    ];

    const { panel, issues } = mapLabPanel(observations);

    expect(issues).toEqual([]);
    expect(panel.values).toEqual({});
  });

  it('reports a result with no time when a window was asked for', () => {
    const noTime = lab('t0', '2345-7', ucum(100, 'mg/dL'), { effectiveDateTime: undefined });

    const { issues } = mapLabPanel([noTime], { anchor: '2024-03-01T10:00:00Z' });

    expect(issues.map((e) => e.message)).toEqual([
      'Observation/t0 effective[x]: is missing, so the result cannot be placed in the window',
    ]);
  });
});

describeWithSharedData('mapLabPanel on a real Synthea R4 bundle', () => {
  // Parker Casper, check-up encounter starting 2019-08-29T19:27:45+00:00 (Encounter.period.start). Expected values
  // were read with python's json module: every Observation in the bundle whose effectiveDateTime lies within ±24 h
  // of that time and whose LOINC is one of Synthea's chemistry/CBC codes, valueQuantity.value printed with repr().
  // All units are already the catalogue's (mg/dL, %, g/dL, pg, fL, 10*3/uL, 10*6/uL) or mmol/L for the monovalent
  // ions and CO2, which equal meq/L; so the expected values are the raw ones.
  const expected: Record<string, [number, string, string]> = {
    bicarbonate: [20.59434447838079, '20565-8', 'a8e11688-d737-41ea-9e51-c20727aab530'],
    'calcium-total': [9.099009539911616, '49765-1', 'ff86c8f2-fe3e-4cb3-b281-117844ad15fe'],
    chloride: [104.0071451411705, '2069-3', 'b7ec8578-8ec8-4587-a147-a385c0cecf71'],
    creatinine: [0.8940079182005575, '38483-4', '5068041b-e619-4a22-950b-3ae6bbacb690'],
    glucose: [79.40709046088708, '2339-0', '71dd8539-5d95-490e-9012-b6a0417575a9'],
    hematocrit: [44.374033956456174, '4544-3', 'f6145a6a-c991-4ecc-b259-e64cec499abb'],
    hemoglobin: [15.124971962180824, '718-7', '77f6c050-76a2-4461-8ad1-1972dbd73389'],
    mch: [28.00929483338579, '785-6', 'f68ca7b2-45d3-4a6f-b4d3-a1902df7e360'],
    mchc: [35.53451015194034, '786-4', 'f98efdb0-4a6a-4f50-9f24-56183a124116'],
    mcv: [94.02611172777131, '787-2', '596c727b-07f5-4f7a-a8bd-3548b8a04e19'],
    platelets: [295.6707960585859, '777-3', 'c44f6d32-8992-40f8-9116-71dc6269221d'],
    potassium: [4.068161045460237, '6298-4', '1559ad63-725f-4ef1-b0d7-2b8399c8a4e8'],
    rbc: [4.674543652256593, '789-8', 'c0628423-c208-4971-8714-26ce70b518c7'],
    'rdw-sd': [42.03495858075938, '21000-5', 'aec19816-93cd-449e-ae9a-cdb83f1a1f3c'],
    sodium: [142.39391936489636, '2947-0', 'b2240933-92ee-4d09-aade-9d8af876df2b'],
    'urea-nitrogen': [13.848949674441918, '6299-2', 'c0f0b984-c405-4e60-9075-cbfd88220b18'],
    wbc: [9.827209689860712, '6690-2', '2e36fbf2-de9f-4173-829f-6939fd1bafd0'],
  };

  it('returns the 17 labs of the 2019-08-29 encounter out of the whole record, with their LOINC and source', () => {
    const bundle = JSON.parse(
      readSharedText('fhir', 'synthea-r4', 'Parker_Casper_6d0c6969-6843-47e1-9921-d9bf11b1df31.json'),
    ) as Bundle;
    const observations = (bundle.entry ?? [])
      .map((e) => e.resource)
      .filter((r): r is Observation => r?.resourceType === 'Observation');

    const { panel, issues } = mapLabPanel(observations, { anchor: '2019-08-29T19:27:45+00:00', server: 'urn:synthea' });

    expect(observations.length).toBe(268);
    expect(issues).toEqual([]);
    expect(Object.keys(panel.values).sort()).toEqual(Object.keys(expected).sort());
    for (const [labId, [value, loinc, id]] of Object.entries(expected)) {
      expect(panel.values[labId as keyof typeof panel.values]).toMatchObject({
        value,
        loinc,
        source: `Observation/${id}`,
        effective: '2019-08-29T19:27:45+00:00',
      });
    }
    expect(panel.provenance).toMatchObject({ source: 'fhir', server: 'urn:synthea' });
    expect(panel.provenance.references).toHaveLength(17);
  });
});

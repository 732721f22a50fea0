import type { Observation, ObservationComponent } from '@medplum/fhirtypes';
import { readWfdbRecord, wfdbToEcgRecording } from '../../formats/wfdb/index';
import {
  FhirMappingError,
  LruByteCache,
  MODEL_LEAD_ORDER,
  registeredContentKey,
  type EcgRecording,
} from '../../shared/index';
import { describeWithSharedData, readSharedBytes, readSharedText } from '../../../test/support/shared-data';
import { ecgToObservation } from '../writers/ecg-observation-writer';
import { DecodedContentCache, FHIR_CACHE_REGIONS } from './decoded-content-cache';
import { isEcgObservation, mapEcgObservation, mapEcgObservationWithIssues } from './ecg-observation-mapper';

const OID = 'urn:oid:2.16.840.1.113883.6.24';
const ISO = 'urn:iso:std:iso:11073:10101';

function leadComponent(system: string, code: string, sampledData: Record<string, unknown>): ObservationComponent {
  // SampledData is built loosely on purpose: R5 fields (interval) and missing ones are what the mapper must handle.
  return { code: { coding: [{ system, code }] }, valueSampledData: sampledData as never };
}

function ecgObservation(components: ObservationComponent[], id = 'ecg-1'): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '34534-8' }] },
    effectiveDateTime: '2024-03-01T10:00:00Z',
    component: components,
  };
}

function samplesOf(recording: EcgRecording, name: string): number[] {
  const lead = recording.leads.find((l) => l.name === name);
  if (!lead) throw new Error(`lead ${name} missing`);
  return Array.from(lead.samples);
}

function expectCloseArray(actual: number[], expected: number[], digits = 5): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, digits));
}

function mvSeries(values: number[], unit = 'mV'): Record<string, unknown> {
  return { origin: { value: 0, unit }, period: 2, dimensions: 1, data: values.join(' ') };
}

describe('mapEcgObservation', () => {
  // The HL7 R4 example "ekg" (fhir-facts.md §1.1): code urn:oid:2.16.840.1.113883.6.24#131328, three components
  // I (131329), II (131330), III (131389), period 10, factor 1.612, origin 2048 without a unit, limits ±3300,
  // dimensions 1, data starting "2041 2043 2037". The data below extends that start with invented values.
  function ekgExample(): Observation {
    const sampled = (data: string) => ({
      origin: { value: 2048 },
      period: 10,
      factor: 1.612,
      lowerLimit: -3300,
      upperLimit: 3300,
      dimensions: 1,
      data,
    });
    return {
      resourceType: 'Observation',
      id: 'ekg',
      status: 'final',
      category: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'procedure' }] },
      ],
      code: { coding: [{ system: OID, code: '131328', display: 'MDC_ECG_ELEC_POTL' }] },
      device: { display: '12 lead EKG Device Metric' },
      effectiveDateTime: '2015-02-19T09:30:35+01:00',
      component: [
        leadComponent(OID, '131329', sampled('2041 2043 2037 2047 2060')),
        leadComponent(OID, '131330', sampled('2023 2019 2030 2041 2052')),
        leadComponent(OID, '131389', sampled('-18 -24 -7 -6 -8')),
      ],
    };
  }

  it('reads the HL7 R4 "ekg" example shape at 100 Hz with origin + factor × raw when a unit is assumed', () => {
    const observation = ekgExample();

    const recording = mapEcgObservation(observation, { assumeUnit: 'uV', server: 'https://ehr.example/fhir' });

    expect(recording.samplingRateHz).toBe(100); // period 10 ms
    // numpy: (2048 + 1.612 * raw) * 0.001 (uV → mV) for raw = [2041, 2043, 2037, 2047, 2060] and [2023, …, 2052]
    expectCloseArray(samplesOf(recording, 'I'), [5.338092, 5.341316, 5.331644, 5.347764, 5.36872]);
    expectCloseArray(samplesOf(recording, 'II'), [5.309076, 5.302628, 5.32036, 5.338092, 5.355824]);
    expect(recording.recordedAt).toBe('2015-02-19T09:30:35+01:00');
    expect(recording.provenance).toMatchObject({
      source: 'fhir',
      server: 'https://ehr.example/fhir',
      references: ['Observation/ekg'],
    });
  });

  it('derives aVR, aVL and aVF for the "ekg" example and says so, but keeps the recorded lead III', () => {
    const recording = mapEcgObservation(ekgExample(), { assumeUnit: 'uV' });

    expect(recording.leads.map((l) => l.name)).toEqual(['I', 'II', 'III', 'aVR', 'aVF', 'aVL']);
    // Lead III as recorded: (2048 + 1.612 × −18) × 0.001 = 2.018984 (hand computation), not II − I.
    expect(samplesOf(recording, 'III')[0]).toBeCloseTo(2.018984, 5);
    // numpy: -(I + II) / 2 from the two series above
    expectCloseArray(samplesOf(recording, 'aVR'), [-5.323584, -5.321972, -5.326002, -5.342928, -5.362272]);
    expect(recording.measurements?.statements).toEqual([
      'Leads aVR, aVL, aVF derived from leads I and II (Einthoven/Goldberger); not recorded by the device.',
    ]);
  });

  it('refuses the "ekg" example without an assumed unit, naming the origin unit of the first lead', () => {
    const act = () => mapEcgObservation(ekgExample());

    expect(act).toThrow(FhirMappingError);
    expect(act).toThrow('Observation/ekg component[0].valueSampledData.origin.unit: is missing');
  });

  it('reads the R5 interval + intervalUnit form in ms, s and us', () => {
    const forms = [
      { interval: 2, intervalUnit: 'ms' },
      { interval: 0.002, intervalUnit: 's' },
      { interval: 2000, intervalUnit: 'us' },
    ];

    const rates = forms.map(
      (form) =>
        mapEcgObservation(
          ecgObservation([
            leadComponent(ISO, '131329', { origin: { value: 0, unit: 'mV' }, dimensions: 1, data: '1 2', ...form }),
          ]),
        ).samplingRateHz,
    );

    expect(rates.map((r) => Math.round(r * 1e6) / 1e6)).toEqual([500, 500, 500]);
  });

  it('converts uV, mV and V to mV', () => {
    const units = ['uV', 'mV', 'V'];

    const firstSamples = units.map((unit) =>
      samplesOf(mapEcgObservation(ecgObservation([leadComponent(ISO, '131329', mvSeries([250, -4], unit))])), 'I'),
    );

    expectCloseArray(firstSamples[0] ?? [], [0.25, -0.004], 9); // float32 storage
    expect(firstSamples[1]).toEqual([250, -4]);
    expect(firstSamples[2]).toEqual([250000, -4000]);
  });

  it('refuses a unit that is not a voltage', () => {
    const observation = ecgObservation([leadComponent(ISO, '131329', mvSeries([1, 2], 'mmHg'))]);

    expect(() => mapEcgObservation(observation)).toThrow(
      "Observation/ecg-1 component[0].valueSampledData.origin.unit: 'mmHg' is not a voltage unit",
    );
  });

  it('concatenates several components of the same lead in component order', () => {
    const observation = ecgObservation([
      leadComponent(ISO, '131329', mvSeries([1, 2, 3])),
      leadComponent(ISO, '131330', mvSeries([10, 20, 30])),
      leadComponent(ISO, '131329', mvSeries([4, 5])),
      leadComponent(ISO, '131330', mvSeries([40, 50])),
    ]);

    const recording = mapEcgObservation(observation);

    expect(samplesOf(recording, 'I')).toEqual([1, 2, 3, 4, 5]);
    expect(samplesOf(recording, 'II')).toEqual([10, 20, 30, 40, 50]);
  });

  it('splits interleaved dimensions 2 data into the two leads the code lists in order', () => {
    const observation = ecgObservation([
      {
        code: {
          coding: [
            { system: ISO, code: '131073' },
            { system: ISO, code: '131074' },
          ],
        },
        valueSampledData: { origin: { value: 0, unit: 'mV' }, period: 2, dimensions: 2, data: '1 10 2 20 3 30' },
      },
    ]);

    const recording = mapEcgObservation(observation);

    expect(samplesOf(recording, 'I')).toEqual([1, 2, 3]);
    expect(samplesOf(recording, 'II')).toEqual([10, 20, 30]);
  });

  it('refuses dimensions 2 when the code names only one lead, instead of guessing', () => {
    const observation = ecgObservation([
      {
        code: { coding: [{ system: ISO, code: '131073' }] },
        valueSampledData: { origin: { value: 0, unit: 'mV' }, period: 2, dimensions: 2, data: '1 10 2 20' },
      },
    ]);

    expect(() => mapEcgObservation(observation)).toThrow(
      'Observation/ecg-1 component[0].code: names 1 lead(s) (I) but the SampledData has 2 dimension(s)',
    );
  });

  it('turns E, L and U into NaN at their positions', () => {
    const observation = ecgObservation([leadComponent(ISO, '131329', { ...mvSeries([]), data: '1 E 2 L U 3' })]);

    const samples = samplesOf(mapEcgObservation(observation), 'I');

    expect(samples.map((v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual([1, 'NaN', 2, 'NaN', 'NaN', 3]);
  });

  it('names leads from both MDC systems, both code families, reference-id strings and a plain display', () => {
    const observation = ecgObservation([
      leadComponent(ISO, '131073', mvSeries([1])), // MDC_ECG_LEAD_I, numeric
      leadComponent(OID, 'MDC_ECG_ELEC_POTL_II', mvSeries([2])),
      leadComponent(OID, 'MDC_ECG_LEAD_AVF', mvSeries([3])),
      leadComponent(ISO, '131391', mvSeries([4])), // MDC_ECG_ELEC_POTL_AVL
      leadComponent(OID, '131133', mvSeries([5])), // MDC_ECG_LEAD_III
      leadComponent(ISO, '131390', mvSeries([6])), // MDC_ECG_ELEC_POTL_AVR
      { code: { coding: [{ display: 'Lead V1' }] }, valueSampledData: mvSeries([7]) as never },
    ]);

    const recording = mapEcgObservation(observation);

    expect(recording.leads.map((l) => [l.name, l.samples[0]])).toEqual([
      ['I', 1],
      ['II', 2],
      ['III', 5],
      ['aVR', 6],
      ['aVF', 3],
      ['aVL', 4],
      ['V1', 7],
    ]);
    expect(recording.measurements).toBeUndefined();
  });

  it('returns leads in model order (aVF before aVL) whatever the source order, keeping each lead its samples', () => {
    const ptbXlOrder = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
    const elecPotl = [131329, 131330, 131389, 131390, 131391, 131392, 131331, 131332, 131333, 131334, 131335, 131336];
    const observation = ecgObservation(
      [...elecPotl.keys()].reverse().map((i) => leadComponent(ISO, String(elecPotl[i]), mvSeries([i, i]))),
    );

    const recording = mapEcgObservation(observation);

    expect(recording.leads.map((l) => l.name)).toEqual([...MODEL_LEAD_ORDER]);
    expect(recording.leads.map((l) => l.samples[0])).toEqual(MODEL_LEAD_ORDER.map((name) => ptbXlOrder.indexOf(name)));
    expect(recording.measurements?.statements).toBeUndefined();
  });

  it('names the Observation id and the component data when a lead is one sample short', () => {
    const codes = [131329, 131330, 131389, 131390, 131391, 131392];
    const components = codes.map((code, i) =>
      leadComponent(ISO, String(code), {
        ...mvSeries([]),
        data: Array(i === 3 ? 4999 : 5000)
          .fill('7')
          .join(' '),
      }),
    );

    let error: unknown;
    try {
      mapEcgObservation(ecgObservation(components, 'ecg-short'));
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(FhirMappingError);
    const mapping = error as FhirMappingError;
    expect(mapping.resource).toBe('Observation/ecg-short');
    expect(mapping.field).toBe('component[3].valueSampledData.data');
    expect(mapping.reason).toBe('expected 5000 samples like the other leads, found 4999 (lead aVR)');
    expect(mapping.modality).toBe('ecg');
  });

  it('refuses non-numeric data without echoing it', () => {
    const observation = ecgObservation([leadComponent(ISO, '131329', { ...mvSeries([]), data: '1 2 x7 4' })]);

    expect(() => mapEcgObservation(observation)).toThrow(
      'Observation/ecg-1 component[0].valueSampledData.data: value 3 of 4 is not a number, E, L or U',
    );
  });

  it('refuses a lead with a different sampling period', () => {
    const observation = ecgObservation([
      leadComponent(ISO, '131329', mvSeries([1, 2])),
      leadComponent(ISO, '131330', { ...mvSeries([1, 2]), period: 4 }),
    ]);

    expect(() => mapEcgObservation(observation)).toThrow(
      'Observation/ecg-1 component[1].valueSampledData.period: sampling period 4 ms differs from 2 ms',
    );
  });

  it('fails on a lead code it cannot name, and reports it as an issue when asked to keep the other leads', () => {
    const observation = ecgObservation([
      leadComponent(ISO, '131329', mvSeries([1, 2])),
      leadComponent('http://example.org/leads', 'X-FRANK', mvSeries([9, 9])),
      leadComponent(ISO, '131330', mvSeries([3, 4])),
    ]);

    const strict = () => mapEcgObservation(observation);
    const { recording, issues } = mapEcgObservationWithIssues(observation);

    expect(strict).toThrow('Observation/ecg-1 component[1].code: names no standard ECG lead');
    expect(recording.leads.map((l) => l.name)).toEqual(['I', 'II', 'III', 'aVR', 'aVF', 'aVL']);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.field).toBe('component[1].code');
    expect(issues[0]?.reason).toContain('http://example.org/leads|X-FRANK');
  });

  it('refuses an Observation whose SampledData names no lead at all', () => {
    const observation: Observation = {
      ...ecgObservation([]),
      code: { coding: [{ system: OID, code: '131328' }] },
      valueSampledData: mvSeries([1, 2]) as never,
    };

    expect(() => mapEcgObservationWithIssues(observation)).toThrow(
      'Observation/ecg-1 component: none of the 1 SampledData element(s) names a standard ECG lead',
    );
  });

  it('reads a single lead from valueSampledData named by Observation.code', () => {
    const observation: Observation = {
      ...ecgObservation([]),
      code: { coding: [{ system: ISO, code: 'MDC_ECG_LEAD_V2' }] },
      valueSampledData: mvSeries([0.5, 0.25]) as never,
    };

    const recording = mapEcgObservation(observation);

    expect(recording.leads.map((l) => l.name)).toEqual(['V2']);
    expect(samplesOf(recording, 'V2')).toEqual([0.5, 0.25]);
  });

  it('reads PR, QRS, QT, QTc and heart rate components into measurements, converting seconds to ms', () => {
    const interval = (code: string, value: number, unit: string): ObservationComponent => ({
      code: { coding: [{ system: 'http://loinc.org', code }] },
      valueQuantity: { value, unit, code: unit, system: 'http://unitsofmeasure.org' },
    });
    const observation = ecgObservation([
      leadComponent(ISO, '131329', mvSeries([1, 2])),
      interval('8625-6', 160, 'ms'),
      interval('8633-0', 0.092, 's'),
      interval('8634-8', 380, 'ms'),
      interval('8636-3', 412, 'ms'),
      interval('8867-4', 72, '/min'),
    ]);

    const measurements = mapEcgObservation(observation).measurements;

    expect(measurements?.prMs).toBe(160);
    expect(measurements?.qrsMs).toBeCloseTo(92, 9);
    expect(measurements?.qtMs).toBe(380);
    expect(measurements?.qtcMs).toBe(412);
    expect(measurements?.heartRateBpm).toBe(72);
  });
});

describe('mapEcgObservation with a decoded-content cache', () => {
  const twoLeads = (dataI: string, id = 'ecg-1', effective = '2024-03-01T10:00:00Z'): Observation => ({
    ...ecgObservation(
      [
        leadComponent(ISO, '131329', { origin: { value: 0, unit: 'uV' }, period: 2, factor: 5, data: dataI }),
        leadComponent('http://example.org/leads', 'X-FRANK', mvSeries([9, 9])),
        leadComponent(ISO, '131330', { origin: { value: 0, unit: 'uV' }, period: 2, factor: 5, data: '10 20 30' }),
      ],
      id,
    ),
    effectiveDateTime: effective,
  });
  const newCache = () => new DecodedContentCache(new LruByteCache(1 << 24));
  const sampledStats = (cache: DecodedContentCache) =>
    cache.cache.stats().regions[FHIR_CACHE_REGIONS.ecgSampledData] ?? { hits: -1, misses: -1 };
  const comparable = (result: ReturnType<typeof mapEcgObservationWithIssues>) => ({
    rate: result.recording.samplingRateHz,
    leads: result.recording.leads.map((l) => ({ name: l.name, samples: Array.from(l.samples) })),
    measurements: result.recording.measurements,
    recordedAt: result.recording.recordedAt,
    references: result.recording.provenance.references,
    issues: result.issues.map((i) => i.message),
  });

  it('gives on a hit exactly what the uncached mapping gives, skipped-lead issue and derived-lead statement included', () => {
    const cache = newCache();
    const uncached = comparable(mapEcgObservationWithIssues(twoLeads('1 2 3')));

    const miss = comparable(mapEcgObservationWithIssues(twoLeads('1 2 3'), { cache }));
    const hit = comparable(mapEcgObservationWithIssues(twoLeads('1 2 3'), { cache }));

    expect(sampledStats(cache)).toMatchObject({ hits: 1, misses: 1 });
    expect(miss).toEqual(uncached);
    expect(hit).toEqual(uncached);
    // 5 µV per unit: lead I = 0.005, 0.010, 0.015 mV (by hand); III = II − I (derived, and said so).
    expectCloseArray(hit.leads.find((l) => l.name === 'I')?.samples ?? [], [0.005, 0.01, 0.015], 7);
    expect(hit.measurements?.statements?.[0]).toContain('derived');
    expect(hit.issues).toHaveLength(1);
  });

  it('takes the id and time from the Observation read, not from the one that filled the cache', () => {
    const cache = newCache();
    mapEcgObservationWithIssues(twoLeads('1 2 3', 'first', '2024-03-01T10:00:00Z'), { cache });

    const { recording } = mapEcgObservationWithIssues(twoLeads('1 2 3', 'second', '2025-07-04T08:30:00Z'), {
      cache,
      server: 'https://ehr.example.org/fhir',
    });

    expect(sampledStats(cache).hits).toBe(1);
    expect(recording.provenance.references).toEqual(['Observation/second']);
    expect(recording.provenance.server).toBe('https://ehr.example.org/fhir');
    expect(recording.recordedAt).toBe('2025-07-04T08:30:00Z');
  });

  it('decodes again when one digit of the data changes, and gives the changed sample', () => {
    const cache = newCache();
    mapEcgObservationWithIssues(twoLeads('1 2 3'), { cache });

    const { recording } = mapEcgObservationWithIssues(twoLeads('1 7 3'), { cache });

    expect(sampledStats(cache)).toMatchObject({ hits: 0, misses: 2 });
    // 7 × 5 µV = 0.035 mV (by hand).
    expectCloseArray(samplesOf(recording, 'I'), [0.005, 0.035, 0.015], 7);
  });

  it('decodes again under another assumed unit', () => {
    const cache = newCache();
    const unitless = (): Observation =>
      ecgObservation([leadComponent(ISO, '131329', { origin: { value: 0 }, period: 2, data: '4 8' })]);
    mapEcgObservation(unitless(), { cache, assumeUnit: 'uV' });

    const recording = mapEcgObservation(unitless(), { cache, assumeUnit: 'mV' });

    expect(samplesOf(recording, 'I')).toEqual([4, 8]);
  });

  it('does not cache a failure: the same malformed Observation fails every time', () => {
    const cache = newCache();
    const bad = () => twoLeads('1 2 x');

    expect(() => mapEcgObservationWithIssues(bad(), { cache })).toThrow('component[0].valueSampledData.data');
    expect(() => mapEcgObservationWithIssues(bad(), { cache })).toThrow('component[0].valueSampledData.data');
    expect(sampledStats(cache)).toMatchObject({ hits: 0, misses: 2 });
  });

  it('hands out frozen leads that carry their content key, so that the model need not hash the samples', () => {
    const cache = newCache();

    const { recording } = mapEcgObservationWithIssues(twoLeads('1 2 3'), { cache });

    expect(Object.isFrozen(recording.leads)).toBe(true);
    expect(recording.leads.every((lead) => Object.isFrozen(lead))).toBe(true);
    expect(registeredContentKey(recording.leads)).toMatch(/^fhir-ecg-sampled-data:[0-9a-f]{40}$/);
  });
});

describe('isEcgObservation', () => {
  it('recognises the LOINC and MDC ECG codes and SampledData components, and nothing else', () => {
    const withCode = (system: string, code: string): Observation => ({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system, code }] },
    });

    expect(isEcgObservation(withCode('http://loinc.org', '34534-8'))).toBe(true);
    expect(isEcgObservation(withCode('http://loinc.org', '11524-6'))).toBe(true);
    expect(isEcgObservation(withCode(OID, '131328'))).toBe(true);
    expect(isEcgObservation(withCode('http://loinc.org', '2160-0'))).toBe(false);
    expect(
      isEcgObservation({
        ...withCode('http://example.org', 'x'),
        component: [leadComponent(ISO, '131329', mvSeries([1]))],
      }),
    ).toBe(true);
  });
});

describeWithSharedData('mapEcgObservation on a real recording', () => {
  it('reads back what the Observation writer wrote for PTB-XL 00001_hr, within the 0.1 µV quantum', () => {
    const dir = ['ptb-xl', 'records500', '00000'] as const;
    const record = readWfdbRecord(readSharedText(...dir, '00001_hr.hea'), {
      '00001_hr.dat': readSharedBytes(...dir, '00001_hr.dat'),
    });
    const original = wfdbToEcgRecording(record, { source: 'file', references: ['00001_hr'] });
    const observation = ecgToObservation(original, { patientId: 'p1', id: 'rt', effective: '2024-03-01T10:00:00Z' });

    const recording = mapEcgObservation(observation);

    expect(recording.samplingRateHz).toBe(500);
    expect(recording.leads.map((l) => l.name)).toEqual([...MODEL_LEAD_ORDER]);
    for (const lead of recording.leads) {
      const source = original.leads.find((l) => l.name === lead.name)?.samples ?? new Float32Array();
      expect(lead.samples).toHaveLength(5000);
      let worst = 0;
      for (let k = 0; k < source.length; k++)
        worst = Math.max(worst, Math.abs((lead.samples[k] ?? 0) - (source[k] ?? 0)));
      expect(worst).toBeLessThan(1e-4); // mV: the writer's worst case is 0.05 µV plus float32 rounding
    }
  });

  it('gives the same 12 leads from the cache as decoded for PTB-XL 00001_hr, and decodes again after one changed digit', () => {
    const dir = ['ptb-xl', 'records500', '00000'] as const;
    const record = readWfdbRecord(readSharedText(...dir, '00001_hr.hea'), {
      '00001_hr.dat': readSharedBytes(...dir, '00001_hr.dat'),
    });
    const original = wfdbToEcgRecording(record, { source: 'file', references: ['00001_hr'] });
    const observation = () =>
      ecgToObservation(original, { patientId: 'p1', id: 'rt', effective: '2024-03-01T10:00:00Z' });
    const cache = new DecodedContentCache(new LruByteCache(1 << 24));
    const uncached = mapEcgObservation(observation());

    mapEcgObservation(observation(), { cache });
    const hit = mapEcgObservation(observation(), { cache });
    const changed = observation();
    const sampled = changed.component?.[0]?.valueSampledData;
    if (!sampled?.data) throw new Error('the writer wrote no data for the first component');
    // One digit of the first value: its last character, 0↔1 or any other digit to 0.
    const first = sampled.data.split(' ')[0] ?? '';
    const last = first.slice(-1);
    const replaced = first.slice(0, -1) + (last === '0' ? '1' : '0');
    sampled.data = replaced + sampled.data.slice(first.length);
    const other = mapEcgObservation(changed, { cache });

    expect(hit.leads.map((l) => l.name)).toEqual(uncached.leads.map((l) => l.name));
    hit.leads.forEach((lead, i) => expect(lead.samples).toEqual(uncached.leads[i]?.samples));
    const stats = cache.cache.stats().regions[FHIR_CACHE_REGIONS.ecgSampledData];
    expect(stats).toMatchObject({ hits: 1, misses: 2 });
    expect(other.leads.some((lead, i) => lead.samples[0] !== uncached.leads[i]?.samples[0])).toBe(true);
  });
});

import type { Observation, SampledData } from '@medplum/fhirtypes';
import { ECG_LEAD_NAMES, type EcgLeadName, type EcgRecording } from '../../shared/index';
import { describeWithSharedData, readSharedBytes } from '../../../test/support/shared-data';
import { mapEcgObservation } from '../mappers/ecg-observation-mapper';
import { validateR4 } from '../testing/validate-r4';
import { chooseQuantumUv, ecgToObservation } from './ecg-observation-writer';

/**
 * An independent SampledData decoder for the round trip, written from the R4 definition only
 * (https://hl7.org/fhir/R4/datatypes.html#SampledData): value = origin.value + factor × datum, in origin's unit;
 * `E`, `L`, `U` are not values.
 */
function decodeToMv(sd: SampledData): number[] {
  const perUnit: Record<string, number> = { uV: 0.001, mV: 1 };
  const scale = perUnit[sd.origin?.code ?? ''];
  if (scale === undefined) throw new Error(`unexpected unit ${sd.origin?.code}`);
  return (sd.data ?? '').split(' ').map((token) => {
    if (token === 'E' || token === 'L' || token === 'U') return NaN;
    return ((sd.origin?.value ?? 0) + (sd.factor ?? 1) * Number(token)) * scale;
  });
}

function componentFor(observation: Observation, code: string): SampledData | undefined {
  return observation.component?.find((c) => c.code.coding?.[0]?.code === code)?.valueSampledData;
}

/** A 12-lead recording of `n` samples at `fs` Hz whose samples come from `f(leadIndex, sampleIndex)` in mV. */
function recording(fs: number, n: number, f: (lead: number, i: number) => number): EcgRecording {
  return {
    samplingRateHz: fs,
    leads: ECG_LEAD_NAMES.map((name, l) => ({ name, samples: Float32Array.from({ length: n }, (_, i) => f(l, i)) })),
    recordedAt: '2024-03-01T08:15:00Z',
    measurements: { heartRateBpm: 72, prMs: 160, qrsMs: 92, qtMs: 380, qtcMs: 416 },
    provenance: { source: 'synthetic', references: [] },
  };
}

describe('ecgToObservation', () => {
  it('writes the 12-lead panel with MDC-coded SampledData components and LOINC interval components', () => {
    const ecg = recording(500, 5, (l, i) => (l + 1) * 0.001 * i);

    const observation = ecgToObservation(ecg, { patientId: 'p1', id: 'ecg1' });

    expect(observation).toMatchObject({
      resourceType: 'Observation',
      id: 'ecg1',
      status: 'final',
      subject: { reference: 'Patient/p1' },
      effectiveDateTime: '2024-03-01T08:15:00Z',
      category: [{ coding: [{ code: 'procedure' }] }],
    });
    expect(() => validateR4(observation)).not.toThrow();
    expect(observation.code.coding?.map((c) => c.code)).toEqual(['34534-8', '131328']);
    // Published MDC codes (IEEE 11073-10101; fhir-facts.md §1.3): ELEC_POTL I 131329, aVR 131390, V6 131336;
    // LEAD family I 131073, aVR 131134, V6 131080.
    const components = observation.component ?? [];
    expect(components).toHaveLength(12 + 5);
    const codesOf = (i: number): string[] => components[i]?.code.coding?.map((c) => `${c.system}|${c.code}`) ?? [];
    expect(codesOf(0)).toEqual(['urn:iso:std:iso:11073:10101|131329', 'urn:iso:std:iso:11073:10101|131073']);
    expect(codesOf(3)).toEqual(['urn:iso:std:iso:11073:10101|131390', 'urn:iso:std:iso:11073:10101|131134']);
    expect(codesOf(11)).toEqual(['urn:iso:std:iso:11073:10101|131336', 'urn:iso:std:iso:11073:10101|131080']);
    // Lead II (index 1): samples 0, 2, 4, 6, 8 µV; 500 Hz → 2 ms between samples.
    expect(components[1]?.valueSampledData).toEqual({
      origin: { value: 0, unit: 'uV', system: 'http://unitsofmeasure.org', code: 'uV' },
      period: 2,
      factor: 1,
      dimensions: 1,
      data: '0 2 4 6 8',
      lowerLimit: 0,
      upperLimit: 8,
    });
    const intervals = components
      .slice(12)
      .map((c) => [c.code.coding?.[0]?.code, c.valueQuantity?.value, c.valueQuantity?.code]);
    expect(intervals).toEqual([
      ['8867-4', 72, '/min'],
      ['8625-6', 160, 'ms'],
      ['8633-0', 92, 'ms'],
      ['8634-8', 380, 'ms'],
      ['8636-3', 416, 'ms'],
    ]);
  });

  it('keeps sub-µV precision with a finer factor, and writes missing samples as E', () => {
    const samples = Float32Array.from([0.0125, -0.00025, NaN, 1.00075]);

    const observation = ecgToObservation(
      { samplingRateHz: 250, leads: [{ name: 'I', samples }], provenance: { source: 'synthetic', references: [] } },
      { patientId: 'p1', effective: '2024-01-01T00:00:00Z' },
    );

    // 12.5, -0.25 and 1000.75 µV all lie on the 0.25 µV grid: 50, -1, 4003 quanta.
    const sd = observation.component?.[0]?.valueSampledData;
    expect(sd).toMatchObject({ factor: 0.25, period: 4, data: '50 -1 E 4003', lowerLimit: -0.25, upperLimit: 1000.75 });
    expect(observation.effectiveDateTime).toBe('2024-01-01T00:00:00Z');
  });

  it('chooses 0.1 µV for samples on no grid (e.g. after resampling)', () => {
    expect(chooseQuantumUv(Float32Array.from([0.1234567, 0.3333333]))).toBe(0.1);
    expect(chooseQuantumUv(Float32Array.from([0.005, -0.01, 1.235]))).toBe(1);
    expect(chooseQuantumUv(Float32Array.from([0.0005, 0.001]))).toBe(0.5);
  });

  it('round-trips through JSON and an independent decoder within half a quantum', () => {
    // A 1.3 Hz sine of amplitude 1.2345678 mV (off any µV grid) at 360 Hz, different phase per lead.
    const ecg = recording(360, 3600, (l, i) => 1.2345678 * Math.sin((2 * Math.PI * 1.3 * i) / 360 + l));

    const json = JSON.parse(JSON.stringify(ecgToObservation(ecg, { patientId: 'p1' }))) as Observation;

    ECG_LEAD_NAMES.forEach((name: EcgLeadName, l) => {
      const sd = json.component?.[l]?.valueSampledData as SampledData;
      const decoded = decodeToMv(sd);
      const original = ecg.leads[l]?.samples as Float32Array;
      expect(json.component?.[l]?.code.text).toBe(`Lead ${name}`);
      expect(1000 / (sd.period ?? NaN)).toBeCloseTo(360, 9);
      expect(decoded).toHaveLength(3600);
      let worst = 0;
      decoded.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (original[i] as number)))));
      // 0.1 µV quantum → ≤ 0.05 µV = 5e-5 mV, plus float32 rounding of the input (~1e-7 mV).
      expect(worst).toBeLessThanOrEqual(5.1e-5);
    });
  });

  it('round-trips through the product ECG mapper: same leads, rate, samples and intervals', () => {
    const ecg = recording(500, 1000, (l, i) => Math.round(800 * Math.sin(i / 25 + l)) / 1000);

    const json = JSON.parse(JSON.stringify(ecgToObservation(ecg, { patientId: 'p1', id: 'rt' }))) as Observation;
    const back = mapEcgObservation(json);

    expect(back.samplingRateHz).toBeCloseTo(500, 9);
    expect(back.recordedAt).toBe('2024-03-01T08:15:00Z');
    expect(back.measurements).toMatchObject({ heartRateBpm: 72, prMs: 160, qrsMs: 92, qtMs: 380, qtcMs: 416 });
    expect(back.leads.map((lead) => lead.name).sort()).toEqual([...ECG_LEAD_NAMES].sort());
    for (const lead of back.leads) {
      const original = ecg.leads.find((o) => o.name === lead.name)?.samples as Float32Array;
      let worst = 0;
      lead.samples.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (original[i] as number)))));
      // Whole-µV input: written with factor 1, exact up to float32 (1e-6 mV).
      expect(worst).toBeLessThan(1e-6);
    }
  });
});

describeWithSharedData('ecgToObservation on a real PTB-XL record', () => {
  it('writes the WFDB ADC values of record 00001 exactly, since 1000 adu/mV is 1 µV per unit', () => {
    // 00001_hr.hea: 12 signals, 500 Hz, 5000 samples, format 16 (interleaved little-endian int16), gain 1000/mV,
    // baseline 0; the header's first values are I -115, II -50, V6 -75. The bytes are decoded here with DataView.
    const bytes = readSharedBytes('ptb-xl', 'records500', '00000', '00001_hr.dat');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const adu = (lead: number, i: number): number => view.getInt16((i * 12 + lead) * 2, true);
    const ecg = recording(500, 5000, (l, i) => adu(l, i) / 1000);

    const observation = ecgToObservation(ecg, { patientId: 'ptbxl-1' });

    const leadI = componentFor(observation, '131329');
    const leadV6 = componentFor(observation, '131336');
    expect(leadI?.factor).toBe(1);
    expect(leadI?.data?.split(' ')[0]).toBe('-115');
    expect(componentFor(observation, '131330')?.data?.split(' ')[0]).toBe('-50');
    expect(leadV6?.data?.split(' ')[0]).toBe('-75');
    for (let l = 0; l < 12; l++) {
      const sd = observation.component?.[l]?.valueSampledData;
      const expected = Array.from({ length: 5000 }, (_, i) => String(adu(l, i))).join(' ');
      expect(sd?.data).toBe(expected);
    }
  });
});

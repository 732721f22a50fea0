import { DISEASE_IDS, getLab, type LabId } from '../../shared/index';
import { generateAdmission } from './generate-admission';

const HOUR = 3_600_000;

/** Age in whole years on `date` of someone born on `birth` (YYYY-MM-DD), by the calendar rule. */
function ageOn(birth: string, date: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [dy, dm, dd] = date.slice(0, 10).split('-').map(Number) as [number, number, number];
  return dy - by - (dm < bm || (dm === bm && dd < bd) ? 1 : 0);
}

describe('generateAdmission', () => {
  const cohort = Array.from({ length: 6 }, (_, i) => generateAdmission(11, i, { allModalities: true }));

  it('depends only on the seed and the index, not on what was generated before', () => {
    const alone = generateAdmission(11, 4, { allModalities: true });

    expect(alone.ids).toEqual(cohort[4]?.ids);
    expect(alone.labs).toEqual(cohort[4]?.labs);
    expect(alone.ecg?.recording.leads[1]?.samples).toEqual(cohort[4]?.ecg?.recording.leads[1]?.samples);
    expect(alone.cxr?.image.pixels).toEqual(cohort[4]?.cxr?.image.pixels);
  });

  it('labels each admission with the 7-vector of its diseases in catalogue order', () => {
    for (const admission of cohort) {
      expect(admission.labels).toHaveLength(7);
      expect(admission.labels.filter((l) => l === 1)).toHaveLength(admission.diseases.length);
      DISEASE_IDS.forEach((id, i) => expect(admission.labels[i]).toBe(admission.diseases.includes(id) ? 1 : 0));
    }
  });

  it('gives a birth date that makes the patient exactly their age on the admission date', () => {
    for (const admission of cohort) {
      expect(ageOn(admission.patient.birthDate, admission.admissionTime)).toBe(admission.patient.ageYears);
    }
  });

  it('places labs, ECG and CXR within hours after admission, inside the readers windows', () => {
    for (const admission of cohort) {
      const t0 = Date.parse(admission.admissionTime);
      const offset = (iso: string | undefined): number => (Date.parse(iso ?? '') - t0) / HOUR;
      expect(offset(admission.labs?.times.panel)).toBeGreaterThanOrEqual(0);
      expect(offset(admission.labs?.times.gas)).toBeLessThanOrEqual(8);
      expect(offset(admission.ecg?.recording.recordedAt)).toBeLessThanOrEqual(2);
      expect(offset(admission.cxr?.image.acquiredAt)).toBeLessThanOrEqual(10);
      expect(admission.admissionTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);
    }
  });

  it('uses a fixed calendar by default and the given base time when asked', () => {
    const later = generateAdmission(11, 0, { allModalities: true, baseTime: '2030-06-01T00:00:00Z' });

    expect(cohort[0]?.admissionTime.slice(0, 4)).toMatch(/^202[45]$/);
    expect(Date.parse(later.admissionTime)).toBeGreaterThanOrEqual(Date.parse('2030-06-01T00:00:00Z'));
    expect(later.diseases).toEqual(cohort[0]?.diseases);
  });

  it('builds the expected record: catalogue units, typical ranges, ECG and CXR, provenance synthetic', () => {
    for (const admission of cohort) {
      const { record, labs } = admission;
      expect(record).toMatchObject({
        patientId: admission.ids.patient,
        encounterId: admission.ids.encounter,
        anchorTime: admission.admissionTime,
        issues: [],
        provenance: { source: 'synthetic' },
      });
      for (const [id, value] of Object.entries(labs?.values ?? {})) {
        const lab = getLab(id as LabId);
        expect(record.labs?.values[id as LabId]).toMatchObject({ value, unit: lab.unit });
        if (lab.typicalRange) {
          expect(record.labs?.values[id as LabId]?.referenceRange).toEqual({ ...lab.typicalRange, unit: lab.unit });
        }
      }
      expect(record.ecg?.leads).toHaveLength(12);
      expect(record.cxr?.width).toBeGreaterThanOrEqual(512);
    }
  });

  it('leaves modalities out at realistic rates unless all are asked for, and says so on the record', () => {
    // Seed 12: patients 1 and 3 of the first five have no chest radiograph.
    const realistic = Array.from({ length: 5 }, (_, i) => generateAdmission(12, i));

    const withoutCxr = realistic.filter((a) => !a.cxr);
    expect(withoutCxr.length).toBeGreaterThan(0);
    for (const admission of withoutCxr) {
      expect(admission.record.cxr).toBeUndefined();
      expect(admission.record.issues).toContainEqual(expect.objectContaining({ modality: 'cxr', kind: 'absent' }));
    }
    expect(cohort.every((a) => a.labs && a.ecg && a.cxr)).toBe(true);
  });

  it('refuses a bad index or base time', () => {
    expect(() => generateAdmission(1, -1)).toThrow(/index must be a non-negative integer/);
    expect(() => generateAdmission(1, 0, { baseTime: 'yesterday' })).toThrow(/baseTime/);
  });
});

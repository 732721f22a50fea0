import {
  DISEASE_IDS,
  getLab,
  type ChestImage,
  type DiseaseFinding,
  type EcgRecording,
  type LabId,
  type LabPanel,
  type LabValue,
  type MultimodalRecord,
} from '../../shared';
import { generateEcg } from '../../synth/ecg';
import { Random } from '../../synth/random';
import type { EcgSynthSpec } from '../../synth/types';
import { createAssessor } from './create-assessor';
import { CXR_MODEL_CAVEAT } from './cxr-evidence';
import { FakePerceptionModel } from './testing/fake-perception-model';

const NOW = new Date('2026-03-01T08:00:00Z');

function labPanel(values: Partial<Record<LabId, number | Omit<LabValue, 'lab' | 'unit'>>>): LabPanel {
  const panel: LabPanel = { values: {}, provenance: { source: 'fhir', references: [] } };
  for (const [id, v] of Object.entries(values) as [LabId, number | Omit<LabValue, 'lab' | 'unit'>][]) {
    const value = typeof v === 'number' ? { value: v } : v;
    panel.values[id] = { lab: id, unit: getLab(id).unit, source: `Observation/${id}-1`, ...value };
    panel.provenance.references.push(`Observation/${id}-1`);
  }
  return panel;
}

function ecg(label: string, spec: Partial<EcgSynthSpec>, noiseFree = true): EcgRecording {
  const full: EcgSynthSpec = {
    sex: 'male',
    ageYears: 70,
    rhythm: 'sinus',
    heartRateBpm: 75,
    lvh: false,
    lvhStrain: false,
    potassiumMeqL: 4.2,
    ...spec,
  };
  const { recording } = generateEcg(new Random(`assessment-test/${label}`), full, { noiseFree });
  return { ...recording, provenance: { source: 'fhir', references: ['Observation/ecg-1'] } };
}

function record(parts: Partial<MultimodalRecord>): MultimodalRecord {
  return { patientId: 'p-1', issues: [], provenance: { source: 'fhir', references: [] }, ...parts };
}

function findingOf(findings: DiseaseFinding[], id: DiseaseFinding['disease']): DiseaseFinding {
  const f = findings.find((x) => x.disease === id);
  if (!f) throw new Error(`no finding for ${id}`);
  return f;
}

function assessor(model = new FakePerceptionModel()) {
  return createAssessor({ model, now: () => NOW, idFactory: () => 'assessment-1' });
}

describe('createAssessor', () => {
  it('builds an acute renal failure chain with abnormal labs first, each with unit, range, flag, LOINC and source', async () => {
    // Constructed values: creatinine 3.2 mg/dL and potassium 6.1 mEq/L are above the catalogue's typical adult
    // ranges (0.6–1.2 mg/dL, 3.5–5.0 mEq/L; ../shared/reference/fhir-facts.md §3), phosphate 4.0 mg/dL is inside
    // 2.5–4.5. Urea carries its own EHR range (7–25 mg/dL), which must be used instead of the catalogue's 8–20.
    const labs = labPanel({
      creatinine: 3.2,
      potassium: 6.1,
      phosphate: 4.0,
      'urea-nitrogen': { value: 22, referenceRange: { low: 7, high: 25, unit: 'mg/dL' }, source: 'Observation/bun-1' },
    });
    const model = new FakePerceptionModel({ probabilities: { 'acute-renal-failure': 0.93 } });

    const assessment = await assessor(model).assess(record({ labs }));

    const arf = findingOf(assessment.findings, 'acute-renal-failure');
    const labItems = arf.evidence.filter((e) => e.modality === 'labs' && e.code);
    expect(labItems.map((e) => [e.label, e.value, e.unit, e.interpretation])).toEqual([
      ['Creatinine', 3.2, 'mg/dL', 'high'],
      ['Potassium', 6.1, 'meq/L', 'high'],
      ['Urea Nitrogen', 22, 'mg/dL', 'normal'],
      ['Phosphate', 4.0, 'mg/dL', 'normal'],
    ]);
    expect(labItems[0]).toMatchObject({
      code: { system: 'http://loinc.org', code: '2160-0' },
      referenceRange: { low: 0.6, high: 1.2, unit: 'mg/dL' },
      source: 'Observation/creatinine-1',
    });
    expect(labItems[2]?.referenceRange).toEqual({ low: 7, high: 25, unit: 'mg/dL' });
    expect(labItems[2]?.source).toBe('Observation/bun-1');
    expect(arf).toMatchObject({ probability: 0.93, threshold: 0.5, likely: true, display: 'Acute Renal Failure' });
  });

  it('shows the hyperkalaemic T wave and QRS of an ARF patient, matching an independent measurement', async () => {
    // The same synthetic heart at K 6.1 and K 4.2 mEq/L (generator: T raised 1.36× above 5.5). Expected T heights
    // from numpy on the noise-free samples (median over beats of the highest V2–V4 point between truth QRS offset
    // and truth QT end, above the mean of the 20 ms before truth QRS onset): 0.649 mV at K 6.1. QRS from the
    // generator's truth: 98.5 ms.
    const hyper = ecg('arf', { heartRateBpm: 78, potassiumMeqL: 6.1 });
    const normal = ecg('arf', { heartRateBpm: 78, potassiumMeqL: 4.2 });

    const [a, b] = await Promise.all([
      assessor().assess(record({ ecg: hyper })),
      assessor().assess(record({ ecg: normal })),
    ]);

    const tOf = (f: DiseaseFinding) => f.evidence.find((e) => e.label.startsWith('T-wave amplitude'));
    const tHyper = tOf(findingOf(a.findings, 'acute-renal-failure'));
    const tNormal = tOf(findingOf(b.findings, 'acute-renal-failure'));
    expect(tHyper?.unit).toBe('mV');
    expect(tHyper?.value).toBeCloseTo(0.649, 1);
    expect((tHyper?.value ?? 0) / (tNormal?.value ?? 1)).toBeGreaterThan(1.2);
    const qrs = findingOf(a.findings, 'acute-renal-failure').evidence.find((e) => e.code?.code === '8633-0');
    expect(qrs).toMatchObject({ unit: 'ms', interpretation: 'normal', source: 'Observation/ecg-1' });
    expect(Math.abs((qrs?.value ?? 0) - 98.5)).toBeLessThanOrEqual(8);
  });

  it('shows tachycardia in the sepsis chain with the LOINC heart-rate code', async () => {
    // Generator truth: 60000 / mean RR = 118.2 bpm for this seed; 60–100 /min is the adult resting range.
    const assessment = await assessor().assess(
      record({
        ecg: ecg('sepsis', { heartRateBpm: 118 }),
        labs: labPanel({ lactate: 4.1, wbc: 17.2, platelets: 210 }),
      }),
    );

    const sepsis = findingOf(assessment.findings, 'sepsis');
    const hr = sepsis.evidence.find((e) => e.code?.code === '8867-4');
    expect(hr).toMatchObject({ unit: '/min', interpretation: 'high', referenceRange: { low: 60, high: 100 } });
    expect(hr?.value).toBeCloseTo(118.2, 0);
    expect(sepsis.evidence.filter((e) => e.modality === 'labs' && e.code).map((e) => e.label)).toEqual([
      'White Blood Cells',
      'Lactate',
      'Platelet Count',
    ]);
  });

  it('gives the atrial fibrillation chain the rhythm call, RR irregularity and rate of a synthetic AF ECG', async () => {
    const recording = ecg('af-0', { rhythm: 'atrial-fibrillation', heartRateBpm: 105, ageYears: 77 }, false);
    // Generator truth for this seed: RR intervals whose RMSSD / mean is 25.5 % and rate 106.9 bpm (printed from
    // generateEcg's truth, not from measureEcg); the Dash et al. cut-off for irregular is 10 %.
    const assessment = await assessor().assess(record({ ecg: recording }));

    const af = findingOf(assessment.findings, 'atrial-fibrillation');
    const [rhythm, rr, hr] = af.evidence;
    expect(rhythm).toMatchObject({ modality: 'ecg', code: { code: '8884-9' }, interpretation: 'abnormal' });
    expect(rhythm?.text).toBe('atrial fibrillation');
    expect(rr).toMatchObject({ unit: '%', interpretation: 'high' });
    expect(Math.abs((rr?.value ?? 0) - 25.5)).toBeLessThan(3);
    expect(hr?.value).toBeCloseTo(106.9, -1);
    expect(af.evidence.filter((e) => e.modality === 'labs')).toEqual([]);
  });

  it('measures Sokolow-Lyon voltage for the hypertension chain of an LVH ECG', async () => {
    // numpy on the noise-free samples: SV1 + max(RV5, RV6) between truth QRS onset and offset, above the 20 ms
    // PR level, median over beats = 4.23 mV (> 3.5 mV criterion).
    const assessment = await assessor().assess(
      record({ ecg: ecg('lvh', { lvh: true, heartRateBpm: 70, ageYears: 66 }) }),
    );

    const sl = findingOf(assessment.findings, 'hypertension').evidence.find((e) => e.label.includes('Sokolow-Lyon'));
    expect(sl).toMatchObject({ unit: 'mV', interpretation: 'high', referenceRange: { high: 3.5 } });
    expect(sl?.value).toBeCloseTo(4.23, 1);
  });

  it('reports ST deviation for each coronary territory in the CAD chain', async () => {
    const assessment = await assessor().assess(
      record({ ecg: ecg('cad', { ischaemia: { territory: 'inferior', kind: 'st-elevation' } }) }),
    );

    const st = findingOf(assessment.findings, 'coronary-artery-disease').evidence.filter((e) =>
      e.label.startsWith('ST deviation'),
    );
    expect(st.map((e) => e.label.split(' leads')[0])).toEqual([
      'ST deviation, anterior',
      'ST deviation, inferior',
      'ST deviation, lateral',
    ]);
    expect(st[1]?.interpretation).toBe('high');
    expect(st.every((e) => e.unit === 'mV')).toBe(true);
  });

  it('when the ECG could not be read, keeps the issue, leaves out ECG evidence and lists the ECG as missing', async () => {
    const issue = {
      modality: 'ecg' as const,
      kind: 'unreadable' as const,
      message: 'Observation/ecg-9 component[0].valueSampledData.data: not a number',
      source: 'Observation/ecg-9',
    };

    const assessment = await assessor().assess(record({ labs: labPanel({ creatinine: 1.0 }), issues: [issue] }));

    expect(assessment.issues).toContainEqual(issue);
    expect(assessment.modalities).toEqual({ used: ['labs'], missing: ['ecg', 'cxr'], weights: { labs: 1 } });
    expect(assessment.findings.flatMap((f) => f.evidence).filter((e) => e.modality === 'ecg')).toEqual([]);
  });

  it('says that the CXR contribution is not a radiologist finding, and shows reported findings when there are some', async () => {
    const image: ChestImage = {
      width: 4,
      height: 4,
      pixels: new Float32Array(16),
      sourceBitDepth: 12,
      sourceFormat: 'dicom',
      view: 'PA',
      modality: 'DX',
      provenance: { source: 'fhir', references: ['ImagingStudy/cxr-1'] },
    };
    const reported = { ...image, reportedFindings: [{ text: 'Right lower lobe consolidation' }], report: 'Pneumonia.' };

    const plain = await assessor().assess(record({ cxr: image }));
    const withReport = await assessor().assess(record({ cxr: reported }));

    const cxrOf = (a: typeof plain) => findingOf(a.findings, 'pneumonia').evidence.filter((e) => e.modality === 'cxr');
    expect(cxrOf(plain).map((e) => e.label)).toEqual([
      'Chest radiograph read by the model',
      "Contribution of chest X-ray to the model's fused view",
    ]);
    expect(cxrOf(plain)[0]?.text).toContain(CXR_MODEL_CAVEAT);
    expect(cxrOf(plain)[0]?.text).toContain('PA view, DX');
    expect(cxrOf(withReport).slice(0, 2)).toEqual([
      {
        modality: 'cxr',
        label: 'Radiologist finding',
        text: 'Right lower lobe consolidation',
        source: 'ImagingStudy/cxr-1',
      },
      { modality: 'cxr', label: 'Radiology report conclusion', text: 'Pneumonia.', source: 'ImagingStudy/cxr-1' },
    ]);
    expect(findingOf(plain.findings, 'diabetes-mellitus').evidence.map((e) => e.label)).toEqual([
      "Contribution of chest X-ray to the model's fused view",
    ]);
  });

  it('fills model, findings in catalogue order, contributions summing to 100 %, timings, basis and problem-list flags', async () => {
    // Raw weights 3 : 1 renormalise to 75 % and 25 %.
    const model = new FakePerceptionModel({
      weights: { ecg: 3, labs: 1 },
      model: { name: 'medtvt-test', version: '1.2.3' },
    });
    const input = record({
      ecg: ecg('basis', {}),
      labs: labPanel({ glucose: 310, 'anion-gap': 22 }),
      encounterId: 'enc-1',
      provenance: {
        source: 'fhir',
        references: ['Observation/ecg-1', 'Observation/glucose-1', 'Observation/anion-gap-1'],
      },
    });

    const assessment = await assessor(model).assess(input, { problemList: ['diabetes-mellitus'], fetchMs: 40 });

    expect(assessment).toMatchObject({
      id: 'assessment-1',
      patientId: 'p-1',
      encounterId: 'enc-1',
      createdAt: '2026-03-01T08:00:00.000Z',
      model: { name: 'medtvt-test', version: '1.2.3' },
    });
    expect(assessment.findings.map((f) => f.disease)).toEqual([...DISEASE_IDS]);
    expect(assessment.findings.map((f) => f.onProblemList)).toEqual(DISEASE_IDS.map((d) => d === 'diabetes-mellitus'));
    const contributions = findingOf(assessment.findings, 'diabetes-mellitus').evidence.filter((e) =>
      e.label.startsWith('Contribution'),
    );
    expect(contributions.map((e) => [e.modality, e.value, e.unit])).toEqual([
      ['ecg', 75, '%'],
      ['labs', 25, '%'],
    ]);
    expect(assessment.timings.fetchMs).toBe(40);
    expect(assessment.timings.totalMs).toBeGreaterThanOrEqual(40);
    expect(assessment.timings).toMatchObject({ preprocessMs: 1, inferenceMs: 2 });
    expect(assessment.basis).toEqual(['Observation/ecg-1', 'Observation/glucose-1', 'Observation/anion-gap-1']);
  });

  it('carries a unit on every numeric evidence item, whatever the record holds', async () => {
    const labs = labPanel({ ph: 7.21, inr: 1.8, lactate: 3.3, glucose: 250, po2: 61, wbc: 14, 'creatine-kinase': 900 });
    const assessment = await assessor().assess(
      record({ labs, ecg: ecg('units', { rhythm: 'atrial-fibrillation', heartRateBpm: 95 }, false) }),
    );

    const numeric = assessment.findings.flatMap((f) => f.evidence).filter((e) => e.value !== undefined);
    expect(numeric.length).toBeGreaterThan(20);
    for (const item of numeric) expect(item.unit).toMatch(/\S/);
    expect(numeric.find((e) => e.label === 'pH')?.unit).toBe('[pH]');
  });
});

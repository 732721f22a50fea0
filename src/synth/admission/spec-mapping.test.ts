import { Random } from '../random';
import type { ClinicalProfile, Phenotype } from '../types';
import { cxrSpecFor } from './cxr-spec';
import { ecgSpecFor } from './ecg-spec';

function profile(diseases: ClinicalProfile['diseases'], phenotype: Partial<Phenotype> = {}): ClinicalProfile {
  return {
    sex: 'male',
    ageYears: 60,
    diseases,
    severity: Object.fromEntries(diseases.map((d) => [d, 0.5])),
    phenotype: {
      lvh: false,
      lvhStrain: false,
      cardiomegaly: false,
      ketoacidosis: false,
      septicShock: false,
      pulmonaryOedema: 0,
      effusion: 'none',
      fever: false,
      ...phenotype,
    },
    modalities: { labs: true, ecg: true, cxr: true },
  };
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

describe('ecgSpecFor', () => {
  it('takes the potassium behind the T waves from the generated labs', () => {
    const spec = ecgSpecFor(new Random(1), profile(['acute-renal-failure']), { potassium: 6.8 });

    expect(spec.potassiumMeqL).toBe(6.8);
  });

  it('puts septic, febrile patients in sinus tachycardia (> 100 bpm on average) and others near 70', () => {
    const rng = new Random(2);
    const septic = profile(['sepsis', 'pneumonia'], { fever: true });
    const calm = profile(['hypertension']);

    const septicRates = Array.from({ length: 300 }, () => ecgSpecFor(rng, septic, {}).heartRateBpm);
    const calmRates = Array.from({ length: 300 }, () => ecgSpecFor(rng, calm, {}).heartRateBpm);

    // Sinus tachycardia is > 100 bpm; a resting adult sinus rate is 60–100 bpm, ~70 on average.
    expect(mean(septicRates)).toBeGreaterThan(100);
    expect(mean(calmRates)).toBeGreaterThan(62);
    expect(mean(calmRates)).toBeLessThan(80);
  });

  it('draws atrial fibrillation for most AF patients, with a rapid ventricular rate in some', () => {
    const rng = new Random(3);
    const specs = Array.from({ length: 400 }, () => ecgSpecFor(rng, profile(['atrial-fibrillation']), {}));

    const inAf = specs.filter((s) => s.rhythm === 'atrial-fibrillation');
    const rapid = inAf.filter((s) => s.heartRateBpm > 100);
    expect(inAf.length / specs.length).toBeGreaterThan(0.75);
    expect(inAf.length / specs.length).toBeLessThan(0.95);
    expect(rapid.length / inAf.length).toBeGreaterThan(0.15);
    expect(rapid.length / inAf.length).toBeLessThan(0.5);
  });

  it('passes LVH with strain and the infarct territory and kind of the phenotype', () => {
    const acute = profile(['coronary-artery-disease', 'hypertension'], {
      lvh: true,
      lvhStrain: true,
      acuteCoronary: { territory: 'inferior', stElevation: true },
    });
    const old = profile(['coronary-artery-disease'], { oldInfarct: { territory: 'anterior' } });

    const acuteSpec = ecgSpecFor(new Random(4), acute, {});
    const oldSpec = ecgSpecFor(new Random(4), old, {});

    expect(acuteSpec).toMatchObject({ lvh: true, lvhStrain: true });
    expect(acuteSpec.ischaemia).toEqual({ territory: 'inferior', kind: 'st-elevation' });
    expect(oldSpec.ischaemia).toEqual({ territory: 'anterior', kind: 'q-waves' });
    expect(oldSpec.lvh).toBe(false);
  });
});

describe('cxrSpecFor', () => {
  it('asks for a cardiothoracic ratio above 0.5 with cardiomegaly and below it without', () => {
    const rng = new Random(5);

    const enlarged = Array.from({ length: 200 }, () =>
      cxrSpecFor(rng, profile(['hypertension'], { cardiomegaly: true })),
    );
    const normal = Array.from({ length: 200 }, () => cxrSpecFor(rng, profile(['diabetes-mellitus'])));

    // Cardiomegaly is defined on a PA film as a cardiothoracic ratio > 0.5.
    expect(Math.min(...enlarged.map((s) => s.cardiothoracicRatio))).toBeGreaterThan(0.5);
    expect(Math.max(...normal.map((s) => s.cardiothoracicRatio))).toBeLessThan(0.5);
  });

  it('consolidates the lobes the pneumonia phenotype names, and carries oedema and effusion', () => {
    const spec = cxrSpecFor(
      new Random(6),
      profile(['pneumonia', 'sepsis'], {
        pneumonia: { lobes: ['RLL', 'RML'], pattern: 'lobar' },
        pulmonaryOedema: 0.4,
        effusion: 'right',
      }),
    );

    expect(spec.consolidation).toMatchObject({ lobes: ['RLL', 'RML'], pattern: 'lobar' });
    expect(spec.consolidation?.extent).toBeGreaterThan(0);
    expect(spec).toMatchObject({ pulmonaryOedema: 0.4, effusion: 'right' });
  });

  it('films patients in septic shock AP far more often than the mildly ill', () => {
    const rng = new Random(7);
    const shock = profile(['sepsis'], { septicShock: true });
    const mild = { ...profile(['hypertension']), severity: { hypertension: 0.1 } };

    const apShare = (p: ClinicalProfile): number =>
      Array.from({ length: 400 }, () => cxrSpecFor(rng, p).view).filter((v) => v === 'AP').length / 400;

    expect(apShare(shock)).toBeGreaterThan(0.8);
    expect(apShare(mild)).toBeLessThan(0.4);
  });
});

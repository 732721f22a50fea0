/**
 * ClinicalProfile (+ the generated labs) → what the ECG generator draws. The ECG tells the same story as the rest of
 * the admission: the potassium behind the T waves is the potassium in the labs, a septic or febrile patient is in
 * sinus tachycardia, an infarct sits in the territory the phenotype names.
 */
import type { ClinicalProfile, EcgSynthSpec, SyntheticLabs } from '../types';
import type { Random } from '../random';

/** Share of patients with atrial fibrillation who are in AF on the admission ECG (the rest: paroxysmal, in sinus). */
const AF_ON_ADMISSION = 0.85;
/** Share of AF ECGs with a rapid ventricular response (> 100 bpm) in the absence of sepsis; sepsis raises it. */
const AF_RVR = 0.3;
/** Serum potassium assumed when the labs do not carry one (mid-normal), mEq/L. */
const DEFAULT_POTASSIUM = 4.2;

/**
 * The ECG spec of an admission.
 *
 * @param rng - the admission's ECG-spec stream
 * @param profile - who the patient is and what they have
 * @param labs - the generated labs (in catalogue units), for potassium
 */
export function ecgSpecFor(rng: Random, profile: ClinicalProfile, labs: SyntheticLabs): EcgSynthSpec {
  const has = (id: ClinicalProfile['diseases'][number]): boolean => profile.diseases.includes(id);
  const { phenotype } = profile;
  const sepsis = has('sepsis');
  const inAf = has('atrial-fibrillation') && rng.bernoulli(AF_ON_ADMISSION);

  let heartRate: number;
  if (inAf) {
    const rvr = rng.bernoulli(sepsis ? 0.6 : AF_RVR);
    heartRate = rvr ? rng.uniform(105, 150) : rng.normal(85, 10);
  } else {
    // Resting sinus rate: ~72 bpm in young adults, a few beats lower in the old (less sympathetic tone).
    heartRate = rng.normal(74 - 0.06 * Math.max(0, profile.ageYears - 40), 9);
    // Fever: about 10 bpm per °C (Liebermeister's rule) for ~1.5 °C; sepsis and shock on top of it.
    if (phenotype.fever) heartRate += rng.uniform(10, 18);
    if (sepsis) heartRate += rng.uniform(14, 28) * (0.6 + 0.4 * (profile.severity.sepsis ?? 0.5));
    if (phenotype.septicShock) heartRate += rng.uniform(8, 16);
    if (phenotype.ketoacidosis) heartRate += rng.uniform(8, 15);
  }
  heartRate = Math.min(165, Math.max(45, heartRate));

  const spec: EcgSynthSpec = {
    sex: profile.sex,
    ageYears: profile.ageYears,
    rhythm: inAf ? 'atrial-fibrillation' : 'sinus',
    heartRateBpm: Math.round(heartRate * 10) / 10,
    lvh: phenotype.lvh,
    lvhStrain: phenotype.lvh && phenotype.lvhStrain,
    potassiumMeqL: labs.potassium ?? DEFAULT_POTASSIUM,
  };
  if (phenotype.acuteCoronary) {
    spec.ischaemia = {
      territory: phenotype.acuteCoronary.territory,
      kind: phenotype.acuteCoronary.stElevation ? 'st-elevation' : 'st-depression',
    };
  } else if (phenotype.oldInfarct) {
    spec.ischaemia = { territory: phenotype.oldInfarct.territory, kind: 'q-waves' };
  } else if (phenotype.chronicIschaemia) {
    spec.ischaemia = { territory: phenotype.chronicIschaemia.territory, kind: 'st-depression' };
  }
  return spec;
}

/**
 * Auxiliary targets of the encoder stage, read from the synthetic cohort's ground truth (what each generator drew),
 * so that each encoder learns its modality's findings as well as the disease labels.
 */
import type { CxrTruth, EcgTruth } from '../../synth/types';

/** ECG findings, in target order. */
export const ECG_TARGET_NAMES = [
  'af-rhythm',
  'lvh',
  'ischaemia-or-infarct',
  'hyperkalaemia-signs',
  'tachycardia',
] as const;

/** CXR findings, in target order. */
export const CXR_TARGET_NAMES = ['cardiomegaly', 'consolidation', 'pulmonary-oedema', 'pleural-effusion'] as const;

/** Ventricular rate above which the rhythm is called a tachycardia, bpm (the usual adult cut-off). */
export const TACHYCARDIA_BPM = 100;

/** ECG findings as 0/1 in ECG_TARGET_NAMES order. */
export function ecgTargets(truth: EcgTruth): Float32Array {
  const signs = truth.signs;
  const has = (test: (sign: string) => boolean) => (signs.some(test) ? 1 : 0);
  return Float32Array.from([
    truth.rhythm === 'atrial-fibrillation' ? 1 : 0,
    has((s) => s === 'lvh-voltage' || s === 'lvh-strain'),
    has((s) => /^(st-elevation|st-depression|q-waves)-/.test(s)),
    has((s) => s === 'peaked-t' || s === 'wide-qrs'),
    truth.heartRateBpm > TACHYCARDIA_BPM ? 1 : 0,
  ]);
}

/** CXR findings as 0/1 in CXR_TARGET_NAMES order. */
export function cxrTargets(truth: CxrTruth): Float32Array {
  return Float32Array.from(CXR_TARGET_NAMES, (name) => (truth.findings.some((f) => f.kind === name) ? 1 : 0));
}

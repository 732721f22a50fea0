/**
 * The hyperparameters of a training run, with the defaults the default package was trained with. Everything a run
 * does is a function of this recipe (seed included), so a rerun gives the same metrics.
 */
import type { PrevalenceName } from '../../synth/admission/synthetic-admission';
import { DEFAULT_SPLIT, type SplitFractions } from '../dataset/patient-split';

export interface TrainingRecipe {
  seed: number;
  /** Admissions in the cohort (indices 0 … patients − 1), all modalities present. */
  patients: number;
  preset: 'default' | 'paper';
  prevalence?: PrevalenceName;
  split: SplitFractions;
  encoder: {
    epochs: Record<'ecg' | 'cxr' | 'labs', number>;
    batchSize: number;
    peakLr: Record<'ecg' | 'cxr' | 'labs', number>;
  };
  fusion: { epochs: number; batchSize: number; peakLr: number; weightDecay: number };
  /** Fusion epochs of each retrained ablation (the same recipe otherwise). */
  ablationEpochs: number;
  /** Run the ablations (retrained subsets and switches). */
  ablations: boolean;
  /** Cohort generation threads (default: one per core; 0 = the calling thread). Does not change any result. */
  workers?: number;
}

/** The recipe of `npm run train` without options but --seed/--patients. */
export function defaultRecipe(seed: number, patients: number): TrainingRecipe {
  return {
    seed,
    patients,
    preset: 'default',
    split: DEFAULT_SPLIT,
    encoder: {
      epochs: { ecg: 8, cxr: 8, labs: 40 },
      batchSize: 32,
      peakLr: { ecg: 2e-3, cxr: 1e-3, labs: 2e-3 },
    },
    fusion: { epochs: 25, batchSize: 64, peakLr: 1e-3, weightDecay: 0.05 },
    ablationEpochs: 25,
    ablations: true,
  };
}

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

/** The seed of the runs on which the default recipe was chosen (see {@link recipeSelection}). */
export const DEVELOPMENT_SEED = 1;

/**
 * How the default recipe was chosen, for the model card: by validation macro AUROC on the development seed's cohort,
 * so that a package trained with any other seed has a test split that played no part in the choice.
 */
export function recipeSelection(seed: number): string {
  const choice =
    `The default epochs and weight decay were chosen on seed ${DEVELOPMENT_SEED} (6,000 patients), by macro AUROC on ` +
    'its validation split: lab encoder 40 → 15 epochs (validation 0.889 → 0.894), then fusion 25 → 12 epochs with ' +
    'weight decay 0.05 → 0.1 (0.894 → 0.911).';
  return seed === DEVELOPMENT_SEED
    ? `${choice} This package uses that development seed, so its test split is not untouched: its test figures were ` +
        'seen while choosing, and a package trained with another seed gives the unbiased estimate.'
    : `${choice} This package uses seed ${seed}: its cohort, and so its test split, played no part in that choice.`;
}

/** The recipe of `npm run train` without options but --seed/--patients. */
export function defaultRecipe(seed: number, patients: number): TrainingRecipe {
  return {
    seed,
    patients,
    preset: 'default',
    split: DEFAULT_SPLIT,
    encoder: {
      epochs: { ecg: 10, cxr: 10, labs: 15 },
      batchSize: 32,
      peakLr: { ecg: 2e-3, cxr: 1e-3, labs: 2e-3 },
    },
    fusion: { epochs: 12, batchSize: 64, peakLr: 1e-3, weightDecay: 0.1 },
    ablationEpochs: 12,
    ablations: true,
  };
}

/** MODEL_CARD.md of a trained package: intended use, data, recipe, metrics, ablations, limits. */
import { DISEASE_IDS, getDisease } from '../../shared';
import { CXR_TARGET_NAMES, ECG_TARGET_NAMES } from '../dataset/encoder-targets';
import { ECE_BINS } from '../metrics/threshold-metrics';
import { formatAblationTable, formatDiseaseTable } from '../evaluate/format-metrics';
import type { PipelineResult } from './run-training-pipeline';
import { recipeSelection } from './training-recipe';

export interface ModelCardInput {
  name: string;
  version: string;
  command: string;
  result: PipelineResult;
  /** Total wall time of the training command, s (over all its sessions). */
  wallSeconds: number;
  sessions?: number;
  /** Sizes of the package's files, bytes. */
  fileSizes: Record<string, number>;
  /** The real-data transfer report, when measured (npm run evaluate:real). */
  realDataMarkdown?: string;
}

/** Renders the model card. */
export function renderModelCard(input: ModelCardInput): string {
  const { result } = input;
  const { recipe, dataset, calibration } = result;
  const s = dataset.splits;
  const thresholds = DISEASE_IDS.map(
    (id, j) =>
      `| ${getDisease(id).answer} | ${(calibration.temperatures[j] as number).toFixed(3)} | ${(calibration.thresholds[j] as number).toFixed(3)} | ${(calibration.validationF1[j] as number).toFixed(3)} |`,
  );
  const total = Object.values(input.fileSizes).reduce((a, b) => a + b, 0);
  const timings = Object.entries(result.timings)
    .map(([stage, seconds]) => `${stage} ${seconds.toFixed(0)} s`)
    .join(', ');
  return `# Model card: ${input.name} ${input.version}

## Intended use

**Demonstration and integration testing only. Not for clinical use.** This package exists so that the product (the
CDS Hooks service, the SMART app, the agent tools, the sandbox) runs end to end with a real perception model. It was
trained only on synthetic patients; it has never been validated on real patients and must not inform any decision
about a person.

## Model

The MedTVT-R1 perception stack at the \`${recipe.preset}\` preset (src/training/model/README.md): an xresnet1d-style ECG
encoder, a small ViT CXR encoder, the Symile-layout lab MLP, per-modality projectors (3 residual SwiGLU blocks), the
Modality Perception Layer (cyclic multi-head attention + contribution-aware operator) with a modality mask for missing
modalities, and a 7-way multi-label head. Graphs: \`perception.onnx\` (ecg, cxr, labs, modality_mask → logits,
modality_weights, tokens), the three encoders and the fusion graph separately (ONNX opset 20).

## Data

- Source: the synthetic cohort of src/synth, seed ${recipe.seed}, ${recipe.patients} admissions (indices 0–${recipe.patients - 1}),
  every admission with all three modalities, prevalence table \`${recipe.prevalence ?? 'medtvt-qa (default)'}\`.
- Splits, patient-disjoint by a SHA-256 of the patient id (each admission is its own patient; asserted):
  train ${s.train.size}, validation ${s.validation.size}, test ${s.test.size}.
- Lab percentiles use an ECDF fitted on the train split only (\`lab-ecdf.json\`).
- Encoder-stage targets: the 7 disease labels, plus ECG findings (${ECG_TARGET_NAMES.join(', ')}) and CXR findings
  (${CXR_TARGET_NAMES.join(', ')}) from the generators' ground truth; the lab encoder learns the disease labels.

## Training

${recipeSelection(recipe.seed)}

Reproduce with \`${input.command}\` (same seed → same metrics). Wall time: ${(input.wallSeconds / 60).toFixed(1)} min on
2 CPU cores${(input.sessions ?? 1) > 1 ? ` over ${input.sessions} sessions (resumed with --resume)` : ''} (${timings}).

1. Encoder stage: each encoder with a temporary linear head, BCE, AdamW, cosine schedule, clipping at 1
   (epochs ecg ${recipe.encoder.epochs.ecg}, cxr ${recipe.encoder.epochs.cxr}, labs ${recipe.encoder.epochs.labs}; batch ${recipe.encoder.batchSize}).
2. Encoders frozen, exported to ONNX, run through onnxruntime-node once to cache features for every split.
3. Fusion stage on cached features: projectors + MPL + head, BCE on the 7 labels, modality dropout (half of the
   samples keep all three modalities, the rest one of the six other non-empty subsets), AdamW (weight decay
   ${recipe.fusion.weightDecay}), cosine schedule from ${recipe.fusion.peakLr}, clipping at 1, ${recipe.fusion.epochs} epochs of batch ${recipe.fusion.batchSize}.
4. Calibration on validation: one temperature per disease (minimum NLL of σ(logit / T), golden-section search on
   log T), then the threshold on the calibrated probability that maximises validation F1 (candidates: every
   validation probability; ties → the larger threshold).

Calibration per disease:

| disease | temperature | threshold | validation F1 |
| --- | ---: | ---: | ---: |
${thresholds.join('\n')}

## Metrics (held-out synthetic TEST split, all three modalities)

AUROC (Mann–Whitney, ties ½), AUPRC (average precision), F1 at the chosen threshold, Brier score, ECE with
${ECE_BINS} equal-width probability bins (Σ n_b/N · |mean label − mean p|); example-based P/R/F1 and the binary "AUC"
(balanced accuracy of the pooled 0/1 decisions) as in the paper's evaluate.py (medtvt-r1.md §4.1).

${formatDiseaseTable(result.metrics.test)}

Validation (used for calibration and thresholds, so optimistic for F1):

${formatDiseaseTable(result.metrics.validation)}

## Ablations (test split)

"masked" rows run the shipped model with only those modalities present (the mask); "retrained" rows train the fusion
stage again on the same cached features with only those modalities (or with the switch), with their own validation
calibration. Recompute the masked rows with \`npm run evaluate -- --model <this folder>\`.

${formatAblationTable(result.ablations)}

## Real-data transfer

${
  input.realDataMarkdown ??
  'Not measured in this run (the real data was not found beside the repository). Run `npm run evaluate:real -- --model <this folder>`.'
}

These measure transfer from synthetic to real data and are reported as they are: the encoders have only ever seen
synthetic signals, films and lab distributions.

## Limits

- Synthetic data only: the generators encode textbook signs; real ECGs, radiographs and lab panels are far more
  varied, so these metrics say nothing about real-world performance.
- Hypertension and coronary artery disease are only partly visible in the synthetic cohort, by design of its
  generators: ECG-LVH appears in 15–45 % of hypertensives (2–5 % of others), ischaemic ECG signs only in the CAD
  phenotypes with an acute or old infarct. A lookup table on the generator's own phenotype (LVH, strain,
  cardiomegaly, age decade, sex; fitted on 20,000 sampled profiles, scored on 20,000 others) reaches an AUROC of
  only about 0.77 for hypertension and 0.81–0.83 for CAD, so the macro AUROC of any model on this cohort stays
  well below 1 however it is trained.
- Every training admission had all three modalities; missing modalities were simulated by masking.
- Calibration and thresholds were tuned on the synthetic validation split and will not transfer.
- Small model (default preset) trained on ${s.train.size} patients on a CPU.

## Files

${Object.entries(input.fileSizes)
  .map(([file, bytes]) => `- \`${file}\`: ${(bytes / 1e6).toFixed(2)} MB`)
  .join('\n')}

Total ${(total / 1e6).toFixed(2)} MB (model card excluded).
`;
}

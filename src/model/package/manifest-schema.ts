/**
 * The schema of a model package's `manifest.json` (../shared/design/architecture.md, "The model package contract").
 * The manifest is the single source of truth for how inputs are prepared, which graphs run and what the outputs mean;
 * this schema checks its shape, and `loadModelPackage` checks it against the catalogues and the files on disk.
 */
import { z } from 'zod';
import { DISEASE_IDS, ECG_LEAD_NAMES, LAB_IDS } from '../../shared';

/** A path inside the package folder: relative, forward slashes, never leaving the folder. */
const packagePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && !p.split('/').includes('..'), {
    message: 'must be a relative path inside the package (no "/" prefix, no "..", no "\\")',
  });

/** Metric name → value, e.g. `{ auroc: 0.93, auprc: 0.71, f1: 0.66, brier: 0.08, ece: 0.02 }`. */
const metricValues = z.record(z.string(), z.number());

const metricSet = z.object({
  /** Macro averages over the seven diseases. */
  macro: metricValues,
  /** Per disease id. */
  perDisease: z.partialRecord(z.enum(DISEASE_IDS), metricValues),
});

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SHA-256 (64 characters)');

export const modelManifestSchema = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  /** ISO 8601. */
  createdAt: z.iso.datetime({ offset: true }),
  /** e.g. "Demonstration and integration testing; not for clinical use." */
  intendedUse: z.string().min(1),
  trainingData: z.object({
    /** e.g. "synthetic cohort (src/synth), seed 42". */
    source: z.string().min(1),
    /** Number of records (admissions) in all splits together. */
    size: z.number().int().nonnegative(),
    dateRange: z.object({ start: z.string().min(1), end: z.string().min(1) }).optional(),
    /** Records per split (patient-disjoint). */
    splits: z.object({
      train: z.number().int().nonnegative(),
      validation: z.number().int().nonnegative(),
      test: z.number().int().nonnegative(),
    }),
  }),
  metrics: z.object({ validation: metricSet, test: metricSet }),
  /** One entry per disease, in DISEASE_IDS order (the order of the `logits` columns). */
  diseases: z
    .array(
      z.object({
        id: z.enum(DISEASE_IDS),
        /** The paper's exact answer string (e.g. "Acute Renal Failure"). */
        display: z.string().min(1),
        /** Decision threshold on the calibrated probability, chosen on validation. */
        threshold: z.number().min(0).max(1),
        /** Calibration temperature: probability = sigmoid(logit / temperature). */
        temperature: z.number().positive(),
      }),
    )
    .length(DISEASE_IDS.length),
  inputs: z.object({
    ecg: z.object({
      /** Lead names in the order of the `ecg` tensor's second axis. */
      leads: z.array(z.enum(ECG_LEAD_NAMES)).length(12),
      sampleRateHz: z.literal(100),
      samples: z.literal(1000),
      unit: z.literal('mV'),
    }),
    cxr: z.object({
      resizeShortSide: z.literal(400),
      crop: z.literal(224),
      channels: z.literal(3),
      /** Per-channel normalisation applied after scaling pixels to [0, 1] (ImageNet: 0.485, 0.456, 0.406). */
      mean: z.tuple([z.number(), z.number(), z.number()]),
      std: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
    }),
    labs: z.object({
      /** The 50 labs in vector order (LABS order); presence flags follow at index + 50. */
      labs: z
        .array(
          z.object({
            id: z.enum(LAB_IDS),
            itemid: z.number().int(),
            loinc: z.string().min(1).nullable(),
            unit: z.string(),
          }),
        )
        .length(LAB_IDS.length),
      /** JSON file of train-split percentiles per lab. */
      ecdf: packagePath,
      presenceFlag: z.literal('present=1'),
    }),
  }),
  graphs: z.object({
    /** The perception graph: ecg, cxr, labs, modality_mask → logits, modality_weights, tokens. */
    perception: packagePath,
    /** Separate encoder graphs, where a pretrained encoder is plugged in. */
    encoders: z
      .object({ ecg: packagePath.optional(), cxr: packagePath.optional(), labs: packagePath.optional() })
      .optional(),
    fusion: packagePath.optional(),
    /** Causal-LM decoder (inputs_embeds, attention_mask, position_ids, past_key_values.N.* → logits, present.N.*). */
    decoder: packagePath.optional(),
  }),
  /** Markdown model card. */
  modelCard: packagePath,
  /** SHA-256 of every file the manifest names, keyed by its package path. */
  files: z.record(packagePath, sha256Hex),
});

/** A parsed `manifest.json`. */
export type ModelManifest = z.infer<typeof modelManifestSchema>;

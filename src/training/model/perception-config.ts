/**
 * Size and switches of the perception model. Two presets:
 *
 * - `paper`: the layout and widths of MedTVT-R1 (medtvt-r1.md §1): xresnet1d101 ECG encoder with KED's widths
 *   (768 channels × 32 steps), ViT-B/16 on 224² (197 tokens, d 768, 12 layers), the Symile lab MLP
 *   (100→256→1024→1024 + LayerNorm), projectors to d = 2048 with three 2048-wide SwiGLU blocks, a 4-head MPL with the
 *   code's 0.01 residual scale. For counting, export and a GPU; far too slow to train in jax-js on a CPU.
 * - `default`: the same layout shrunk until the whole model trains on 2 CPU cores in minutes: a stride-4 ECG stem and
 *   three one-block stages of 32–64 channels; a 3-layer ViT of width 64 on the image averaged 2×2 to 112² (49 patches
 *   of 16² + CLS); a 64→128→128 lab MLP; d = 64 projectors.
 */
import { DISEASE_IDS } from '../../shared';

/** One stem convolution (followed by ReLU). Odd kernels; padding (K−1)/2. */
export interface StemConv {
  channels: number;
  kernel: number;
  stride: number;
}

/** One residual stage: `blocks` blocks of width `channels`, the first with `stride`. */
export interface ResidualStage {
  channels: number;
  blocks: number;
  stride: number;
}

/** xresnet1d-style ECG encoder on `[B, leads, length]`. */
export interface EcgEncoderConfig {
  leads: number;
  length: number;
  stem: StemConv[];
  /** Max pool after the stem (kernel, stride; padding (K−1)/2), or null. */
  stemPool: { kernel: number; stride: number } | null;
  block: 'basic' | 'bottleneck';
  /** Output width = stage width × expansion (bottleneck; 1 for basic). */
  expansion: number;
  /** Kernel of the blocks' inner convolutions. */
  kernel: number;
  stages: ResidualStage[];
}

/** ViT-layout CXR encoder on `[B, channels, imageSize, imageSize]`. */
export interface CxrEncoderConfig {
  imageSize: number;
  channels: number;
  /** Average-pool factor applied before patching (1 = none). */
  downsample: number;
  patchSize: number;
  dim: number;
  depth: number;
  heads: number;
  mlpDim: number;
  layerNormEpsilon: number;
  /**
   * How tokens become one feature vector: `cls` takes the final CLS token; `tokens` is the paper's projector
   * front-end, Conv1d(N+1 → 1, k = 1), i.e. a learned weighted sum over all tokens plus a bias.
   */
  pool: 'cls' | 'tokens';
}

/** Symile-layout lab MLP: Linear+GELU for each hidden width but the last, which has a LayerNorm instead. */
export interface LabEncoderConfig {
  inputDim: number;
  widths: number[];
  layerNormEpsilon: number;
}

/** Per-modality projector: L2-normalise, Linear to `dim`, `blocks` residual SwiGLU blocks. */
export interface ProjectorConfig {
  dim: number;
  hiddenDim: number;
  blocks: number;
  rmsEpsilon: number;
}

/** Modality Perception Layer as coded in the paper's MPL.py. */
export interface MplConfig {
  heads: number;
  /** Scale of the attention residual: M = LN(Z + s·F); 0.01 in the code, absent from the paper's text. */
  residualScale: number;
  layerNormEpsilon: number;
}

export interface HeadConfig {
  /** Hidden width of the 2-layer head; 0 makes it one Linear. */
  hidden: number;
}

export interface PerceptionConfig {
  ecg: EcgEncoderConfig;
  cxr: CxrEncoderConfig;
  labs: LabEncoderConfig;
  projector: ProjectorConfig;
  mpl: MplConfig;
  head: HeadConfig;
  /** Number of logits (the disease catalogue, DISEASE_IDS order). */
  outputs: number;
  /** `mpl`: CMHA + CAO; `concat`: the projected tokens go to the head as they are (ablation). */
  fusion: 'mpl' | 'concat';
  /** Ablation switch: without it M = LN(Z). */
  useCmha: boolean;
  /** Ablation switch: without it every present modality has gate 1. */
  useCao: boolean;
}

const PAPER: PerceptionConfig = {
  ecg: {
    leads: 12,
    length: 1000,
    stem: [
      { channels: 32, kernel: 5, stride: 2 },
      { channels: 32, kernel: 5, stride: 1 },
      { channels: 64, kernel: 5, stride: 1 },
    ],
    stemPool: { kernel: 3, stride: 2 },
    block: 'bottleneck',
    expansion: 4,
    kernel: 5,
    stages: [
      { channels: 64, blocks: 3, stride: 1 },
      { channels: 128, blocks: 4, stride: 2 },
      { channels: 128, blocks: 23, stride: 2 },
      { channels: 192, blocks: 3, stride: 2 },
    ],
  },
  cxr: {
    imageSize: 224,
    channels: 3,
    downsample: 1,
    patchSize: 16,
    dim: 768,
    depth: 12,
    heads: 12,
    mlpDim: 3072,
    layerNormEpsilon: 1e-12,
    pool: 'tokens',
  },
  labs: { inputDim: 100, widths: [256, 1024, 1024], layerNormEpsilon: 1e-5 },
  projector: { dim: 2048, hiddenDim: 2048, blocks: 3, rmsEpsilon: 1e-6 },
  mpl: { heads: 4, residualScale: 0.01, layerNormEpsilon: 1e-5 },
  head: { hidden: 512 },
  outputs: DISEASE_IDS.length,
  fusion: 'mpl',
  useCmha: true,
  useCao: true,
};

const DEFAULT: PerceptionConfig = {
  ecg: {
    leads: 12,
    length: 1000,
    stem: [
      { channels: 32, kernel: 9, stride: 4 },
      { channels: 32, kernel: 5, stride: 1 },
    ],
    stemPool: null,
    block: 'basic',
    expansion: 1,
    kernel: 5,
    stages: [
      { channels: 32, blocks: 1, stride: 1 },
      { channels: 64, blocks: 1, stride: 2 },
      { channels: 64, blocks: 1, stride: 2 },
    ],
  },
  cxr: {
    imageSize: 224,
    channels: 3,
    downsample: 2,
    patchSize: 16,
    dim: 64,
    depth: 3,
    heads: 4,
    mlpDim: 128,
    layerNormEpsilon: 1e-6,
    pool: 'tokens',
  },
  labs: { inputDim: 100, widths: [64, 128, 128], layerNormEpsilon: 1e-5 },
  projector: { dim: 64, hiddenDim: 128, blocks: 3, rmsEpsilon: 1e-6 },
  mpl: { heads: 4, residualScale: 0.01, layerNormEpsilon: 1e-5 },
  head: { hidden: 64 },
  outputs: DISEASE_IDS.length,
  fusion: 'mpl',
  useCmha: true,
  useCao: true,
};

/** The named presets; copy one with `structuredClone` before changing it. */
export const PERCEPTION_PRESETS: Readonly<Record<'paper' | 'default', Readonly<PerceptionConfig>>> = {
  paper: PAPER,
  default: DEFAULT,
};

/** A fresh copy of a preset, optionally with the ablation switches changed. */
export function perceptionConfig(
  preset: keyof typeof PERCEPTION_PRESETS,
  switches: Partial<Pick<PerceptionConfig, 'fusion' | 'useCmha' | 'useCao'>> = {},
): PerceptionConfig {
  return { ...structuredClone(PERCEPTION_PRESETS[preset]), ...switches };
}

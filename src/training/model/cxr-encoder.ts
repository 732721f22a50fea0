/**
 * ViT-layout CXR encoder: `[B, 3, 224, 224]` (ImageNet-normalised) → optional f×f average pooling → P×P patches →
 * Linear patch embedding → CLS + learned position embedding → pre-LN transformer blocks → final LayerNorm → one
 * feature vector `[B, d]` (the CLS token, or the paper's learned weighted sum over all tokens).
 *
 * The patch embedding is written as reshape/transpose + MatMul rather than a strided Conv2d; it is the same map:
 * `patch_embed.weight[c·P² + i·P + j, o]` is Conv2d's `weight[o, c, i, j]`. The CLS token is put in front by zero
 * padding the token axis and adding `cls_token` at position 0, so no batch-sized broadcast is needed.
 */
import { layerNorm, layerNormSpecs } from './layers/layer-norm';
import { linear, linearSpecs } from './layers/linear';
import { transformerBlock, transformerBlockSpecs, type TransformerBlockShape } from './layers/transformer-block';
import { normalInit, type ParamSpecs, ZEROS } from './param-spec';
import type { CxrEncoderConfig } from './perception-config';
import type { TensorOps } from './tensor-ops';

const PREFIX = 'cxr_encoder';

/** Patches per side and tokens (patches + CLS). */
export function cxrTokenGrid(config: CxrEncoderConfig): { side: number; tokens: number } {
  const pooled = config.imageSize / config.downsample;
  const side = pooled / config.patchSize;
  if (!Number.isInteger(pooled) || !Number.isInteger(side)) {
    throw new RangeError(
      `${PREFIX}: image ${config.imageSize} is not divisible by downsample ${config.downsample} × patch ${config.patchSize}`,
    );
  }
  return { side, tokens: side * side + 1 };
}

/** Width of the feature vector. */
export function cxrFeatureDim(config: CxrEncoderConfig): number {
  return config.dim;
}

function blockShape(config: CxrEncoderConfig): TransformerBlockShape {
  return {
    dim: config.dim,
    heads: config.heads,
    mlpDim: config.mlpDim,
    tokens: cxrTokenGrid(config).tokens,
    layerNormEpsilon: config.layerNormEpsilon,
  };
}

export function cxrEncoderSpecs(config: CxrEncoderConfig): ParamSpecs {
  const { tokens } = cxrTokenGrid(config);
  const patchDim = config.channels * config.patchSize * config.patchSize;
  let specs: ParamSpecs = {
    ...linearSpecs(`${PREFIX}.patch_embed`, { inDim: patchDim, outDim: config.dim }),
    // timm's ViT starts CLS and positions at std 0.02.
    [`${PREFIX}.cls_token`]: { shape: [1, 1, config.dim], init: normalInit(0.02) },
    [`${PREFIX}.pos_embed`]: { shape: [1, tokens, config.dim], init: normalInit(0.02) },
  };
  for (let i = 0; i < config.depth; i++)
    specs = { ...specs, ...transformerBlockSpecs(`${PREFIX}.blocks.${i}`, blockShape(config)) };
  specs = { ...specs, ...layerNormSpecs(`${PREFIX}.norm`, config.dim) };
  if (config.pool === 'tokens') {
    specs[`${PREFIX}.token_pool.weight`] = { shape: [tokens, 1], init: normalInit(1 / Math.sqrt(tokens)) };
    specs[`${PREFIX}.token_pool.bias`] = { shape: [1], init: ZEROS };
  }
  return specs;
}

/** `[B, C, S, S] → [B, N, C·P²]`, patches in row-major grid order, each flattened (channel, row, column). */
function patchify<T>(ops: TensorOps<T>, config: CxrEncoderConfig, image: T): T {
  const { channels, imageSize, downsample: f, patchSize: p } = config;
  const { side } = cxrTokenGrid(config);
  let x = image;
  if (f > 1) {
    const pooled = imageSize / f;
    x = ops.reduceMean(ops.reshape(x, [-1, channels, pooled, f, pooled, f]), [3, 5], false);
  }
  const grid = ops.transpose(ops.reshape(x, [-1, channels, side, p, side, p]), [0, 2, 4, 1, 3, 5]);
  return ops.reshape(grid, [-1, side * side, channels * p * p]);
}

/** `[B, 3, 224, 224] → [B, N+1, d]`: the final-LayerNorm tokens, CLS first. */
export function cxrTokens<T>(ops: TensorOps<T>, config: CxrEncoderConfig, image: T): T {
  const { tokens } = cxrTokenGrid(config);
  const patches = linear(ops, `${PREFIX}.patch_embed`, patchify(ops, config, image));
  const firstRow = ops.constant(
    Array.from({ length: tokens }, (_, i) => (i === 0 ? 1 : 0)),
    [1, tokens, 1],
  );
  let x = ops.add(ops.pad(patches, 1, 1, 0), ops.mul(firstRow, ops.param(`${PREFIX}.cls_token`)));
  x = ops.add(x, ops.param(`${PREFIX}.pos_embed`));
  for (let i = 0; i < config.depth; i++) x = transformerBlock(ops, `${PREFIX}.blocks.${i}`, blockShape(config), x);
  return layerNorm(ops, `${PREFIX}.norm`, x, config.layerNormEpsilon);
}

/** `[B, 3, 224, 224] → [B, d]`: the CXR feature vector. */
export function cxrEncoder<T>(ops: TensorOps<T>, config: CxrEncoderConfig, image: T): T {
  const tokens = cxrTokens(ops, config, image);
  if (config.pool === 'cls') return ops.reshape(ops.slice(tokens, 1, 0, 1), [-1, config.dim]);
  // Conv1d(N+1 → 1, k = 1) over the token axis: [B, d, N+1] · [N+1, 1].
  const pooled = ops.matmul(ops.transpose(tokens, [0, 2, 1]), ops.param(`${PREFIX}.token_pool.weight`));
  return ops.add(ops.reshape(pooled, [-1, config.dim]), ops.param(`${PREFIX}.token_pool.bias`));
}

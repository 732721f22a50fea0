/**
 * xresnet1d-style ECG encoder: `[B, 12, 1000]` (mV, 100 Hz, MODEL_LEAD_ORDER) → stem convolutions (+ ReLU) → optional
 * max pool → residual stages → `[B, C, T]` → concat pooling (mean and max over time, as the xresnet1d head does) →
 * `[B, 2C]`. The paper keeps the `[B, 768, 32]` map and pools it in its projector with an RNN and attention; here the
 * pooled vector is the encoder's feature, so that frozen features cache as one vector per record.
 */
import { conv1d, conv1dLength, conv1dSpecs, conv1dWindow } from './layers/conv1d';
import { type ResidualBlock1dShape, residualBlock1d, residualBlock1dSpecs } from './layers/residual-block-1d';
import type { ParamSpecs } from './param-spec';
import type { EcgEncoderConfig } from './perception-config';
import type { TensorOps } from './tensor-ops';

const PREFIX = 'ecg_encoder';

/** Shape of every residual block, in order, with its parameter prefix. */
function blockShapes(config: EcgEncoderConfig): { prefix: string; shape: ResidualBlock1dShape }[] {
  const blocks: { prefix: string; shape: ResidualBlock1dShape }[] = [];
  let channels = config.stem.at(-1)?.channels ?? config.leads;
  config.stages.forEach((stage, s) => {
    const outChannels = stage.channels * (config.block === 'bottleneck' ? config.expansion : 1);
    for (let b = 0; b < stage.blocks; b++) {
      blocks.push({
        prefix: `${PREFIX}.stages.${s}.blocks.${b}`,
        shape: {
          kind: config.block,
          inChannels: channels,
          hiddenChannels: stage.channels,
          outChannels,
          kernel: config.kernel,
          stride: b === 0 ? stage.stride : 1,
        },
      });
      channels = outChannels;
    }
  });
  return blocks;
}

/** Channels and length of the `[B, C, T]` map before pooling. */
export function ecgFeatureMapShape(config: EcgEncoderConfig): { channels: number; length: number } {
  let length = config.length;
  for (const conv of config.stem) length = conv1dLength(length, conv.kernel, conv.stride);
  if (config.stemPool !== null) length = conv1dLength(length, config.stemPool.kernel, config.stemPool.stride);
  let channels = config.stem.at(-1)?.channels ?? config.leads;
  for (const { shape } of blockShapes(config)) {
    length = conv1dLength(length, 1, shape.stride);
    channels = shape.outChannels;
  }
  return { channels, length };
}

/** Width of the pooled feature vector (mean and max of each channel). */
export function ecgFeatureDim(config: EcgEncoderConfig): number {
  return 2 * ecgFeatureMapShape(config).channels;
}

export function ecgEncoderSpecs(config: EcgEncoderConfig): ParamSpecs {
  let specs: ParamSpecs = {};
  let channels = config.leads;
  config.stem.forEach((conv, i) => {
    specs = {
      ...specs,
      ...conv1dSpecs(`${PREFIX}.stem.${i}`, {
        inChannels: channels,
        outChannels: conv.channels,
        kernel: conv.kernel,
        stride: conv.stride,
      }),
    };
    channels = conv.channels;
  });
  for (const { prefix, shape } of blockShapes(config)) specs = { ...specs, ...residualBlock1dSpecs(prefix, shape) };
  return specs;
}

/** `[B, leads, length] → [B, C, T]`. */
export function ecgFeatureMap<T>(ops: TensorOps<T>, config: EcgEncoderConfig, ecg: T): T {
  let x = ecg;
  config.stem.forEach((conv, i) => {
    x = ops.relu(conv1d(ops, `${PREFIX}.stem.${i}`, x, conv.kernel, conv.stride));
  });
  if (config.stemPool !== null) x = ops.maxPool1d(x, conv1dWindow(config.stemPool.kernel, config.stemPool.stride));
  for (const { prefix, shape } of blockShapes(config)) x = residualBlock1d(ops, prefix, shape, x);
  return x;
}

/** `[B, leads, length] → [B, 2C]`: the ECG feature vector. */
export function ecgEncoder<T>(ops: TensorOps<T>, config: EcgEncoderConfig, ecg: T): T {
  const map = ecgFeatureMap(ops, config, ecg);
  return ops.concat([ops.reduceMean(map, [2], false), ops.reduceMax(map, [2], false)], 1);
}

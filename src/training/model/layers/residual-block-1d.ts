/**
 * Residual 1-D convolution block of the xresnet1d family (basic: two K-convs; bottleneck: 1 → K → 1 convs with
 * expansion), out = ReLU(gain ⊙ branch(x) + shortcut(x)).
 *
 * Normalisation-free on purpose. xresnet uses BatchNorm, which needs running statistics carried across steps; a
 * per-sample norm (GroupNorm, LayerNorm over channels) would divide out the ECG's amplitude, and voltage criteria are
 * how LVH is read. Instead each block's branch is scaled by a per-channel `gain` that starts at 0, which is what
 * xresnet's zero-initialised last BatchNorm does at initialisation: every block starts as the identity.
 * The shortcut is a strided 1×1 convolution when the width or stride changes (xresnet uses AvgPool + 1×1 conv).
 */
import { type ParamSpecs, ZEROS } from '../param-spec';
import type { TensorOps } from '../tensor-ops';
import { conv1d, conv1dSpecs } from './conv1d';

export interface ResidualBlock1dShape {
  kind: 'basic' | 'bottleneck';
  inChannels: number;
  /** Width of the inner convolutions. */
  hiddenChannels: number;
  /** Output width (hidden × expansion for a bottleneck, hidden for a basic block). */
  outChannels: number;
  kernel: number;
  stride: number;
}

export function residualBlock1dSpecs(prefix: string, shape: ResidualBlock1dShape): ParamSpecs {
  const { inChannels: cin, hiddenChannels: hidden, outChannels: cout, kernel, stride } = shape;
  const branch: ParamSpecs =
    shape.kind === 'basic'
      ? {
          ...conv1dSpecs(`${prefix}.conv1`, { inChannels: cin, outChannels: hidden, kernel, stride }),
          ...conv1dSpecs(`${prefix}.conv2`, { inChannels: hidden, outChannels: cout, kernel, stride: 1 }),
        }
      : {
          ...conv1dSpecs(`${prefix}.conv1`, { inChannels: cin, outChannels: hidden, kernel: 1, stride: 1 }),
          ...conv1dSpecs(`${prefix}.conv2`, { inChannels: hidden, outChannels: hidden, kernel, stride }),
          ...conv1dSpecs(`${prefix}.conv3`, { inChannels: hidden, outChannels: cout, kernel: 1, stride: 1 }),
        };
  const shortcut =
    cin !== cout || stride !== 1
      ? conv1dSpecs(`${prefix}.shortcut`, { inChannels: cin, outChannels: cout, kernel: 1, stride })
      : {};
  return { ...branch, ...shortcut, [`${prefix}.gain`]: { shape: [cout, 1], init: ZEROS } };
}

export function residualBlock1d<T>(ops: TensorOps<T>, prefix: string, shape: ResidualBlock1dShape, x: T): T {
  const { kernel, stride } = shape;
  let branch: T;
  if (shape.kind === 'basic') {
    branch = ops.relu(conv1d(ops, `${prefix}.conv1`, x, kernel, stride));
    branch = conv1d(ops, `${prefix}.conv2`, branch, kernel, 1);
  } else {
    branch = ops.relu(conv1d(ops, `${prefix}.conv1`, x, 1, 1));
    branch = ops.relu(conv1d(ops, `${prefix}.conv2`, branch, kernel, stride));
    branch = conv1d(ops, `${prefix}.conv3`, branch, 1, 1);
  }
  const projected = shape.inChannels !== shape.outChannels || stride !== 1;
  const shortcut = projected ? conv1d(ops, `${prefix}.shortcut`, x, 1, stride) : x;
  // gain [Cout, 1] broadcasts over [B, Cout, T].
  return ops.relu(ops.add(ops.mul(branch, ops.param(`${prefix}.gain`)), shortcut));
}

/**
 * 1-D convolution layer over `[B, Cin, T]` with "same"-style padding (K−1)/2 on both sides, as fastai's ConvLayer
 * pads: odd kernels only, so Tout = ⌊(T − 1)/stride⌋ + 1 whatever the kernel. Weight `[Cout, Cin, K]` (ONNX/PyTorch
 * layout), bias `[Cout]`; He initialisation, since every convolution here feeds a ReLU or a residual sum.
 */
import { normalInit, type ParamSpecs, ZEROS } from '../param-spec';
import { type Conv1dOptions, conv1dOutputLength, type TensorOps } from '../tensor-ops';

export interface Conv1dShape {
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
}

export function conv1dSpecs(prefix: string, shape: Conv1dShape): ParamSpecs {
  if (shape.kernel % 2 !== 1) throw new RangeError(`${prefix}: kernel ${shape.kernel} must be odd`);
  return {
    [`${prefix}.weight`]: {
      shape: [shape.outChannels, shape.inChannels, shape.kernel],
      init: normalInit(Math.sqrt(2 / (shape.inChannels * shape.kernel))),
    },
    [`${prefix}.bias`]: { shape: [shape.outChannels], init: ZEROS },
  };
}

/** The padding and stride a layer of this shape uses. */
export function conv1dWindow(kernel: number, stride: number): Conv1dOptions {
  const pad = (kernel - 1) / 2;
  return { kernel, stride, padBefore: pad, padAfter: pad };
}

/** Output length of a layer with this kernel and stride on `length` samples. */
export function conv1dLength(length: number, kernel: number, stride: number): number {
  return conv1dOutputLength(length, conv1dWindow(kernel, stride));
}

export function conv1d<T>(ops: TensorOps<T>, prefix: string, x: T, kernel: number, stride: number): T {
  return ops.conv1d(x, ops.param(`${prefix}.weight`), ops.param(`${prefix}.bias`), conv1dWindow(kernel, stride));
}

/**
 * ONNX TensorProto encoding for initializers and constants. Data goes into `raw_data`, which ONNX defines as
 * little-endian whatever the host, so it is written through a DataView rather than by copying the host's bytes.
 */
import { onnx } from 'onnx-proto';
import type { HostTensor } from '../engine/host-tensor';
import { shapeSize } from '../engine/host-tensor';

const DataType = onnx.TensorProto.DataType;

/** A float32 tensor named `name` holding `tensor`'s row-major data. */
export function floatTensorProto(name: string, tensor: HostTensor): onnx.ITensorProto {
  if (tensor.data.length !== shapeSize(tensor.shape)) {
    throw new RangeError(
      `ONNX initializer ${name}: shape [${tensor.shape.join(', ')}] needs ${shapeSize(tensor.shape)} values, got ${tensor.data.length}`,
    );
  }
  const bytes = new Uint8Array(tensor.data.length * 4);
  const view = new DataView(bytes.buffer);
  tensor.data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return { name, dims: [...tensor.shape], dataType: DataType.FLOAT, rawData: bytes };
}

/** An int64 tensor (shapes, axes, slice bounds) named `name`. */
export function int64TensorProto(name: string, values: readonly number[], shape: readonly number[]): onnx.ITensorProto {
  if (values.length !== shapeSize(shape)) {
    throw new RangeError(`ONNX int64 constant ${name}: shape [${shape.join(', ')}] needs ${shapeSize(shape)} values`);
  }
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => {
    if (!Number.isSafeInteger(v)) throw new RangeError(`ONNX int64 constant ${name}: ${v} is not an integer`);
    view.setBigInt64(i * 8, BigInt(v), true);
  });
  return { name, dims: [...shape], dataType: DataType.INT64, rawData: bytes };
}

/**
 * Typed ONNX node attributes. ONNX checks attribute types exactly (an `axis` written as FLOAT is rejected), so each
 * value says which kind it is instead of being guessed from a JavaScript number.
 */
import { onnx } from 'onnx-proto';

/** One attribute value: a single int64, float or string, or a list of ints or floats. */
export type OnnxAttributeValue =
  | { int: number }
  | { float: number }
  | { string: string }
  | { ints: readonly number[] }
  | { floats: readonly number[] };

/** Attributes of one node by name. */
export type OnnxAttributes = Readonly<Record<string, OnnxAttributeValue>>;

const AttributeType = onnx.AttributeProto.AttributeType;

/** Encodes one attribute with its exact ONNX type. */
export function toAttributeProto(name: string, value: OnnxAttributeValue): onnx.IAttributeProto {
  if ('int' in value) {
    assertInteger(name, value.int);
    return { name, type: AttributeType.INT, i: value.int };
  }
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  if ('string' in value) return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value.string) };
  if ('ints' in value) {
    value.ints.forEach((v) => assertInteger(name, v));
    return { name, type: AttributeType.INTS, ints: [...value.ints] };
  }
  return { name, type: AttributeType.FLOATS, floats: [...value.floats] };
}

function assertInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`ONNX attribute ${name}: ${value} is not an integer`);
}

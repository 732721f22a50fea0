/** ONNX export (issue 4, deliverable 5): the graph builder over onnx-proto and the perception model's graphs. */
export {
  exportEncoderOnnx,
  exportFusionOnnx,
  exportPerceptionOnnx,
  exportPerceptionGraphs,
  rawInputDims,
  BATCH_DIM,
  RAW_INPUT_NAME,
  FEATURE_NAME,
  type PerceptionOnnxGraphs,
} from './export-perception-onnx';
export { OnnxGraphBuilder, ONNX_OPSET, ONNX_IR_VERSION, type OnnxDim, type OnnxWindow1d } from './onnx-graph-builder';
export { OnnxTensorOps } from './onnx-tensor-ops';
export { toAttributeProto, type OnnxAttributeValue, type OnnxAttributes } from './onnx-attribute';

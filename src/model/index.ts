/**
 * The model layer: model packages, the perception model port and its onnxruntime implementation.
 * Never imports FHIR or src/training.
 */
export * from './perception-model';
export * from './package/manifest-schema';
export * from './package/model-package-error';
export * from './package/load-model-package';
export * from './package/file-sha256';
export * from './runtime/create-session';
export * from './runtime/micro-batcher';
export * from './runtime/record-preprocessor';
export * from './runtime/validate-perception-input';
export * from './runtime/check-perception-graph';
export * from './runtime/to-perception-result';
export * from './runtime/onnx-perception-model';
export * from './runtime/package-preprocessor';
export * from './preprocess';

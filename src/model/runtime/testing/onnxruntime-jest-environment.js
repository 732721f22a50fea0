'use strict';
/**
 * A jest environment for tests that run onnxruntime-node. Jest gives each test file its own realm, so the test's
 * `Float32Array` is not the one the native binding creates output buffers with, and onnxruntime-common's
 * `data instanceof Float32Array` check rejects every output ("A float32 tensor's data must be type of function
 * Float32Array()"). This environment hands the test realm Node's own typed-array constructors, so that both sides
 * agree. Use it with a docblock at the top of the test file:
 *
 *   /** @jest-environment ./src/model/runtime/testing/onnxruntime-jest-environment.js *\/
 */
const { TestEnvironment } = require('jest-environment-node');

const TYPED_ARRAYS = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

class OnnxRuntimeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) {
      if (name in globalThis) this.global[name] = globalThis[name];
    }
  }
}

module.exports = OnnxRuntimeEnvironment;

/** @jest-environment ./src/model/runtime/testing/onnxruntime-jest-environment.js */
/**
 * The training forward under jax-js's `jit` and `grad`: gradients of the fusion stage (projectors, MPL, gates, head)
 * against central finite differences of the same loss computed by onnxruntime on the exported fusion graph, an
 * independent implementation of the forward pass.
 */
import type { Array as JaxArray } from '@jax-js/jax';
import { Random } from '../../synth/random';
import { type Engine, initEngine } from '../engine/engine';
import type { HostTensor } from '../engine/host-tensor';
import { initialiseParams } from '../engine/initialisers';
import { disposeTree, type ParamTree, refTree, toParamTree } from '../engine/param-tree';
import { exportFusionOnnx } from '../onnx/export-perception-onnx';
import { runOnnx } from '../onnx/testing/run-onnx';
import { perceptionConfig } from './perception-config';
import { fuseFeaturesJax } from './perception-jax';
import { featureDims, perceptionSpecs } from './perception-model';

let engine: Engine;
beforeAll(async () => {
  engine = await initEngine({ threads: 1 });
});

const config = perceptionConfig('default');
const dims = featureDims(config);
const random = new Random('perception-jax-test');
const params = initialiseParams(perceptionSpecs(config), 21);
for (const name of Object.keys(params).sort()) {
  const t = params[name] as HostTensor;
  for (let i = 0; i < t.data.length; i++) t.data[i] = (t.data[i] as number) + random.normal(0, 0.05);
}
const draw = (shape: number[]): HostTensor => ({
  shape,
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random.normal()),
});
const feeds: Record<string, HostTensor> = {
  ecg_features: draw([3, dims.ecg]),
  cxr_features: draw([3, dims.cxr]),
  lab_features: draw([3, dims.labs]),
  modality_mask: { shape: [3, 3], data: Float32Array.from([1, 1, 1, 1, 0, 1, 0, 1, 1]) },
};
const probe = draw([3, config.outputs]);

/** Σ probe ⊙ logits, from onnxruntime on a graph exported with `host`. */
async function onnxLoss(host: Record<string, HostTensor>): Promise<number> {
  const { logits } = await runOnnx(exportFusionOnnx(host, config), feeds);
  return Array.from(logits?.data ?? []).reduce((sum, v, i) => sum + v * (probe.data[i] as number), 0);
}

describe('fusion forward in jax-js', () => {
  it('gives, under jit(valueAndGrad), the eager loss and gradients that match onnxruntime finite differences', async () => {
    const { jit, valueAndGrad, numpy: np } = engine.jax;
    const features = ['ecg_features', 'cxr_features', 'lab_features', 'modality_mask'].map((n) =>
      engine.toArray(feeds[n] as HostTensor),
    ) as [JaxArray, JaxArray, JaxArray, JaxArray];
    const probeArray = engine.toArray(probe);
    const loss = (p: ParamTree): JaxArray => {
      const [ecgFeatures, cxrFeatures, labFeatures, modalityMask] = features;
      const out = fuseFeaturesJax(p, config, { ecgFeatures, cxrFeatures, labFeatures, modalityMask });
      const value = np.sum(np.multiply(out.logits, probeArray.ref));
      out.modalityWeights.dispose();
      out.tokens.dispose();
      disposeTree(p);
      return value;
    };
    const tree = toParamTree(params);
    const eager = loss(refTree(tree)).item();

    const [value, grads] = jit(valueAndGrad(loss))(refTree(tree));
    const checked: [string, number][] = [
      ['head.out.bias', 2],
      ['fusion.gate.weight', 5],
      ['fusion.attention.v.weight', 7],
      ['fusion.missing', 64 + 3],
      ['projectors.cxr.blocks.1.w1.weight', 11],
      ['projectors.ecg.input.weight', 40],
    ];
    const h = 1e-2;
    const results: [string, number, number][] = [];
    for (const [name, index] of checked) {
      const tensor = params[name] as HostTensor;
      const original = tensor.data[index] as number;
      tensor.data[index] = original + h;
      const up = await onnxLoss(params);
      tensor.data[index] = original - h;
      const down = await onnxLoss(params);
      tensor.data[index] = original;
      const analytic = (await engine.toHost((grads as ParamTree)[name] as JaxArray)).data[index] as number;
      results.push([name, analytic, (up - down) / (2 * h)]);
    }

    expect(Math.abs(value.item() - eager)).toBeLessThan(1e-5);
    for (const [name, analytic, numeric] of results) {
      // float32 central differences with h = 1e-2: truncation ~h²·f''' and rounding ~1e-7/h, so 2e-3 absolute.
      expect([name, Math.abs(analytic - numeric) < 2e-3 + 1e-2 * Math.abs(numeric)]).toEqual([name, true]);
    }
    expect(results.some(([, analytic]) => Math.abs(analytic) > 1e-3)).toBe(true);
    disposeTree(tree);
    features.forEach((a) => a.dispose());
    probeArray.dispose();
  });
});

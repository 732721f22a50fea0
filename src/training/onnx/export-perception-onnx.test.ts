/** @jest-environment ./src/model/runtime/testing/onnxruntime-jest-environment.js */
/**
 * Export parity (issue 4, deliverable 5): every exported graph, run by onnxruntime-node, against the jax-js training
 * forward on fresh random inputs and random parameters (seeded init plus N(0, 0.05²) on every value, so that zero- and
 * one-initialised tensors such as residual gains and norms are exercised too). onnxruntime is the independent
 * implementation; the bound is the issue's: max abs difference ≤ 1e-4.
 */
import type { Array as JaxArray } from '@jax-js/jax';
import { onnx } from 'onnx-proto';
import { MODALITIES } from '../../shared';
import { Random } from '../../synth/random';
import { type Engine, initEngine } from '../engine/engine';
import type { HostTensor } from '../engine/host-tensor';
import { initialiseParams } from '../engine/initialisers';
import { disposeTree, toParamTree, type ParamTree } from '../engine/param-tree';
import { type PerceptionConfig, perceptionConfig } from '../model/perception-config';
import { encodeModalityJax, fuseFeaturesJax, perceiveJax } from '../model/perception-jax';
import { featureDims, perceptionSpecs } from '../model/perception-model';
import {
  exportEncoderOnnx,
  exportFusionOnnx,
  exportPerceptionOnnx,
  FEATURE_NAME,
  RAW_INPUT_NAME,
} from './export-perception-onnx';
import { maxAbsDiff, runOnnx } from './testing/run-onnx';

const PARITY = 1e-4;

let engine: Engine;
beforeAll(async () => {
  engine = await initEngine({ threads: 1 });
});

function randomParams(config: PerceptionConfig, seed: number): Record<string, HostTensor> {
  const params = initialiseParams(perceptionSpecs(config), seed);
  const random = new Random(`perturb-${seed}`);
  for (const name of Object.keys(params).sort()) {
    const tensor = params[name] as HostTensor;
    for (let i = 0; i < tensor.data.length; i++) tensor.data[i] = (tensor.data[i] as number) + random.normal(0, 0.05);
  }
  return params;
}

function randomTensor(shape: number[], random: Random, draw: (r: Random) => number): HostTensor {
  const size = shape.reduce((n, d) => n * d, 1);
  return { shape, data: Float32Array.from({ length: size }, () => draw(random)) };
}

/** Fresh raw inputs: ECG ~ N(0, 0.5²) mV, CXR ~ N(0, 1) (normalised pixels), labs = percentiles then 0/1 flags. */
function randomInputs(
  config: PerceptionConfig,
  batch: number,
  mask: number[][],
  seed: number,
): Record<string, HostTensor> {
  const random = new Random(`inputs-${seed}`);
  const labs = randomTensor([batch, config.labs.inputDim], random, (r) => r.next());
  for (let b = 0; b < batch; b++) {
    for (let j = 50; j < 100; j++) labs.data[b * 100 + j] = random.bernoulli(0.7) ? 1 : 0;
  }
  return {
    ecg: randomTensor([batch, config.ecg.leads, config.ecg.length], random, (r) => r.normal(0, 0.5)),
    cxr: randomTensor([batch, 3, config.cxr.imageSize, config.cxr.imageSize], random, (r) => r.normal(0, 1)),
    labs,
    modality_mask: { shape: [batch, 3], data: Float32Array.from(mask.flat()) },
  };
}

async function toHostAll(arrays: { [name: string]: JaxArray | undefined }): Promise<Record<string, HostTensor>> {
  const out: Record<string, HostTensor> = {};
  for (const [name, array] of Object.entries(arrays)) if (array !== undefined) out[name] = await engine.toHost(array);
  return out;
}

function expectClose(actual: HostTensor | undefined, expected: HostTensor | undefined, label: string): void {
  expect([label, actual?.shape]).toEqual([label, expected?.shape]);
  const diff = maxAbsDiff(actual?.data ?? [], expected?.data ?? [1]);
  expect([label, diff <= PARITY]).toEqual([label, true]);
}

const config = perceptionConfig('default');
const params = randomParams(config, 3);
const graphs = {
  ecg: exportEncoderOnnx(params, config, 'ecg'),
  cxr: exportEncoderOnnx(params, config, 'cxr'),
  labs: exportEncoderOnnx(params, config, 'labs'),
  fusion: exportFusionOnnx(params, config),
  perception: exportPerceptionOnnx(params, config),
};

const CASES: { name: string; mask: number[][] }[] = [
  { name: 'batch 1, all present', mask: [[1, 1, 1]] },
  { name: 'batch 1, CXR missing', mask: [[1, 0, 1]] },
  { name: 'batch 4, all present', mask: Array.from({ length: 4 }, () => [1, 1, 1]) },
  {
    name: 'batch 4, mixed masks',
    mask: [
      [1, 1, 1],
      [1, 0, 1],
      [0, 1, 0],
      [0, 0, 0],
    ],
  },
];

describe('perception ONNX export at the default preset', () => {
  it.each(CASES)('matches the jax-js forward within 1e-4 for every graph ($name)', async ({ mask }) => {
    const inputs = randomInputs(config, mask.length, mask, mask.length * 10 + mask.flat().reduce((a, b) => a + b, 0));
    const tree: ParamTree = toParamTree(params);
    const [ecg, cxr, labs, modalityMask] = [inputs.ecg, inputs.cxr, inputs.labs, inputs.modality_mask].map((t) =>
      engine.toArray(t as HostTensor),
    ) as [JaxArray, JaxArray, JaxArray, JaxArray];

    const jaxOut = await toHostAll({
      ...perceiveJax(tree, config, { ecg, cxr, labs, modalityMask }, { features: true }),
    });
    const encoded: Record<string, HostTensor> = {};
    for (const modality of MODALITIES) {
      const out = await runOnnx(graphs[modality], {
        [RAW_INPUT_NAME[modality]]: inputs[RAW_INPUT_NAME[modality]] as HostTensor,
      });
      encoded[FEATURE_NAME[modality]] = out[FEATURE_NAME[modality]] as HostTensor;
    }
    const fused = await runOnnx(graphs.fusion, { ...encoded, modality_mask: inputs.modality_mask as HostTensor });
    const full = await runOnnx(graphs.perception, inputs);

    expectClose(encoded.ecg_features, jaxOut.ecgFeatures, 'ecg_features');
    expectClose(encoded.cxr_features, jaxOut.cxrFeatures, 'cxr_features');
    expectClose(encoded.lab_features, jaxOut.labFeatures, 'lab_features');
    for (const [out, label] of [
      [fused, 'fusion'],
      [full, 'perception'],
    ] as const) {
      expectClose(out.logits, jaxOut.logits, `${label} logits`);
      expectClose(out.modality_weights, jaxOut.modalityWeights, `${label} modality_weights`);
      expectClose(out.tokens, jaxOut.tokens, `${label} tokens`);
    }
    [ecg, cxr, labs, modalityMask].forEach((a) => a.dispose());
    disposeTree(tree);
  });

  it('gives zero weight to missing modalities, weights summing to one over present ones, and zeros when none is present', async () => {
    const mask = CASES[3]?.mask ?? [];
    const inputs = randomInputs(config, mask.length, mask, 99);

    const { modality_weights: weights } = await runOnnx(graphs.perception, inputs);

    const rows = Array.from({ length: mask.length }, (_, b) => Array.from(weights?.data.slice(b * 3, b * 3 + 3) ?? []));
    rows.forEach((row, b) => {
      const present = mask[b] ?? [];
      row.forEach((w, m) => (present[m] === 0 ? expect(w).toBe(0) : expect(w).toBeGreaterThan(0)));
      const total = row.reduce((a, w) => a + w, 0);
      expect(total).toBeCloseTo(present.some((p) => p === 1) ? 1 : 0, 6);
    });
  });

  it('ignores the input of a missing modality entirely, even when it is NaN', async () => {
    const mask = [
      [1, 0, 1],
      [0, 1, 1],
    ];
    const inputs = randomInputs(config, 2, mask, 5);
    // Row 0 lacks its CXR, row 1 its ECG: fill exactly those slices with NaN.
    const cxr = Float32Array.from(inputs.cxr?.data ?? []).fill(NaN, 0, 3 * 224 * 224);
    const ecg = Float32Array.from(inputs.ecg?.data ?? []).fill(NaN, 12 * 1000);
    const poisoned = {
      ...inputs,
      cxr: { shape: [2, 3, 224, 224], data: cxr },
      ecg: { shape: [2, 12, 1000], data: ecg },
    };

    const clean = await runOnnx(graphs.perception, inputs);
    const dirty = await runOnnx(graphs.perception, poisoned);

    for (const name of ['logits', 'modality_weights', 'tokens']) {
      expect([name, maxAbsDiff(dirty[name]?.data ?? [], Array.from(clean[name]?.data ?? [1]))]).toEqual([name, 0]);
    }
  });

  it('stores in each encoder graph only that encoder’s weights, and the contract’s input and output shapes', () => {
    const decoded = onnx.ModelProto.decode(graphs.ecg);
    const fusion = onnx.ModelProto.decode(graphs.perception);
    const dims = (info: onnx.IValueInfoProto | undefined) =>
      info?.type?.tensorType?.shape?.dim?.map((d) => (d.dimParam ? d.dimParam : Number(d.dimValue)));

    const weightNames = decoded.graph?.initializer?.map((t) => t.name ?? '').filter((n) => n.includes('.')) ?? [];

    expect(weightNames.length).toBeGreaterThan(0);
    expect(weightNames.every((n) => n.startsWith('ecg_encoder.'))).toBe(true);
    expect(dims(decoded.graph?.output?.[0])).toEqual(['B', featureDims(config).ecg]);
    expect(fusion.graph?.input?.map((i) => [i.name, dims(i)])).toEqual([
      ['ecg', ['B', 12, 1000]],
      ['cxr', ['B', 3, 224, 224]],
      ['labs', ['B', 100]],
      ['modality_mask', ['B', 3]],
    ]);
    expect(fusion.graph?.output?.map((o) => [o.name, dims(o)])).toEqual([
      ['logits', ['B', 7]],
      ['modality_weights', ['B', 3]],
      ['tokens', ['B', 3, config.projector.dim]],
    ]);
  });
});

describe('fusion ablations', () => {
  const ABLATIONS: { name: string; switches: Partial<PerceptionConfig> }[] = [
    { name: 'concatenation instead of the MPL', switches: { fusion: 'concat' } },
    { name: 'MPL without CMHA', switches: { useCmha: false } },
    { name: 'MPL without CAO', switches: { useCao: false } },
  ];

  it.each(ABLATIONS)('exports $name with parity at batch 4 with mixed masks', async ({ switches }) => {
    const ablated = perceptionConfig('default', switches);
    const ablatedParams = randomParams(ablated, 8);
    const random = new Random('ablation-features');
    const dims = featureDims(ablated);
    const mask = CASES[3]?.mask ?? [];
    const feeds: Record<string, HostTensor> = {
      ecg_features: randomTensor([4, dims.ecg], random, (r) => r.normal()),
      cxr_features: randomTensor([4, dims.cxr], random, (r) => r.normal()),
      lab_features: randomTensor([4, dims.labs], random, (r) => r.normal()),
      modality_mask: { shape: [4, 3], data: Float32Array.from(mask.flat()) },
    };
    const tree = toParamTree(ablatedParams);
    const [ecgFeatures, cxrFeatures, labFeatures, modalityMask] = Object.values(feeds).map((t) =>
      engine.toArray(t),
    ) as [JaxArray, JaxArray, JaxArray, JaxArray];

    const jaxOut = await toHostAll({
      ...fuseFeaturesJax(tree, ablated, { ecgFeatures, cxrFeatures, labFeatures, modalityMask }),
    });
    const onnxOut = await runOnnx(exportFusionOnnx(ablatedParams, ablated), feeds);

    expectClose(onnxOut.logits, jaxOut.logits, 'logits');
    expectClose(onnxOut.modality_weights, jaxOut.modalityWeights, 'modality_weights');
    expectClose(onnxOut.tokens, jaxOut.tokens, 'tokens');
    [ecgFeatures, cxrFeatures, labFeatures, modalityMask].forEach((a) => a.dispose());
    disposeTree(tree);
  });
});

describe('layout variants the default preset does not use', () => {
  it('exports a narrow paper-layout ECG encoder (stem max pool, bottleneck stages) with parity at batch 2', async () => {
    const variant = perceptionConfig('default');
    variant.ecg = {
      ...variant.ecg,
      stem: [
        { channels: 8, kernel: 5, stride: 2 },
        { channels: 8, kernel: 5, stride: 1 },
        { channels: 16, kernel: 5, stride: 1 },
      ],
      stemPool: { kernel: 3, stride: 2 },
      block: 'bottleneck',
      expansion: 4,
      kernel: 5,
      stages: [
        { channels: 4, blocks: 1, stride: 1 },
        { channels: 8, blocks: 2, stride: 2 },
        { channels: 8, blocks: 1, stride: 2 },
        { channels: 12, blocks: 1, stride: 2 },
      ],
    };
    await expectEncoderParity(variant, 'ecg', 2);
  });

  it('exports a CXR encoder pooled by its CLS token, without the average pool, with parity at batch 2', async () => {
    const variant = perceptionConfig('default');
    variant.cxr = { ...variant.cxr, downsample: 1, patchSize: 32, pool: 'cls', depth: 1 };
    await expectEncoderParity(variant, 'cxr', 2);
  });

  it('exports a one-Linear head with parity', async () => {
    const variant = perceptionConfig('default');
    variant.head.hidden = 0;
    const variantParams = randomParams(variant, 4);
    const inputs = randomInputs(
      variant,
      2,
      [
        [1, 1, 0],
        [0, 1, 1],
      ],
      4,
    );
    const tree = toParamTree(variantParams);
    const [ecg, cxr, labs, modalityMask] = [inputs.ecg, inputs.cxr, inputs.labs, inputs.modality_mask].map((t) =>
      engine.toArray(t as HostTensor),
    ) as [JaxArray, JaxArray, JaxArray, JaxArray];

    const jaxOut = await toHostAll({ ...perceiveJax(tree, variant, { ecg, cxr, labs, modalityMask }) });
    const onnxOut = await runOnnx(exportPerceptionOnnx(variantParams, variant), inputs);

    expectClose(onnxOut.logits, jaxOut.logits, 'logits');
    [ecg, cxr, labs, modalityMask].forEach((a) => a.dispose());
    disposeTree(tree);
  });
});

async function expectEncoderParity(variant: PerceptionConfig, modality: 'ecg' | 'cxr', batch: number): Promise<void> {
  const variantParams = randomParams(variant, 6);
  const inputs = randomInputs(
    variant,
    batch,
    Array.from({ length: batch }, () => [1, 1, 1]),
    6,
  );
  const raw = inputs[RAW_INPUT_NAME[modality]] as HostTensor;
  const tree = toParamTree(variantParams);
  const input = engine.toArray(raw);

  const expected = await engine.toHost(encodeModalityJax(tree, variant, modality, input));
  const out = await runOnnx(exportEncoderOnnx(variantParams, variant, modality), { [RAW_INPUT_NAME[modality]]: raw });

  expectClose(out[FEATURE_NAME[modality]], expected, `${modality} features`);
  input.dispose();
  disposeTree(tree);
}

/**
 * Checks an opened perception graph against the model package contract, so that a graph with the wrong inputs fails
 * at load time with the file and the input named, not at the first request.
 */
import type { InferenceSession } from 'onnxruntime-node';
import { ModelPackageError } from '../package/model-package-error';
import type { PerceptionInputSpec } from './validate-perception-input';

/** Graph input names of the contract, by PerceptionInput key. */
export const PERCEPTION_INPUT_NAMES = {
  ecg: 'ecg',
  cxr: 'cxr',
  labs: 'labs',
  modalityMask: 'modality_mask',
} as const;

/** Graph output names of the contract, by PerceptionOutput key. */
export const PERCEPTION_OUTPUT_NAMES = {
  logits: 'logits',
  modalityWeights: 'modality_weights',
  tokens: 'tokens',
} as const;

type Dim = number | string;

/** Whether a declared dimension agrees with an expected one (a symbolic or unknown one always does). */
function agrees(declared: Dim | undefined, expected: number | undefined): boolean {
  return expected === undefined || typeof declared !== 'number' || declared < 0 || declared === expected;
}

function checkValue(
  where: { dir: string; file: string },
  metadata: readonly InferenceSession.ValueMetadata[],
  kind: 'input' | 'output',
  name: string,
  expected: readonly (number | undefined)[],
): void {
  const fail = (reason: string) => new ModelPackageError(where.dir, where.file, `${kind} "${name}"`, reason);
  const value = metadata.find((m) => m.name === name);
  if (!value) throw fail(`missing: the graph's ${kind}s are ${metadata.map((m) => m.name).join(', ') || 'none'}`);
  if (!value.isTensor) throw fail('is not a tensor');
  if (value.type !== 'float32') throw fail(`has type ${value.type}, expected float32`);
  const shape = value.shape;
  const want = `[${expected.map((d, i) => (i === 0 ? 'B' : (d ?? 'D'))).join(',')}]`;
  if (shape.length > 0 && (shape.length !== expected.length || expected.some((d, i) => !agrees(shape[i], d)))) {
    throw fail(`has shape [${shape.join(',')}], expected ${want}`);
  }
}

/**
 * @param session - the opened perception graph
 * @param where - package folder and graph file, for error messages
 * @param spec - per-row input dimensions from the manifest
 * @param diseases - number of logits columns
 * @throws ModelPackageError naming the graph file and the input or output at fault
 */
export function checkPerceptionGraph(
  session: InferenceSession,
  where: { dir: string; file: string },
  spec: PerceptionInputSpec,
  diseases: number,
): void {
  for (const key of Object.keys(PERCEPTION_INPUT_NAMES) as Array<keyof typeof PERCEPTION_INPUT_NAMES>) {
    checkValue(where, session.inputMetadata, 'input', PERCEPTION_INPUT_NAMES[key], [undefined, ...spec[key]]);
  }
  const modalities = spec.modalityMask[0];
  checkValue(where, session.outputMetadata, 'output', PERCEPTION_OUTPUT_NAMES.logits, [undefined, diseases]);
  checkValue(where, session.outputMetadata, 'output', PERCEPTION_OUTPUT_NAMES.modalityWeights, [undefined, modalities]);
  checkValue(where, session.outputMetadata, 'output', PERCEPTION_OUTPUT_NAMES.tokens, [
    undefined,
    modalities,
    undefined,
  ]);
}

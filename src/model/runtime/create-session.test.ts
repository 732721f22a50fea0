/** @jest-environment ./src/model/runtime/testing/onnxruntime-jest-environment.js */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { writeTestPackage } from '../package/testing/write-test-package';
import { createSession, sessionOptions } from './create-session';

let root: string;
let graph: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'create-session-'));
  graph = join(await writeTestPackage(join(root, 'pkg')), 'perception.onnx');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Deterministic non-constant inputs (a ramp), so that the outputs depend on every input. */
function feeds(): Record<string, ort.Tensor> {
  const ramp = (shape: number[]) => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = ((i % 97) - 48) / 97;
    return new ort.Tensor('float32', data, shape);
  };
  return {
    ecg: ramp([1, 12, 1000]),
    cxr: ramp([1, 3, 224, 224]),
    labs: ramp([1, 100]),
    modality_mask: new ort.Tensor('float32', Float32Array.of(1, 1, 1), [1, 3]),
  };
}

describe('createSession spinning', () => {
  it('turns the intra-op pool spinning off unless asked, through the session config entry', () => {
    // Key from onnxruntime's onnxruntime_session_options_config_keys.h: kOrtSessionOptionsConfigAllowIntraOpSpinning.
    expect(sessionOptions('cpu').extra).toEqual({ session: { intra_op: { allow_spinning: '0' } } });
    expect(sessionOptions('cpu', { allowSpinning: false, intraOpThreads: 2 })).toMatchObject({
      intraOpNumThreads: 2,
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
    expect(sessionOptions('cpu', { allowSpinning: true }).extra).toBeUndefined();
  });

  it('opens a session that onnxruntime accepts without spinning and that computes what a spinning one does', async () => {
    const quiet = await createSession(graph, { executionProvider: 'cpu', intraOpThreads: 2 });
    const spinning = await createSession(graph, { executionProvider: 'cpu', intraOpThreads: 2, allowSpinning: true });

    const a = await quiet.session.run(feeds());
    const b = await spinning.session.run(feeds());
    await quiet.session.release();
    await spinning.session.release();

    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    for (const name of Object.keys(b)) expect(a[name]?.data).toEqual(b[name]?.data);
  });
});

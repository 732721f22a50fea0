import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCheckpoint, loadLatestCheckpoint, saveCheckpoint, type Checkpoint } from './checkpoint';
import { createHostTensor } from './host-tensor';
import { isTrainingError } from './training-error';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'engine-ckpt-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sample(step: number): Checkpoint {
  return {
    position: { step, epoch: 1, batchInEpoch: 3, seed: 'run-1' },
    params: {
      'fc.weight': createHostTensor([2, 2], [1.5, -2, 0.25, 3e-8]),
      'fc.bias': createHostTensor([2], [0.1, 0.2]),
    },
    m: { 'fc.weight': createHostTensor([2, 2], [0, 1, 2, 3]), 'fc.bias': createHostTensor([2], [4, 5]) },
    v: { 'fc.weight': createHostTensor([2, 2], [6, 7, 8, 9]), 'fc.bias': createHostTensor([2], [10, 11]) },
    config: { lr: 0.001 },
    metrics: { history: [{ step, loss: 0.5 }] },
  };
}

describe('checkpoints', () => {
  it('round-trip every tensor, the position, config and metrics through the latest checkpoint', async () => {
    await saveCheckpoint(dir, sample(5));
    await saveCheckpoint(dir, sample(10));

    const loaded = await loadLatestCheckpoint(dir);

    expect(loaded).toEqual(sample(10));
    expect((await readdir(dir)).sort()).toEqual(['latest.json', 'step-000005', 'step-000010']);
  });

  it('store float32 little-endian at the manifest offsets', async () => {
    const folder = await saveCheckpoint(dir, sample(1));

    const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')) as {
      tensors: { group: string; name: string; offset: number }[];
    };
    const bytes = await readFile(join(folder, 'tensors.bin'));
    const entry = manifest.tensors.find((t) => t.group === 'params' && t.name === 'fc.weight')!;

    // 1.5 as IEEE-754 float32 is 0x3FC00000, little-endian 00 00 C0 3F.
    expect([...bytes.subarray(entry.offset, entry.offset + 4)]).toEqual([0x00, 0x00, 0xc0, 0x3f]);
    expect(bytes.length).toBe((6 + 6 + 6) * 4);
  });

  it('answers undefined when the folder has no checkpoint yet', async () => {
    expect(await loadLatestCheckpoint(dir)).toBeUndefined();
  });

  it('reject a tensor that does not fit the .bin file, naming the tensor', async () => {
    const folder = await saveCheckpoint(dir, sample(2));
    await writeFile(join(folder, 'tensors.bin'), Buffer.alloc(8));

    const error: unknown = await loadCheckpoint(folder).catch((e: unknown) => e);

    expect(isTrainingError(error)).toBe(true);
    // Tensors are packed in name order: fc.bias (8 bytes) fits, fc.weight after it does not.
    expect(String(error)).toContain('params/fc.weight');
  });
});

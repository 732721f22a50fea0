/**
 * Checkpoints that resume: parameters, AdamW moments, step, loop position and seed, config and metrics, in a folder
 *
 *   <dir>/step-000010/manifest.json   what is where (JSON)
 *   <dir>/step-000010/tensors.bin     every tensor, little-endian float32, packed at the manifest's byte offsets
 *   <dir>/latest.json                 { "checkpoint": "step-000010" }
 *
 * Each checkpoint is written to a temporary folder and renamed into place, then latest.json is replaced by rename,
 * so a crash mid-write leaves the previous checkpoint intact and pointed to.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { createHostTensor, shapeSize, type HostTensor } from './host-tensor';
import type { HostParams } from './param-tree';
import { TrainingError } from './training-error';

const FORMAT = 'medtvt-training-checkpoint/1';
/** The file is little-endian float32 on every host; a byte copy is only right on little-endian ones. */
const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/** Where the training loop stands: resuming continues from here. */
export type LoopPosition = {
  /** Updates made. */
  step: number;
  /** Current epoch (0-based) and batches of it already consumed. */
  epoch: number;
  batchInEpoch: number;
  /** The run seed: batches and any randomness are derived from (seed, epoch, step). */
  seed: number | string;
};

/** Everything a checkpoint holds. */
export type Checkpoint = {
  position: LoopPosition;
  params: HostParams;
  /** AdamW first and second moments, same names as params. */
  m: HostParams;
  v: HostParams;
  /** The run's configuration (JSON). */
  config: unknown;
  /** Metrics so far (JSON), e.g. the loss history. */
  metrics: unknown;
};

type TensorEntry = { group: 'params' | 'm' | 'v'; name: string; shape: number[]; offset: number; length: number };
type Manifest = {
  format: string;
  position: LoopPosition;
  config: unknown;
  metrics: unknown;
  tensors: TensorEntry[];
};

/** Folder name of the checkpoint at `step`. */
export function checkpointName(step: number): string {
  return `step-${String(step).padStart(6, '0')}`;
}

/** Writes a checkpoint atomically under `dir`; returns its folder. */
export async function saveCheckpoint(dir: string, checkpoint: Checkpoint): Promise<string> {
  const name = checkpointName(checkpoint.position.step);
  const finalDir = join(dir, name);
  const tempDir = join(dir, `.${name}.tmp-${process.pid}`);
  const entries: TensorEntry[] = [];
  let offset = 0;
  for (const group of ['params', 'm', 'v'] as const) {
    for (const tensorName of Object.keys(checkpoint[group]).sort()) {
      const tensor = checkpoint[group][tensorName] as HostTensor;
      entries.push({ group, name: tensorName, shape: [...tensor.shape], offset, length: tensor.data.length });
      offset += tensor.data.length * 4;
    }
  }
  const bytes = Buffer.alloc(offset);
  for (const entry of entries) {
    const data = (checkpoint[entry.group][entry.name] as HostTensor).data;
    if (LITTLE_ENDIAN_HOST) Buffer.from(data.buffer, data.byteOffset, data.byteLength).copy(bytes, entry.offset);
    else for (let i = 0; i < data.length; i++) bytes.writeFloatLE(data[i] as number, entry.offset + i * 4);
  }
  const manifest: Manifest = {
    format: FORMAT,
    position: checkpoint.position,
    config: checkpoint.config,
    metrics: checkpoint.metrics,
    tensors: entries,
  };
  await rm(tempDir, { recursive: true, force: true });
  await mkdir(tempDir, { recursive: true });
  await writeFile(join(tempDir, 'tensors.bin'), bytes);
  await writeFile(join(tempDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await rm(finalDir, { recursive: true, force: true });
  await rename(tempDir, finalDir);
  const latestTemp = join(dir, `.latest.json.tmp-${process.pid}`);
  await writeFile(latestTemp, `${JSON.stringify({ checkpoint: name })}\n`);
  await rename(latestTemp, join(dir, 'latest.json'));
  return finalDir;
}

/** The latest checkpoint under `dir`, or undefined when there is none (no latest.json). */
export async function loadLatestCheckpoint(dir: string): Promise<Checkpoint | undefined> {
  let latestText: string;
  try {
    latestText = await readFile(join(dir, 'latest.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TrainingError(`checkpoint: cannot read ${join(dir, 'latest.json')}`, { cause: error });
  }
  const latest = JSON.parse(latestText) as { checkpoint?: unknown };
  if (typeof latest.checkpoint !== 'string') {
    throw new TrainingError(`checkpoint: ${join(dir, 'latest.json')} has no "checkpoint" name`);
  }
  return loadCheckpoint(join(dir, latest.checkpoint));
}

/** Reads one checkpoint folder. */
export async function loadCheckpoint(folder: string): Promise<Checkpoint> {
  const manifestPath = join(folder, 'manifest.json');
  const binPath = join(folder, 'tensors.bin');
  let manifest: Manifest;
  let bytes: Buffer;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
    bytes = await readFile(binPath);
  } catch (error) {
    throw new TrainingError(`checkpoint: cannot read ${folder}`, { cause: error });
  }
  if (manifest.format !== FORMAT) {
    throw new TrainingError(
      `checkpoint: ${manifestPath} has format "${String(manifest.format)}", expected "${FORMAT}"`,
    );
  }
  const out: Checkpoint = {
    position: manifest.position,
    params: {},
    m: {},
    v: {},
    config: manifest.config,
    metrics: manifest.metrics,
  };
  for (const entry of manifest.tensors) {
    if (entry.length !== shapeSize(entry.shape) || entry.offset + entry.length * 4 > bytes.length) {
      throw new TrainingError(
        `checkpoint: tensor ${entry.group}/${entry.name} in ${manifestPath} does not fit ${binPath}`,
      );
    }
    const data = new Float32Array(entry.length);
    if (LITTLE_ENDIAN_HOST)
      new Uint8Array(data.buffer).set(bytes.subarray(entry.offset, entry.offset + entry.length * 4));
    else for (let i = 0; i < entry.length; i++) data[i] = bytes.readFloatLE(entry.offset + i * 4);
    out[entry.group][entry.name] = createHostTensor(entry.shape, data);
  }
  return out;
}

/**
 * The training loop: batches → AdamW steps with the cosine schedule and clipping, a progress bar, periodic atomic
 * checkpoints, and resumption from the latest checkpoint in `dir` that continues the same trajectory.
 *
 * Determinism: `batches({ epoch, seed })` must give the same batches in the same order for the same arguments (draw
 * any shuffling from `new Random(seed).fork(epoch)`); on resume the loop re-creates the current epoch and skips the
 * batches already consumed, so 10 straight steps and 5 + resume + 5 see the same data.
 */
import type { AdamWConfig } from './adamw';
import { loadLatestCheckpoint, saveCheckpoint, type LoopPosition } from './checkpoint';
import { fromParamTree, type HostParams } from './param-tree';
import { ProgressBar, type ProgressStream } from './progress';
import { learningRateAt, type CosineSchedule } from './schedule';
import { Trainer, type Batch, type LossFn } from './train-step';

/** One logged step. */
export type StepRecord = { step: number; loss: number; lr: number; gradNorm: number };

export type TrainOptions = {
  /** Stop after this many updates in total (counting resumed ones)… */
  steps?: number;
  /** …or after this many passes over `batches`. */
  epochs?: number;
  /** The batches of one epoch, deterministic in (epoch, seed). */
  batches: (at: { epoch: number; seed: number | string }) => Iterable<Batch>;
  lossFn: LossFn;
  /** Initial parameters (ignored when resuming from a checkpoint). */
  params: HostParams;
  optimiser: AdamWConfig;
  schedule: CosineSchedule;
  /** Max global gradient norm (omit for none). */
  clip?: number;
  /** Run seed, recorded in checkpoints and passed to `batches`. */
  seed?: number | string;
  /** jit-compile the step (default true). */
  jit?: boolean;
  /** Folder for checkpoints; with it the run resumes from `latest.json` when present. */
  dir?: string;
  /** Save a checkpoint every this many steps (and at the end) when `dir` is set. */
  checkpointEvery?: number;
  /** Recorded in each checkpoint's manifest (JSON). */
  config?: unknown;
  /** Called after each step. */
  onProgress?: (record: StepRecord) => void;
  /** Progress output: a stream (stderr by default) or false for none. */
  progress?: ProgressStream | false;
  label?: string;
};

export type TrainResult = {
  params: HostParams;
  steps: number;
  /** Steps run in this call (fewer than `steps` when resumed). */
  history: StepRecord[];
  resumedFrom: number | undefined;
  /** Mean wall time of one step in this call, ms. */
  msPerStep: number;
};

/** Runs the loop; returns the final parameters on the host (all arrays freed). */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const seed = options.seed ?? 0;
  const checkpoint = options.dir === undefined ? undefined : await loadLatestCheckpoint(options.dir);
  let position: LoopPosition = checkpoint?.position ?? { step: 0, epoch: 0, batchInEpoch: 0, seed };
  const totalSteps = options.steps ?? (options.epochs ?? 1) * countBatches(options, seed);
  const state = checkpoint
    ? Trainer.restoredState(checkpoint.params, checkpoint.m, checkpoint.v, position.step)
    : Trainer.initialState(options.params);
  const trainer = new Trainer(options.lossFn, state, {
    optimiser: options.optimiser,
    clip: options.clip,
    jit: options.jit,
  });
  const bar =
    options.progress === false
      ? undefined
      : new ProgressBar({ totalSteps, stream: options.progress, label: options.label, startStep: position.step });
  const previous = (checkpoint?.metrics as { history?: StepRecord[] } | undefined)?.history ?? [];
  const history: StepRecord[] = [];
  const started = performance.now();
  const save = async () => {
    if (options.dir === undefined) return;
    const current = trainer.current;
    await saveCheckpoint(options.dir, {
      position,
      params: await fromParamTree(current.params),
      m: await fromParamTree(current.m),
      v: await fromParamTree(current.v),
      config: options.config ?? null,
      metrics: { history: [...previous, ...history] },
    });
  };
  try {
    while (position.step < totalSteps && (options.epochs === undefined || position.epoch < options.epochs)) {
      let index = 0;
      for (const batch of options.batches({ epoch: position.epoch, seed: position.seed })) {
        if (index++ < position.batchInEpoch) continue;
        const lr = learningRateAt(options.schedule, position.step);
        const { loss, gradNorm } = await trainer.step(batch, lr);
        position = { ...position, step: position.step + 1, batchInEpoch: position.batchInEpoch + 1 };
        const record = { step: position.step, loss, lr, gradNorm };
        history.push(record);
        bar?.update(record);
        options.onProgress?.(record);
        const every = options.checkpointEvery;
        if (every !== undefined && position.step % every === 0 && position.step < totalSteps) await save();
        if (position.step >= totalSteps) break;
      }
      if (position.step >= totalSteps || index === 0) break;
      // The epoch ran out: the next one starts from its first batch.
      position = { ...position, epoch: position.epoch + 1, batchInEpoch: 0 };
    }
    await save();
    return {
      params: await fromParamTree(trainer.params),
      steps: position.step,
      history,
      resumedFrom: checkpoint?.position.step,
      msPerStep: history.length > 0 ? (performance.now() - started) / history.length : 0,
    };
  } finally {
    trainer.dispose();
  }
}

/** Batches in epoch 0, for `epochs`-bounded runs (the bar needs a total). */
function countBatches(options: TrainOptions, seed: number | string): number {
  let n = 0;
  for (const _batch of options.batches({ epoch: 0, seed })) n++;
  return n;
}

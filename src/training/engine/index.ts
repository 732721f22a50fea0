/**
 * The training engine: a thin layer over @jax-js/jax (wasm device) that keeps jax-js behind one interface and hides
 * reference counting from model code. Start with `await initEngine()`.
 */
export { initEngine, currentEngine, type Engine, type EngineOptions } from './engine';
export { jaxModule, type JaxModule } from './jax-module';
export { createHostTensor, shapeSize, type HostTensor } from './host-tensor';
export {
  toParamTree,
  fromParamTree,
  refTree,
  zerosLikeTree,
  disposeTree,
  countParameters,
  type ParamTree,
  type HostParams,
} from './param-tree';
export { borrowTree, type BorrowedTree } from './borrowed-tree';
export { initialise, initialiseParams, fans, type Initialiser, type ParamSpec } from './initialisers';
export {
  adamWUpdate,
  adamWScalars,
  defaultDecayMask,
  DEFAULT_ADAMW,
  PAPER_ADAMW,
  type AdamWConfig,
  type AdamWState,
  type AdamWScalars,
} from './adamw';
export { learningRateAt, type CosineSchedule } from './schedule';
export { clipByGlobalNorm } from './clip';
export {
  Trainer,
  type Batch,
  type LossFn,
  type StepResult,
  type TrainerState,
  type TrainStepOptions,
} from './train-step';
export {
  saveCheckpoint,
  loadCheckpoint,
  loadLatestCheckpoint,
  checkpointName,
  type Checkpoint,
  type LoopPosition,
} from './checkpoint';
export { ProgressBar, formatDuration, type ProgressStream, type ProgressUpdate } from './progress';
export { train, type TrainOptions, type TrainResult, type StepRecord } from './train';
export * as ops from './ops';
export { TrainingError, isTrainingError } from './training-error';

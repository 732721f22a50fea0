/**
 * Loads the model package (MODEL_DIR) in the background, so that the server listens at once and answers 503 on
 * hooks (and "not ready" on /readyz) until the model is there, or with the reason it could not be loaded (a missing
 * package, a checksum that does not match).
 */
import { createAssessor } from '../../src/model/assessment/create-assessor';
import { OnnxPerceptionModel } from '../../src/model/runtime/onnx-perception-model';
import type { AppConfig, Logger, LruByteCache } from '../../src/shared/index';
import type { AssessorState } from '../deps';

export interface BackgroundModel {
  /** The current state, for CdsDeps.assessor. */
  state(): AssessorState;
  /** Settles when loading ended, either way. */
  readonly loaded: Promise<void>;
  /** Releases the model when it was loaded. */
  close(): Promise<void>;
}

/**
 * Starts loading.
 * @param config - MODEL_DIR, MODEL_EXECUTION_PROVIDER, MODEL_THREADS, MODEL_ORT_SPINNING
 * @param cache - derived-data cache for the ECG/CXR tensors and ECG measurements (none by default)
 */
export function loadModelInBackground(config: AppConfig, logger: Logger, cache?: LruByteCache): BackgroundModel {
  let state: AssessorState = { status: 'loading' };
  let model: OnnxPerceptionModel | undefined;
  const loaded = OnnxPerceptionModel.load(config.MODEL_DIR, {
    executionProvider: config.MODEL_EXECUTION_PROVIDER,
    ...(config.MODEL_THREADS > 0 ? { intraOpThreads: config.MODEL_THREADS } : {}),
    allowSpinning: config.MODEL_ORT_SPINNING,
    ...(cache ? { cache } : {}),
    logger,
  }).then(
    (loadedModel) => {
      model = loadedModel;
      state = { status: 'ready', assessor: createAssessor({ model: loadedModel, ...(cache ? { cache } : {}) }) };
    },
    (error: unknown) => {
      const reason = `${config.MODEL_DIR}: ${error instanceof Error ? error.message : String(error)}`;
      state = { status: 'unavailable', reason };
      logger.warn({ modelDir: config.MODEL_DIR, reason }, 'no model loaded: CDS hooks answer 503');
    },
  );
  return {
    state: () => state,
    loaded,
    async close() {
      await loaded;
      await model?.close();
    },
  };
}

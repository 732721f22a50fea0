import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import * as ort from 'onnxruntime-node';
import {
  AppError,
  MODALITIES,
  ModelInputError,
  type Logger,
  type LruByteCache,
  type Modality,
  type MultimodalRecord,
} from '../../shared';
import { loadModelPackage, type ModelPackage } from '../package/load-model-package';
import type {
  AssessOptions,
  HostTensor,
  PerceptionInput,
  PerceptionModel,
  PerceptionOutput,
  PerceptionResult,
} from '../perception-model';
import { checkPerceptionGraph, PERCEPTION_INPUT_NAMES, PERCEPTION_OUTPUT_NAMES } from './check-perception-graph';
import { createSession, type ExecutionProvider } from './create-session';
import { MicroBatcher, type MicroBatcherStats } from './micro-batcher';
import { joinPerceptionInputs, splitPerceptionOutputs, type PerceptionTensors } from './perception-batch';
import { createPackagePreprocessor } from './package-preprocessor';
import {
  addInputGuard,
  GUARDABLE_INPUTS,
  guardedInputErrors,
  INPUT_GUARD_OUTPUT,
  probeInputGuard,
} from './perception-input-guard';
import type { RecordPreprocessor } from './record-preprocessor';
import { toPerceptionResult } from './to-perception-result';
import {
  validatePerceptionInput,
  type GuardableInput,
  type PerceptionInputSpec,
  type ValidatePerceptionInputOptions,
} from './validate-perception-input';

/** Options of {@link OnnxPerceptionModel.load}. */
export interface OnnxPerceptionModelOptions {
  /** Provider to try first; cpu when it cannot be used (default cpu). */
  executionProvider?: ExecutionProvider;
  /** Threads of onnxruntime's intra-op pool. */
  intraOpThreads?: number;
  /** Let the intra-op pool spin between runs (onnxruntime's default; off by default here, see createSession). */
  allowSpinning?: boolean;
  /** Most rows in one session run (default 32). */
  maxBatch?: number;
  /** Longest a request waits for company while a run is in flight (default 2 ms). */
  maxWaitMs?: number;
  logger?: Logger;
  /** Record → tensors for `assess` (default: src/model/preprocess with the package's input settings and lab ECDF). */
  preprocessor?: RecordPreprocessor;
  /** Derived-data cache of the default preprocessor's ECG and CXR tensors (none by default). */
  cache?: LruByteCache;
}

/** Counters of the runtime: requests, session runs and rows since load. */
export type OnnxPerceptionModelStats = MicroBatcherStats;

interface Request {
  input: PerceptionInput;
}

interface Response {
  tensors: PerceptionTensors;
  inferenceMs: number;
  /** Set when the request's input holds a NaN or ±Infinity that the session's input guard found. */
  error?: ModelInputError;
}

const OUTPUT_NAMES = [
  PERCEPTION_OUTPUT_NAMES.logits,
  PERCEPTION_OUTPUT_NAMES.modalityWeights,
  PERCEPTION_OUTPUT_NAMES.tokens,
];

function toOrt(tensor: HostTensor): ort.Tensor {
  return new ort.Tensor('float32', tensor.data, tensor.shape);
}

function fromOrt(value: ort.OnnxValue | undefined, name: string): HostTensor {
  if (!value || !(value.data instanceof Float32Array)) {
    throw new AppError('model-output', `perception graph output "${name}" is missing or not float32`);
  }
  return { shape: [...value.dims], data: value.data };
}

/**
 * The perception model on onnxruntime-node: a validated model package, one session on the chosen execution provider
 * (cpu fallback, logged), input validation (shapes, the mask, and NaN/±Infinity in any input the graph cannot check
 * itself, in JavaScript before the run; NaN/±Infinity in the others by the session's `input_guard` output, added to
 * the graph in memory, see perception-input-guard.ts), and micro-batching of concurrent calls into shared runs.
 */
export class OnnxPerceptionModel implements PerceptionModel {
  readonly model: { name: string; version: string };
  private readonly spec: PerceptionInputSpec;
  private readonly batcher: MicroBatcher<Request, Response>;
  /** Inputs whose NaN/±Infinity check runs in the session (`input_guard`); the others are scanned in JavaScript. */
  readonly guardedInputs: readonly GuardableInput[];
  private readonly validation: ValidatePerceptionInputOptions;
  private readonly outputNames: string[];
  private closed = false;

  private constructor(
    readonly modelPackage: ModelPackage,
    private readonly session: ort.InferenceSession,
    /** The provider the session actually runs on (cpu after a fallback). */
    readonly executionProvider: ExecutionProvider,
    private readonly preprocessor: RecordPreprocessor,
    /** Inputs whose NaN/±Infinity check the session does through `input_guard`. */
    guardedInputs: readonly GuardableInput[],
    options: OnnxPerceptionModelOptions,
  ) {
    const { manifest } = modelPackage;
    this.model = { name: manifest.name, version: manifest.version };
    this.spec = perceptionInputSpec(modelPackage);
    this.guardedInputs = guardedInputs;
    this.validation = { finiteCheckedBySession: guardedInputs };
    this.outputNames = guardedInputs.length > 0 ? [...OUTPUT_NAMES, INPUT_GUARD_OUTPUT] : OUTPUT_NAMES;
    this.batcher = new MicroBatcher((requests) => this.runBatch(requests), {
      maxBatch: options.maxBatch ?? 32,
      maxWaitMs: options.maxWaitMs ?? 2,
    });
  }

  /**
   * Loads and validates the package in `dir`, opens its perception graph and checks the graph's inputs and outputs.
   *
   * @param dir - model package folder
   * @param options - execution provider, threads, batching, logger, preprocessor
   * @throws ModelPackageError when the package or its graph breaks the contract
   */
  static async load(dir: string, options: OnnxPerceptionModelOptions = {}): Promise<OnnxPerceptionModel> {
    const modelPackage = await loadModelPackage(dir);
    const preprocessor =
      options.preprocessor ??
      (await createPackagePreprocessor(modelPackage, options.cache ? { cache: options.cache } : {}));
    const { session, executionProvider, guardedInputs } = await openPerceptionSession(modelPackage, options);
    options.logger?.info(
      { model: modelPackage.manifest.name, version: modelPackage.manifest.version, executionProvider },
      'perception model loaded',
    );
    return new OnnxPerceptionModel(modelPackage, session, executionProvider, preprocessor, guardedInputs, options);
  }

  async infer(batch: PerceptionInput): Promise<PerceptionOutput> {
    this.assertOpen();
    const rows = validatePerceptionInput(batch, this.spec, this.validation);
    const { output, queueMs, batchRows } = await this.batcher.submit({ input: batch }, rows);
    if (output.error) throw output.error;
    return { ...output.tensors, run: { queueMs, inferenceMs: output.inferenceMs, batchRows } };
  }

  async assess(record: MultimodalRecord, options: AssessOptions = {}): Promise<PerceptionResult> {
    const started = performance.now();
    this.assertOpen();
    const allowed = options.modalities ?? MODALITIES;
    const wanted = MODALITIES.filter((m) => allowed.includes(m) && record[m] !== undefined);
    const tensors = await this.preprocessor.preprocess(record, wanted);
    const preprocessMs = performance.now() - started;

    const used = new Set<Modality>(MODALITIES.filter((m) => wanted.includes(m) && tensors[m] !== undefined));
    if (used.size === 0) {
      throw new ModelInputError('mask', `record of patient ${record.patientId} has none of ecg, cxr, labs to assess`);
    }
    const output = await this.infer(this.singleRow(tensors, used));
    const excluded = MODALITIES.filter((m) => !allowed.includes(m) && record[m] !== undefined).map((m) => ({
      modality: m,
      kind: 'absent' as const,
      message: `${m} left out by the caller`,
    }));
    return toPerceptionResult(output, {
      manifest: this.modelPackage.manifest,
      used,
      issues: [...record.issues, ...tensors.issues, ...excluded],
      preprocessMs,
      totalMs: performance.now() - started,
    });
  }

  /** Requests, session runs and rows since load. */
  stats(): OnnxPerceptionModelStats {
    return this.batcher.stats();
  }

  /** Lets queued and running batches finish, then releases the session. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.batcher.drain();
    await this.session.release();
  }

  private assertOpen(): void {
    if (this.closed) throw new AppError('model-closed', `perception model ${this.model.name} is closed`);
  }

  /** A batch of one from a record's tensors: absent modalities are zeros with mask 0. */
  private singleRow(tensors: { ecg?: Float32Array; cxr?: Float32Array; labs?: Float32Array }, used: Set<Modality>) {
    const row = (modality: Modality, dims: readonly number[]): HostTensor => {
      const size = dims.reduce((a, b) => a * b, 1);
      const data = used.has(modality) ? (tensors[modality] as Float32Array) : new Float32Array(size);
      return { shape: [1, ...dims], data };
    };
    return {
      ecg: row('ecg', this.spec.ecg),
      cxr: row('cxr', this.spec.cxr),
      labs: row('labs', this.spec.labs),
      modalityMask: {
        shape: [1, MODALITIES.length],
        data: Float32Array.from(MODALITIES, (m) => (used.has(m) ? 1 : 0)),
      },
    };
  }

  private async runBatch(requests: Request[]): Promise<Response[]> {
    // A lone request (the usual case at batch 1) runs on its own tensors: no join, no split, no per-request arrays.
    const lone = requests.length === 1 ? requests[0] : undefined;
    const input = lone ? lone.input : joinPerceptionInputs(requests.map((r) => r.input));
    const feeds = {
      [PERCEPTION_INPUT_NAMES.ecg]: toOrt(input.ecg),
      [PERCEPTION_INPUT_NAMES.cxr]: toOrt(input.cxr),
      [PERCEPTION_INPUT_NAMES.labs]: toOrt(input.labs),
      [PERCEPTION_INPUT_NAMES.modalityMask]: toOrt(input.modalityMask),
    };
    const started = performance.now();
    const results = await this.session.run(feeds, this.outputNames);
    const inferenceMs = performance.now() - started;
    const tensors: PerceptionTensors = {
      logits: fromOrt(results[PERCEPTION_OUTPUT_NAMES.logits], PERCEPTION_OUTPUT_NAMES.logits),
      modalityWeights: fromOrt(
        results[PERCEPTION_OUTPUT_NAMES.modalityWeights],
        PERCEPTION_OUTPUT_NAMES.modalityWeights,
      ),
      tokens: fromOrt(results[PERCEPTION_OUTPUT_NAMES.tokens], PERCEPTION_OUTPUT_NAMES.tokens),
    };
    const errors = this.guardErrors(requests, results);
    if (lone) return [{ tensors, inferenceMs, ...(errors?.[0] ? { error: errors[0] } : {}) }];
    const parts = splitPerceptionOutputs(
      tensors,
      requests.map((r) => r.input.ecg.shape[0] as number),
    );
    return parts.map((part, i) => {
      const error = errors?.[i];
      return error ? { tensors: part, inferenceMs, error } : { tensors: part, inferenceMs };
    });
  }

  /** Each request's NaN/±Infinity error when the run's input guard fired, else undefined (the usual case). */
  private guardErrors(
    requests: readonly Request[],
    results: ort.InferenceSession.ReturnType,
  ): Array<ModelInputError | undefined> | undefined {
    if (this.guardedInputs.length === 0) return undefined;
    const guard = results[INPUT_GUARD_OUTPUT]?.data;
    if (!(guard instanceof Float32Array) || guard.length !== 1) {
      throw new AppError(
        'model-output',
        `perception graph output "${INPUT_GUARD_OUTPUT}" is missing or not a float32 scalar`,
      );
    }
    if (Number.isFinite(guard[0] as number)) return undefined;
    return guardedInputErrors(
      requests.map((r) => r.input),
      this.guardedInputs,
    );
  }
}

/**
 * Opens the package's perception graph with the input guard added (perception-input-guard.ts), checks the graph
 * against the package contract, and probes the guard on the provider the session got; logs which inputs the session
 * checks for NaN/±Infinity and which are left to JavaScript, and why.
 */
async function openPerceptionSession(
  modelPackage: ModelPackage,
  options: OnnxPerceptionModelOptions,
): Promise<{ session: ort.InferenceSession; executionProvider: ExecutionProvider; guardedInputs: GuardableInput[] }> {
  const spec = perceptionInputSpec(modelPackage);
  // loadModelPackage has checked the file against the manifest's SHA-256; the guard is added to these bytes in memory.
  const graph = addInputGuard(await readFile(modelPackage.paths.perception), spec);
  const file = relative(modelPackage.dir, modelPackage.paths.perception);
  const { session, executionProvider } = await createSession(graph.bytes, {
    graphName: graph.guarded.length > 0 ? `${file} (with ${INPUT_GUARD_OUTPUT})` : file,
    executionProvider: options.executionProvider ?? 'cpu',
    ...(options.intraOpThreads !== undefined ? { intraOpThreads: options.intraOpThreads } : {}),
    ...(options.allowSpinning !== undefined ? { allowSpinning: options.allowSpinning } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  try {
    checkPerceptionGraph(session, { dir: modelPackage.dir, file }, spec, modelPackage.manifest.diseases.length);
    const probe =
      graph.guarded.length > 0
        ? await probeInputGuard(session, spec, graph.guarded, toOrt)
        : { confirmed: [], rejected: [] };
    for (const reason of probe.rejected) {
      options.logger?.warn(
        { executionProvider, graph: file },
        `input guard not used, this input is checked for NaN/Infinity in JavaScript instead: ${reason}`,
      );
    }
    const guardedInputs = probe.confirmed;
    options.logger?.info(
      {
        graph: file,
        inputGuard: Object.fromEntries(
          guardedInputs.map((key) => [key, graph.taps[graph.guarded.indexOf(key)]?.path.join('→')]),
        ),
        checkedInJavaScript: GUARDABLE_INPUTS.filter((key) => !guardedInputs.includes(key)),
      },
      'perception input checks',
    );
    return { session, executionProvider, guardedInputs };
  } catch (error) {
    await session.release();
    throw error;
  }
}

/** Per-row input dimensions from the manifest. */
function perceptionInputSpec(modelPackage: ModelPackage): PerceptionInputSpec {
  const { ecg, cxr, labs } = modelPackage.manifest.inputs;
  return {
    ecg: [ecg.leads.length, ecg.samples],
    cxr: [cxr.channels, cxr.crop, cxr.crop],
    labs: [labs.labs.length * 2],
    modalityMask: [MODALITIES.length],
  };
}

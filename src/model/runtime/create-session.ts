/**
 * Creates an onnxruntime-node session on the requested execution provider, falling back to CPU with a logged reason.
 * onnxruntime-node 1.30 on Linux x64 bundles cpu and webgpu; cuda needs its provider libraries, which are downloaded
 * at install time only where the network allows (`ONNXRUNTIME_NODE_INSTALL=cuda12`). A missing library or a machine
 * without a GPU adapter makes `InferenceSession.create` throw, which is where the fallback catches it.
 */
import * as ort from 'onnxruntime-node';
import type { Logger } from '../../shared';

/** Execution providers the product can ask for. */
export const EXECUTION_PROVIDERS = ['cpu', 'cuda', 'webgpu'] as const;

export type ExecutionProvider = (typeof EXECUTION_PROVIDERS)[number];

export interface CreateSessionOptions {
  executionProvider: ExecutionProvider;
  /** Threads of the intra-op pool (onnxruntime's default: one per physical core). */
  intraOpThreads?: number;
  /**
   * Whether the intra-op pool's threads spin (busy-wait) for more work after each run, onnxruntime's default. Off
   * by default here: a server runs the graph a few ms at a time between other work, and a spinning pool burns the
   * cores that the event loop (JSON, FHIR mapping, signing) needs, for a gain of well under a millisecond per run.
   */
  allowSpinning?: boolean;
  logger?: Logger;
}

/** A session and the provider it actually runs on. */
export interface CreatedSession {
  session: ort.InferenceSession;
  executionProvider: ExecutionProvider;
}

/**
 * The session options createSession uses: `options`' provider, threads and spinning (see {@link
 * CreateSessionOptions.allowSpinning}; off unless asked for).
 */
export function sessionOptions(
  provider: ExecutionProvider,
  options: Pick<CreateSessionOptions, 'intraOpThreads' | 'allowSpinning'> = {},
): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    // 3 = error: onnxruntime's own warnings (e.g. unused initialisers) are not ours to surface.
    logSeverityLevel: 3,
    ...(options.intraOpThreads !== undefined ? { intraOpNumThreads: options.intraOpThreads } : {}),
    // Session config entry "session.intra_op.allow_spinning" (onnxruntime_session_options_config_keys.h); the node
    // binding flattens `extra` into such entries, and its values must be strings.
    ...(options.allowSpinning === true ? {} : { extra: { session: { intra_op: { allow_spinning: '0' } } } }),
  };
}

/**
 * Opens a graph on `options.executionProvider`; when that fails on a non-CPU provider, logs a warning naming the
 * requested provider and the error, and opens it on CPU. A failure on CPU is thrown as is (the graph itself is bad).
 *
 * @param graph - ONNX file path, or the serialised model (e.g. a package graph extended in memory)
 * @param options - provider, threads, spinning, logger; `graphName` names an in-memory graph in the logs
 */
export async function createSession(
  graph: string | Uint8Array,
  options: CreateSessionOptions & { graphName?: string },
): Promise<CreatedSession> {
  const requested = options.executionProvider;
  const name = options.graphName ?? (typeof graph === 'string' ? graph : 'in-memory graph');
  // Two calls rather than one on a union: the binding's overloads take a path or bytes, not either.
  const open = (provider: ExecutionProvider) =>
    typeof graph === 'string'
      ? ort.InferenceSession.create(graph, sessionOptions(provider, options))
      : ort.InferenceSession.create(graph, sessionOptions(provider, options));
  if (requested !== 'cpu') {
    try {
      const session = await open(requested);
      options.logger?.info({ executionProvider: requested, graph: name }, 'inference session created');
      return { session, executionProvider: requested };
    } catch (error) {
      options.logger?.warn(
        { requestedExecutionProvider: requested, executionProvider: 'cpu', graph: name, error: errorText(error) },
        `execution provider "${requested}" unavailable, falling back to cpu: ${errorText(error)}`,
      );
    }
  }
  const session = await open('cpu');
  options.logger?.info({ executionProvider: 'cpu', graph: name }, 'inference session created');
  return { session, executionProvider: 'cpu' };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

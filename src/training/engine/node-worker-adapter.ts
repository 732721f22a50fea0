/**
 * A browser-style global `Worker` for Node 20, on top of node:worker_threads.
 *
 * jax-js's wasm backend runs its kernels on a pool of Web Workers when `Worker` and `SharedArrayBuffer` exist, and
 * sizes the pool from `navigator.hardwareConcurrency`; Node 20 has neither global, so without this it runs every
 * kernel on the main thread. The pool builds its workers from a Blob URL holding plain script source and talks to
 * them with `postMessage`/`onmessage` only, strictly one reply per request: that is all this adapter implements.
 * It must be installed before '@jax-js/jax' is first loaded, because the backend decides at load time.
 */
import { resolveObjectURL } from 'node:buffer';
import { Worker as NodeWorker } from 'node:worker_threads';

/** Prepended to the pool's script: gives it the worker-global `self`, `onmessage` and `postMessage` it expects. */
const WORKER_PRELUDE = `const { parentPort } = require('node:worker_threads');
globalThis.self = globalThis;
globalThis.postMessage = (message) => parentPort.postMessage(message);
parentPort.on('message', (data) => { if (typeof globalThis.onmessage === 'function') globalThis.onmessage({ data }); });
`;

interface MessageLike {
  data: unknown;
}

/** The subset of the DOM Worker that jax-js's pool uses. */
class NodeBackedWorker {
  onmessage: ((event: MessageLike) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;
  private thread: NodeWorker | undefined;
  private readonly queued: unknown[] = [];
  /** Requests awaiting a reply: the thread keeps the process alive only while this is positive. */
  private inFlight = 0;

  constructor(url: string | URL) {
    const blob = resolveObjectURL(String(url));
    if (blob === undefined) throw new Error(`Worker adapter: the script URL ${String(url)} is not a live Blob URL`);
    blob.text().then(
      (source) => this.start(source),
      (error: unknown) =>
        this.onerror?.({ message: `Worker adapter: cannot read the worker script: ${String(error)}` }),
    );
  }

  postMessage(message: unknown): void {
    if (this.thread === undefined) {
      this.queued.push(message);
      return;
    }
    if (this.inFlight++ === 0) this.thread.ref();
    this.thread.postMessage(message);
  }

  terminate(): void {
    void this.thread?.terminate();
  }

  private start(source: string): void {
    const thread = new NodeWorker(WORKER_PRELUDE + source, { eval: true });
    thread.on('message', (data: unknown) => {
      if (--this.inFlight === 0) thread.unref();
      this.onmessage?.({ data });
    });
    thread.on('error', (error: Error) => this.onerror?.({ message: error.message }));
    // An idle pool must not keep a CLI or a jest worker from exiting.
    thread.unref();
    this.thread = thread;
    for (const message of this.queued.splice(0)) this.postMessage(message);
  }
}

/**
 * Installs the global `Worker` and `navigator.hardwareConcurrency` (the pool size jax-js reads).
 *
 * @param threads - Number of worker threads the wasm backend will split kernels over.
 */
export function installNodeWorkerGlobal(threads: number): void {
  Object.defineProperty(globalThis, 'Worker', { value: NodeBackedWorker, configurable: true, writable: true });
  const existing = (globalThis as { navigator?: object }).navigator;
  const navigatorLike = Object.create(existing ?? null) as object;
  Object.defineProperty(navigatorLike, 'hardwareConcurrency', { value: threads, enumerable: true });
  Object.defineProperty(globalThis, 'navigator', { value: navigatorLike, configurable: true, writable: true });
}

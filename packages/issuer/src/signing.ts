import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  importKeyFile,
  secureCredential,
  SecuringError,
  type ErrorCode,
  type JsonObject,
  type KeyPair,
  type SecuringFormat,
} from '@microcred/securing';

export interface SignRequest {
  credential: JsonObject;
  /** The key file JSON (with its secret) as stored in the keys table. */
  keyFile: string;
  format: SecuringFormat;
}

export interface SignResult {
  /** The secured credential (for jwt: the payload, i.e. the primary credential). */
  credential: JsonObject;
  jwt?: string;
}

/** Signs credentials; where it runs (this thread or a worker pool) is the implementation's business. */
export interface CredentialSigner {
  sign(request: SignRequest): Promise<SignResult>;
  close(): Promise<void>;
}

/** Imported keys by key file: importing checks the secret with a probe signature, too slow to repeat per credential. */
export function createKeyCache(limit = 64): (keyFile: string) => Promise<KeyPair> {
  const cache = new Map<string, Promise<KeyPair>>();
  return (keyFile) => {
    let key = cache.get(keyFile);
    if (!key) {
      key = importKeyFile(keyFile);
      key.catch(() => cache.delete(keyFile));
      if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
      cache.set(keyFile, key);
    }
    return key;
  };
}

export async function signWith(keys: (keyFile: string) => Promise<KeyPair>, request: SignRequest): Promise<SignResult> {
  const key = await keys(request.keyFile);
  const secured = await secureCredential(request.credential, { key, format: request.format });
  return secured.jwt === undefined ? { credential: secured.credential } : { credential: secured.credential, jwt: secured.jwt };
}

/**
 * Runs at most `n` tasks at once. Signing is CPU-bound: starting all of a
 * chunk's 500 signatures together only interleaves them, keeps 500 JSON-LD
 * expansions alive at once, and spends the time in garbage collection.
 */
export function concurrencyLimit(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** Signs on the calling thread: the default for tests and small deployments. */
export function inProcessSigner(): CredentialSigner {
  const keys = createKeyCache();
  const limit = concurrencyLimit(1);
  return { sign: (request) => limit(() => signWith(keys, request)), close: async () => undefined };
}

interface Pending {
  resolve: (result: SignResult) => void;
  reject: (error: Error) => void;
}

interface PoolWorker {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** What crosses the thread boundary when signing fails: a code and a message, never the key. */
export interface WorkerFailure {
  name: string;
  code?: string;
  message: string;
}

export function errorFromWorker(failure: WorkerFailure): Error {
  if (failure.name === 'SecuringError' && failure.code) return new SecuringError(failure.code as ErrorCode, failure.message);
  const error = new Error(failure.message);
  error.name = failure.name;
  return error;
}

/**
 * Signing in worker threads. Data Integrity signing is CPU-bound (JSON-LD
 * expansion and RDF canonicalisation, ~5 ms per micro-credential), so a
 * 10,000-credential batch on one thread would also stall every other
 * request for most of a minute. Requests go to the worker with the fewest
 * outstanding ones; a worker that dies fails its requests and is replaced.
 */
export function workerPoolSigner(options: { threads?: number } = {}): CredentialSigner {
  const size = Math.max(1, options.threads ?? Math.max(1, availableParallelism() - 1));
  const workers: PoolWorker[] = [];
  let nextId = 0;
  let closed = false;
  // Workers that die one after another (e.g. cannot load their modules) are not respawned forever.
  let consecutiveFailures = 0;
  let lastFailure: Error | undefined;

  const spawn = (): PoolWorker => {
    const worker = new Worker(new URL('./sign-worker.mjs', import.meta.url), {
      // jsonld allocates heavily per signature; the default worker young generation is small enough that scavenges took a third of the time.
      resourceLimits: { maxYoungGenerationSizeMb: 128 },
    });
    // An idle pool must not keep the process alive (a CLI command, a test).
    worker.unref();
    const entry: PoolWorker = { worker, pending: new Map() };
    worker.on('message', (message: { id: number; result?: SignResult; error?: WorkerFailure }) => {
      const pending = entry.pending.get(message.id);
      if (!pending) return;
      consecutiveFailures = 0;
      entry.pending.delete(message.id);
      if (entry.pending.size === 0) worker.unref();
      if (message.error) pending.reject(errorFromWorker(message.error));
      else pending.resolve(message.result as SignResult);
    });
    const fail = (error: Error) => {
      for (const pending of entry.pending.values()) pending.reject(error);
      entry.pending.clear();
      const index = workers.indexOf(entry);
      if (index < 0) return;
      workers.splice(index, 1);
      consecutiveFailures += 1;
      lastFailure = error;
      if (!closed && consecutiveFailures <= 3 * size) workers.push(spawn());
    };
    worker.on('error', (error) => fail(new Error(`a signing worker failed: ${error.message}`)));
    worker.on('exit', (code) => {
      if (!closed) fail(new Error(`a signing worker stopped (exit code ${code})`));
    });
    return entry;
  };
  for (let i = 0; i < size; i++) workers.push(spawn());

  return {
    sign(request) {
      if (closed) return Promise.reject(new Error('the signer is closed'));
      if (workers.length === 0) return Promise.reject(new Error(`no signing worker is running: ${lastFailure?.message ?? 'unknown failure'}`));
      let target = workers[0] as PoolWorker;
      for (const entry of workers) if (entry.pending.size < target.pending.size) target = entry;
      const id = nextId++;
      return new Promise<SignResult>((resolve, reject) => {
        target.pending.set(id, { resolve, reject });
        target.worker.ref();
        target.worker.postMessage({ id, request });
      });
    },
    async close() {
      closed = true;
      await Promise.all(workers.map((entry) => entry.worker.terminate()));
      for (const entry of workers) {
        for (const pending of entry.pending.values()) pending.reject(new Error('the signer was closed'));
      }
      workers.length = 0;
    },
  };
}
